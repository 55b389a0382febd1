"""Every email the app sends, as a record of delivery. The body is never stored: it is
written at the moment of sending from `kind` and `params`, which hold no health details."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMessage(models.Model):
    class Kind(models.TextChoices):
        URGENT_ALERT = "urgent-alert", _("Urgent case alert")
        URGENT_ESCALATION = "urgent-escalation", _("Urgent case not acknowledged: escalation")
        CLINIC_NOTICE = "clinic-notice", _("New application notice")
        CONFIRMATION = "confirmation", _("Application received")
        RESUME_LINK = "resume-link", _("Link to continue an application")
        REMINDER = "reminder", _("Reminder to finish an application")
        MORE_INFORMATION = "more-information", _("Request for more information")
        STAFF_INVITE = "staff-invite", _("Invitation to join the staff")
        PASSWORD_RESET = "password-reset", _("Link to set a new password")
        TEST = "test", _("Test email")

    class Recipient(models.TextChoices):
        CLIENT = "client", _("Client")
        CLINICIANS = "clinicians", _("Clinicians")
        CLINIC_ADMINS = "clinic-admins", _("Clinic admins")
        CLINIC = "clinic", _("The clinic's address")
        STAFF = "staff", _("A staff member")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RETRYING = "retrying", _("Retrying")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not needed any more")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    recipient = models.CharField(
        max_length=20, choices=Recipient.choices,
        help_text="Who it is for; an urgent alert records who it finally went to.")
    # Ids and flags only (an intake's id, "acute"): never an answer, a name or an address of
    # a client. The email itself is written from them when it is sent.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True,
                                  help_text="The kind of the last error, never its text.")
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # A problem (failed for good, or an urgent alert late) stays on every staff page until
    # someone marks it seen.
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_pending_idx"),
            models.Index(fields=["kind", "created_at"], name="outbox_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbox_sent_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.get_status_display()}"
