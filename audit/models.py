"""The app's own audit trail. It sits below every other app of ours, so each can record
what its services did (a view of a record, a change, a message that failed for good)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.records import append_only


class AuditEvent(models.Model):
    """Who saw or changed what, when, and from where. Rows are never edited."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        ACKNOWLEDGE = "acknowledge", _("Acknowledged an urgent case")
        ASSIGN = "assign", _("Assigned")
        NOTE = "note", _("Wrote a note")
        STATUS = "status", _("Changed the status")
        MESSAGE_FAILED = "message-failed", _("An email failed for good")
        MESSAGE_SEEN = "message-seen", _("Marked an email problem as seen")
        TEST_EMAIL = "test-email", _("Sent a test email")
        QUEUE_VIEW = "queue-view", _("Viewed the queue")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login-failed", _("Failed to log in")
        LOGOUT = "logout", _("Logged out")
        LOCKOUT = "lockout", _("Locked out after failed logins")
        MFA_ENROLLED = "mfa-enrolled", _("Set up two-step login")
        MFA_VERIFIED = "mfa-verified", _("Completed the second login step")
        MFA_FAILED = "mfa-failed", _("Failed the second login step")
        MFA_RESET = "mfa-reset", _("Reset someone's two-step login")
        BACKUP_CODES = "backup-codes", _("Made new backup codes")
        INVITE = "invite", _("Invited a staff member")
        INVITE_ACCEPTED = "invite-accepted", _("Accepted an invitation")
        PASSWORD_RESET_REQUESTED = "password-reset-requested", _("Asked for a password reset")
        PASSWORD_SET = "password-set", _("Set a new password")
        ROLE_CHANGE = "role-change", _("Changed a staff member's role")
        STAFF_DEACTIVATED = "staff-deactivated", _("Deactivated a staff account")
        STAFF_REACTIVATED = "staff-reactivated", _("Reactivated a staff account")
        HANDOVER = "handover", _("Handed over open cases")
        SETTINGS_CHANGE = "settings-change", _("Changed the clinic's settings")
        CONTENT_CHANGE = "content-change", _("Changed the clinic's content")
        ERASE = "erase", _("Erased a person's data")
        RETENTION = "retention", _("Applied the retention policy")
        CARE_START = "care-start", _("Started a course of care")
        SESSION_PLAN = "session-plan", _("Planned a dosing session")
        SESSION_CANCEL = "session-cancel", _("Cancelled a dosing session")
        MEASURE_ANSWERED = "measure-answered", _("The client answered a measure")
        CARE_LIST_VIEW = "care-list-view", _("Viewed the courses of care")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_events",
        null=True, blank=True, help_text="Empty for what the app did by itself.",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    intake = models.ForeignKey(
        "intake.Intake", on_delete=models.PROTECT, related_name="audit_events",
        null=True, blank=True,
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The hash chain (audit.chain): each row's keyed hash covers its content and the hash
    # of the row before, so a changed, inserted or removed row breaks the chain there.
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("export_queue", "Can export the intake queue as CSV")]
        triggers = [append_only()]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.intake_id} at {self.created_at}"
