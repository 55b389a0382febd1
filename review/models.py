from django.conf import settings
from django.db import models

from audit.records import append_only


class Acknowledgement(models.Model):
    """A clinician's acknowledgement of an urgent safety case: who, when, what was done.
    Nothing else can happen to an urgent intake before it."""

    intake = models.OneToOneField("intake.Intake", on_delete=models.PROTECT,
                                  related_name="acknowledgement")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action_taken = models.TextField()

    def __str__(self) -> str:
        return f"Acknowledged {self.intake_id} at {self.at}"


class Assignment(models.Model):
    """Who looks after an intake now (history is in the audit trail)."""

    intake = models.OneToOneField("intake.Intake", on_delete=models.PROTECT,
                                  related_name="assignment")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    assigned_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.intake_id} to {self.clinician_id}"


class Note(models.Model):
    """A clinician's note. Append-only: a correction is a new note pointing at the old."""

    intake = models.ForeignKey("intake.Intake", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    body = models.TextField()
    corrects = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="correction")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        triggers = [append_only()]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.intake_id}"


class StatsSnapshot(models.Model):
    """The statistics page's numbers as a queue job last counted them (review.stats): one
    row, replaced every few minutes. Counts only: nothing about any one client."""

    computed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1),
                                              name="review_stats_snapshot_single_row")]

    def __str__(self) -> str:
        return f"Statistics as of {self.computed_at:%Y-%m-%d %H:%M}"
