import uuid
from datetime import date

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.records import append_only, locked_once_submitted
from clinic.states import US_STATES
from screening import battery
from screening.candidacy import TIER_LABELS, Tier


class Client(models.Model):
    """A person who has submitted at least one intake, known by their email address."""

    email = models.EmailField(_("email"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="intake_client_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"Client {self.pk}"


class Intake(models.Model):
    """One application for KAP: contact details as given, answers, and where it stands."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in-review", _("In review")
        NEEDS_INFO = "needs-info", _("Needs information")
        APPROVED = "approved", _("Approved for consultation")
        NOT_SUITABLE = "not-suitable", _("Not suitable at this time")
        REFERRED = "referred", _("Referred elsewhere")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="intakes", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    first_name = models.CharField(_("legal first name"), max_length=100, blank=True)
    last_name = models.CharField(_("legal last name"), max_length=100, blank=True)
    preferred_name = models.CharField(_("name you'd like us to use"), max_length=100,
                                      blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact: name"), max_length=200,
                                              blank=True)
    emergency_contact_phone = models.CharField(_("emergency contact: phone"), max_length=40,
                                               blank=True)
    emergency_contact_relationship = models.CharField(
        _("emergency contact: how you know them"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    state = models.CharField(_("state you live in"), max_length=2, choices=US_STATES,
                             blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the client last sent it again after the clinic asked for more information.
    resubmitted_at = models.DateTimeField(null=True, blank=True)
    # The language the client used, so emails sent later (reminders) speak it too.
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en")
    # Reminders about an unfinished draft sent so far (at most two: after 2 and 7 days).
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # The safety net. Set the moment a saved page (or the submission) shows suicide risk,
    # in the transaction that queues the staff alert; it stays set (a changed answer does
    # not unsay it) and the case tops the queue until a clinician acknowledges it.
    urgent_since = models.DateTimeField(null=True, blank=True)
    urgent_acute = models.BooleanField(default=False)
    # Alerts queued for it so far: the first, the second, then each escalation.
    urgent_alerts = models.PositiveSmallIntegerField(default=0)
    # The assessment of the latest submission (the earlier ones stay in `assessments`).
    assessment = models.OneToOneField("CandidacyAssessment", on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    # Set when the person's data was erased (the clinic's retention policy, or a clinic
    # admin's "erase this person"): what is left is this row's status, times and safety
    # flags, so counts and the audit trail, which points here, still add up.
    erased_at = models.DateTimeField(null=True, blank=True)
    # The questionnaires this intake asks, as the clinic's settings stood when it started:
    # a later change of the settings leaves it alone (a trigger keeps it as it was made).
    questionnaires_asked = ArrayField(models.CharField(max_length=50),
                                      default=battery.every_questionnaire)

    class Meta:
        permissions = [("erase_intake", "Can erase a person's data")]
        constraints = [
            models.CheckConstraint(condition=Q(reminders_sent__lte=2),
                                   name="intake_at_most_two_reminders"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False)
                   & (Q(client__isnull=False) | Q(erased_at__isnull=False))),
                name="intake_submitted_has_time_and_client",
            ),
            models.CheckConstraint(
                condition=Q(urgent_since__isnull=False) | (Q(urgent_acute=False)
                                                           & Q(urgent_alerts=0)),
                name="intake_urgent_details_need_urgent_since",
            ),
            # Whatever else a clinic leaves out, every intake asks the suicide-risk screens.
            models.CheckConstraint(
                condition=Q(questionnaires_asked__contains=list(battery.SAFETY_QUESTIONNAIRES)),
                name="intake_asks_the_safety_questionnaires",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="questionnaires_asked_fixed", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange("questionnaires_asked")),
        ]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="intake_queue_idx"),
            models.Index(fields=["urgent_since"], name="intake_urgent_idx",
                         condition=Q(urgent_since__isnull=False)),
            # The queue's counts per status, and its open cases, read from the index alone.
            models.Index(fields=["status"], name="intake_status_idx",
                         condition=Q(erased_at__isnull=True)),
            # The queue's rows after its urgent ones, newest first, read up to the page.
            models.Index(fields=["-submitted_at", "id"], name="intake_newest_idx",
                         condition=Q(erased_at__isnull=True) & ~Q(status="draft")),
        ]

    def __str__(self) -> str:
        return f"Intake {self.pk}"

    @property
    def urgent(self) -> bool:
        return self.urgent_since is not None

    @property
    def questionnaires(self) -> tuple[str, ...]:
        """The questionnaires this intake asks, in the intake's order."""
        return battery.in_order(self.questionnaires_asked)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def called(self) -> str:
        """How to address the client: the name they asked us to use."""
        return self.preferred_name or self.first_name

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CurrentResponses(models.Manager):
    """`current()`: each questionnaire's newest row (the answers as they stand, drafts of
    pages reopened included); `for_staff()`: what the client has sent."""

    def current(self, *, sent_only: bool = False) -> models.QuerySet:
        rows = self.get_queryset()
        if sent_only:
            rows = rows.filter(submitted_at__isnull=False)
        newest = rows.order_by("questionnaire", "-id").distinct("questionnaire")
        return self.get_queryset().filter(pk__in=newest.values("pk")).order_by("id")

    def for_staff(self, intake: "Intake") -> models.QuerySet:
        """The answers as sent; an urgent draft (never sent) shows what is saved so far.
        Pages the client is answering again stay out until they are sent."""
        return self.current(sent_only=intake.submitted_at is not None)


class QuestionnaireResponse(models.Model):
    """The answers to one questionnaire, as {link_id: value}, under the version asked."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="responses")
    questionnaire = models.CharField(max_length=50)
    version = models.CharField(max_length=20)
    answers = models.JSONField(default=dict)
    # Link ids the branching skipped: not asked, which is not the same as unanswered.
    not_asked = models.JSONField(default=list)
    # The client chose to skip the whole questionnaire (after a content warning).
    declined = models.BooleanField(default=False)
    # False while the answers were saved part-way ("save and finish later"), or after the
    # clinic asked the client to look at them again.
    complete = models.BooleanField(default=True)
    # The instrument's score as computed under this version (screening.scoring.Score).
    score = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the intake is sent; from then on the row never changes. Answers looked at
    # again (the clinic asked for more) are a new row: the newest row of a questionnaire
    # is its current answers, and the older ones stay as they were sent.
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentResponses()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "questionnaire"], condition=Q(submitted_at__isnull=True),
                name="intake_one_draft_response_per_questionnaire",
            ),
        ]
        triggers = [locked_once_submitted()]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.version}"


class Assessments(models.Manager):
    def current(self) -> models.QuerySet:
        """Each intake's latest assessment only (the one Intake.assessment points at)."""
        return self.get_queryset().filter(intake__assessment=models.F("pk"))


class CandidacyAssessment(models.Model):
    """The screening result as computed at submission, with the rules and thresholds used."""

    # Every assessment made (one per submission) stays; Intake.assessment is the latest.
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="assessments")
    tier = models.CharField(max_length=20, choices=[(t.value, TIER_LABELS[t]) for t in Tier])
    # The tier under the safety override: what the answers say about candidacy.
    base_tier = models.CharField(max_length=20,
                                 choices=[(t.value, TIER_LABELS[t]) for t in Tier])
    urgent = models.BooleanField(default=False)
    acute = models.BooleanField(default=False)
    reasons = models.JSONField()
    scores = models.JSONField(default=dict)
    rules_version = models.CharField(max_length=40)
    thresholds = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = Assessments()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(urgent=False, acute=False) & ~Q(tier="urgent")
                | Q(urgent=True, tier="urgent"),
                name="intake_assessment_urgent_tier_agrees",
            ),
            models.CheckConstraint(condition=~Q(base_tier="urgent"),
                                   name="intake_assessment_base_tier_not_urgent"),
        ]
        triggers = [append_only()]

    def __str__(self) -> str:
        return f"{self.tier} ({self.rules_version})"


class StatusChange(models.Model):
    """Each move of an intake's status, the client's (submit, resubmit, withdraw) and the
    staff's alike, written by one service (`intake.services.status_move`). Decisions carry
    their reason code and note; a request for more information its message to the client."""

    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    reason_code = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True, help_text="For staff only.")
    message = models.TextField(
        blank=True, help_text="For \"needs information\": what the client is shown behind "
        "their link (never in the email).")
    # For "needs information": the pages (questionnaire codes, "contact") to revisit.
    revisit = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           related_name="+", help_text="Empty when the client moved it.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        triggers = [append_only()]
        indexes = [models.Index(fields=["intake", "at"], name="intake_status_history_idx")]

    def __str__(self) -> str:
        return f"{self.intake_id}: {self.from_status} to {self.to_status}"


class ResumeToken(models.Model):
    """A link that brings a client back to their draft. Only the token's hash is stored."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="resume_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Resume link for {self.intake_id}, until {self.expires_at:%Y-%m-%d}"


class ConsentSignature(models.Model):
    """The client's typed-name signature of one version of the consent document."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="consent")
    document = models.ForeignKey("clinic.ConsentDocument", on_delete=models.PROTECT,
                                 related_name="signatures")
    typed_name = models.CharField(max_length=200)
    signed_on = models.DateField()
    signed_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Set when the intake is sent: the signature is then frozen.
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        triggers = [locked_once_submitted()]

    def __str__(self) -> str:
        return f"Consent v{self.document.version} for {self.intake_id}"


class IneligibleVisit(models.Model):
    """Someone the early gate stopped: kept only as a count, with no personal details."""

    class Reason(models.TextChoices):
        UNDER_AGE = "under-age", _("Under the minimum age")
        OUTSIDE_STATES = "outside-states", _("Outside the states served")

    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_on = models.DateField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.reason} on {self.created_on}"
