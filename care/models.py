"""A course of care after an application is approved: the dosing sessions planned (their
day and setting only: orders and doses live in the clinic's EHR), the measurement plan,
each measure asked by link, and the answers, kept as given."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.records import append_only
from care import plan


class Course(models.Model):
    """One client's course, on the application a clinician approved for consultation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    intake = models.ForeignKey("intake.Intake", on_delete=models.PROTECT,
                               related_name="courses")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    started_on = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The measurement plan (defaults: the clinic settings).
    instruments = ArrayField(models.CharField(max_length=20))
    at_baseline = models.BooleanField(default=True)
    before_sessions = models.BooleanField(default=True)
    every_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(26)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intake"], condition=Q(ended_at__isnull=True),
                                    name="care_one_open_course_per_intake"),
            models.CheckConstraint(condition=~Q(instruments=[]),
                                   name="care_course_measures_something"),
        ]

    def __str__(self) -> str:
        return f"Course of {self.intake_id} from {self.started_on}"


class DosingSession(models.Model):
    class Setting(models.TextChoices):
        CLINIC = "clinic", _("In the clinic")
        HOME = "home", _("At home")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    on_date = models.DateField(_("day"))
    setting = models.CharField(_("setting"), max_length=10, choices=Setting.choices)
    label = models.CharField(_("label"), max_length=120, blank=True,
                             help_text=_("For the team, for example \"Session 2\". No "
                                         "doses or orders: the clinic's records keep "
                                         "those."))
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    planned_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["on_date", "id"]

    def __str__(self) -> str:
        return f"{self.label or 'Session'} on {self.on_date}"


class Measure(models.Model):
    """One occasion on which the client is asked the course's questionnaires (`care.plan`),
    with the link that asks them: single-use, expiring, stored only as a hash."""

    class Occasion(models.TextChoices):
        BASELINE = plan.BASELINE, _("Baseline")
        BEFORE_SESSION = plan.BEFORE_SESSION, _("Before a session")
        PERIODIC = plan.PERIODIC, _("Every few weeks")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="measures")
    occasion = models.CharField(max_length=20, choices=Occasion.choices)
    session = models.ForeignKey(DosingSession, on_delete=models.CASCADE, null=True,
                                blank=True, related_name="measures")
    ask_on = models.DateField()
    due_on = models.DateField()
    instruments = ArrayField(models.CharField(max_length=20))
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    links_sent = models.PositiveSmallIntegerField(default=0)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ask_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course"], condition=Q(occasion=plan.BASELINE),
                                    name="care_one_baseline_per_course"),
            models.UniqueConstraint(fields=["course", "session"],
                                    condition=Q(occasion=plan.BEFORE_SESSION),
                                    name="care_one_measure_per_session"),
            models.UniqueConstraint(fields=["course", "ask_on"],
                                    condition=Q(occasion=plan.PERIODIC),
                                    name="care_one_periodic_measure_per_day"),
            models.CheckConstraint(
                condition=Q(occasion=plan.BEFORE_SESSION, session__isnull=False)
                | (~Q(occasion=plan.BEFORE_SESSION) & Q(session__isnull=True)),
                name="care_session_measure_names_its_session"),
        ]
        indexes = [models.Index(fields=["due_on"], name="care_measure_open_idx",
                                condition=Q(completed_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} measure of {self.course_id}, due {self.due_on}"


class MeasureResponse(models.Model):
    """One questionnaire's answers on one measure, scored under its version, with the
    window the client was asked to think back over. Never changed once given."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="responses")
    questionnaire = models.CharField(max_length=50)
    version = models.CharField(max_length=20)
    answers = models.JSONField()
    not_asked = models.JSONField(default=list)
    score = models.JSONField(null=True)
    # The score's total, as its own column for charts and for finding who worsened.
    total = models.GeneratedField(expression=Cast(KT("score__total"), models.IntegerField()),
                                  output_field=models.IntegerField(null=True),
                                  db_persist=True)
    recall_days = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="How many days back the questions asked about (the instrument's recall "
                  "window); empty for one that names none (the ASQ: \"the past few weeks\").")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "questionnaire"],
                                    name="care_one_answer_per_questionnaire"),
        ]
        triggers = [append_only()]

    def __str__(self) -> str:
        return f"{self.questionnaire} on measure {self.measure_id}"


class CareAlert(models.Model):
    """A suicide-risk answer during a course of care: the same safety net as an
    application's (help at once for the client, an alert to the clinicians, the top of the
    queue, re-alerts and escalation until a clinician acknowledges it and says what was
    done). One open alert per course; a later acute answer makes it acute and alerts
    again."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="alerts")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="alerts")
    raised_at = models.DateTimeField(auto_now_add=True)
    acute = models.BooleanField(default=False)
    alerts_sent = models.PositiveSmallIntegerField(default=1)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")
    action_taken = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["course"], condition=Q(acknowledged_at__isnull=True),
                                    name="care_one_open_alert_per_course"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False)
                & ~Q(action_taken=""),
                name="care_alert_acknowledged_by_someone_saying_what"),
        ]
        indexes = [models.Index(fields=["raised_at"], name="care_alert_open_idx",
                                condition=Q(acknowledged_at__isnull=True))]

    def __str__(self) -> str:
        return f"Alert on {self.course_id} at {self.raised_at:%Y-%m-%d %H:%M}"
