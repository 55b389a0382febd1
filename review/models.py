from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who saw or changed a client's record, when, and from where. Rows are never edited."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    intake = models.ForeignKey(
        "intake.Intake", on_delete=models.PROTECT, related_name="audit_events",
        null=True, blank=True,
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.intake_id} at {self.created_at}"
