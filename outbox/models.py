"""Every email the app sends, as a record of delivery. The body is never stored: it is
written at the moment of sending from `kind` and `params`, which hold no health details.
A clinic may write its own words for some kinds (`EmailText`), never with health details
either: only the placeholders `outbox/texts.py` allows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.models import Language


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
        MEASURE_LINK = "measure-link", _("Link to a check-in during care")
        MEASURE_REMINDER = "measure-reminder", _("Reminder of a check-in during care")
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


# The emails a clinic may write in its own words (what each may say: `outbox/texts.py`).
# Not the staff alerts (their words are the safety pathway's) nor the password reset.
EDITABLE_KINDS = (
    OutgoingMessage.Kind.CONFIRMATION,
    OutgoingMessage.Kind.RESUME_LINK,
    OutgoingMessage.Kind.REMINDER,
    OutgoingMessage.Kind.MORE_INFORMATION,
    OutgoingMessage.Kind.STAFF_INVITE,
    OutgoingMessage.Kind.MEASURE_LINK,
    OutgoingMessage.Kind.MEASURE_REMINDER,
)


class EmailText(models.Model):
    """A clinic's own words for one kind of email in one language, sent instead of the
    shipped default. Only the placeholders `outbox/texts.py` lists for the kind may appear
    (checked when saved, and again when sent); what safety needs (the crisis lines, the
    clinic's signature) is added below by code, so no text can leave it out."""

    kind = models.CharField(_("email"), max_length=30,
                            choices=[(kind.value, kind.label) for kind in EDITABLE_KINDS])
    language = models.CharField(_("language"), max_length=5, choices=Language.choices,
                                default=Language.ENGLISH)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("email text")
        verbose_name_plural = _("email texts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"], name="outbox_email_text_one_per_language",
                violation_error_message=_("The clinic already has its own text for this "
                                          "email in this language: change that one.")),
            models.CheckConstraint(
                condition=models.Q(kind__in=[kind.value for kind in EDITABLE_KINDS]),
                name="outbox_email_text_editable_kinds"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_language_display()})"
