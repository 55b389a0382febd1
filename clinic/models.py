from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clinic.states import US_STATES
from screening import battery, definitions
from screening.change import MEASURED
from screening.definitions import pcl5


class Language(models.TextChoices):
    """The languages the clinic's own content is written in (settings.LANGUAGES)."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


def default_languages() -> list[str]:
    return [value for value, _label in Language.choices]


# Retention: a month at least (a client may still come back to a draft, a closed case may
# still be asked about), ten years at most.
RETENTION_MIN_DAYS, RETENTION_MAX_DAYS = 30, 3650


def default_measures() -> list[str]:
    return list(MEASURED)


def measures_validator(value: list[str]) -> None:
    unknown = sorted(set(value) - set(MEASURED))
    if unknown:
        raise ValidationError(_("Unknown questionnaire: %(codes)s."),
                              params={"codes": ", ".join(unknown)}, code="unknown")


def questionnaires_off_validator(value: list[str]) -> None:
    """Only the optional questionnaires may be turned off; the others say why not."""
    locked = [code for code in value if code in battery.LOCKED]
    if locked:
        raise ValidationError(
            [ValidationError(_("%(title)s cannot be turned off. %(why)s"),
                             params={"title": definitions.get(code).title,
                                     "why": battery.LOCKED[code]},
                             code="locked") for code in locked])
    unknown = sorted(set(value) - set(battery.OPTIONAL_CODES))
    if unknown:
        raise ValidationError(_("Unknown questionnaire: %(codes)s."),
                              params={"codes": ", ".join(unknown)}, code="unknown")


class ClinicProfile(models.Model):
    """The clinic's own settings. One row (id 1), made by a migration and edited in admin."""

    name = models.CharField(_("clinic name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    states_served = ArrayField(
        models.CharField(max_length=2, choices=US_STATES),
        verbose_name=_("states served"),
        default=list,
        blank=True,
        help_text=_("Where the clinic can see clients. Empty means not yet configured."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        default=18,
        validators=[MinValueValidator(18), MaxValueValidator(120)],
        help_text=_("KAP is offered to adults only; a clinic may set an older minimum."),
    )
    pcl5_cutoff = models.PositiveSmallIntegerField(
        _("PCL-5 cut-off"),
        default=pcl5.DEFAULT_CUTOFF,
        validators=[MinValueValidator(pcl5.CUTOFF_RANGE[0]),
                    MaxValueValidator(pcl5.CUTOFF_RANGE[1])],
        help_text=_("Total at or above which PCL-5 suggests probable PTSD: 31 to 33, as "
                    "the National Center for PTSD suggests."),
    )
    bp_rule_out_systolic = models.PositiveSmallIntegerField(
        _("blood pressure rule-out: systolic"), default=180,
        help_text=_("At or above this (or the diastolic limit), blood pressure is a "
                    "rule-out flag pending review."),
    )
    bp_rule_out_diastolic = models.PositiveSmallIntegerField(
        _("blood pressure rule-out: diastolic"), default=100
    )
    bp_review_systolic = models.PositiveSmallIntegerField(
        _("blood pressure review: systolic"), default=140,
        help_text=_("At or above this (or the diastolic limit), blood pressure needs "
                    "medical review."),
    )
    bp_review_diastolic = models.PositiveSmallIntegerField(
        _("blood pressure review: diastolic"), default=90
    )
    urgent_realert_minutes = models.PositiveSmallIntegerField(
        _("urgent cases: alert again after (minutes)"), default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text=_("An urgent case nobody has acknowledged by then is alerted to the "
                    "clinicians again."),
    )
    urgent_escalate_every_minutes = models.PositiveSmallIntegerField(
        _("urgent cases: then escalate every (minutes)"), default=15,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text=_("After the second alert, clinic admins and the clinic's address are "
                    "alerted at this interval until someone acknowledges the case."),
    )
    languages_offered = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("languages offered"), default=default_languages,
        help_text=_("The languages visitors may choose. English is always offered: it is "
                    "the version every page falls back to."),
    )
    retain_closed_days = models.PositiveSmallIntegerField(
        _("erase closed applications after (days)"), null=True, blank=True,
        validators=[MinValueValidator(RETENTION_MIN_DAYS),
                    MaxValueValidator(RETENTION_MAX_DAYS)],
        help_text=_("Applications closed as not suitable, referred elsewhere or withdrawn: "
                    "the person's details and answers are erased this many days after the "
                    "case was closed. Leave empty to keep them."),
    )
    retain_draft_days = models.PositiveSmallIntegerField(
        _("erase unfinished applications after (days)"), null=True, blank=True,
        validators=[MinValueValidator(RETENTION_MIN_DAYS),
                    MaxValueValidator(RETENTION_MAX_DAYS)],
        help_text=_("Applications never sent: erased this many days after they were last "
                    "saved. One that showed suicide risk waits until a clinician has "
                    "acknowledged it. Leave empty to keep them."),
    )
    # Stored as the ones turned off, so that a questionnaire added in a later release is
    # asked until a clinic decides otherwise; the admin shows the ones asked, ticked.
    questionnaires_off = ArrayField(
        models.CharField(max_length=50),
        verbose_name=_("questionnaires turned off"),
        default=list,
        blank=True,
        validators=[questionnaires_off_validator],
        help_text=_("Untick a questionnaire to leave it out of applications started from "
                    "now on; applications already started keep the questionnaires they "
                    "began with. The ones that cannot be turned off say why."),
    )
    # What a new course of care measures, and when (a clinician may change it per course).
    measure_instruments = ArrayField(
        models.CharField(max_length=20), verbose_name=_("questionnaires followed over care"),
        default=default_measures, blank=True, validators=[measures_validator],
        help_text=_("Asked again over a course of care, by an emailed link."),
    )
    measure_at_baseline = models.BooleanField(
        _("at the start of a course"), default=True,
        help_text=_("The baseline: asked when a clinician starts the course."))
    measure_before_sessions = models.BooleanField(
        _("before each dosing session"), default=True,
        help_text=_("Asked two days before each planned session."))
    measure_every_weeks = models.PositiveSmallIntegerField(
        _("and every (weeks)"), null=True, blank=True, default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text=_("Also asked this often from the start of the course while sessions "
                    "are planned. Leave empty for none."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("clinic settings")
        verbose_name_plural = _("clinic settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="clinic_profile_single_row"),
            models.CheckConstraint(condition=Q(minimum_age__gte=18), name="clinic_adults_only"),
            models.CheckConstraint(condition=Q(languages_offered__contains=["en"]),
                                   name="clinic_english_always_offered"),
            models.CheckConstraint(
                condition=Q(retain_closed_days__gte=RETENTION_MIN_DAYS)
                & Q(retain_draft_days__gte=RETENTION_MIN_DAYS),
                name="clinic_retention_not_too_short", violation_error_message=_(
                    "Keep applications at least 30 days.")),
            models.CheckConstraint(
                condition=Q(bp_review_systolic__lte=models.F("bp_rule_out_systolic"))
                & Q(bp_review_diastolic__lte=models.F("bp_rule_out_diastolic")),
                name="clinic_bp_review_below_rule_out",
            ),
            # Only optional questionnaires can be stored as turned off.
            models.CheckConstraint(
                condition=Q(questionnaires_off__contained_by=list(battery.OPTIONAL_CODES)),
                name="clinic_only_optional_questionnaires_off",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def questionnaires_asked(self) -> tuple[str, ...]:
        """What an application started now asks, in the intake's order."""
        return battery.questionnaires_offered(self.questionnaires_off)

    def states_served_names(self) -> list[str]:
        """The states served, by name (for people, before they type anything)."""
        names = dict(US_STATES)
        return [str(names.get(code, code)) for code in self.states_served]


def crisis_link_validator(value: str) -> None:
    """Only links that call, text or open a secure page: nothing a script could run."""
    if value and not value.startswith(("tel:", "sms:", "https://")):
        raise ValidationError(_("Use a tel:, sms: or https:// link."))


class CrisisResource(models.Model):
    """A way to get help now, shown on every page that touches risk."""

    profile = models.ForeignKey(
        ClinicProfile, on_delete=models.CASCADE, related_name="crisis_resources"
    )
    name = models.CharField(_("name"), max_length=120)
    how = models.CharField(_("how to reach it"), max_length=200,
                           help_text=_("For example: Call or text 988."))
    link = models.CharField(
        _("link"), max_length=200, blank=True, validators=[crisis_link_validator],
        help_text=_("Optional: tel:988, sms:988 or an https:// address."),
    )
    # Lines that also take texts get a second, tappable link: phones first.
    text_link = models.CharField(
        _("text link"), max_length=200, blank=True, validators=[crisis_link_validator],
        help_text=_("Optional, for lines that take texts: sms:988."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices,
                                default=Language.ENGLISH)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("crisis resource")

    def __str__(self) -> str:
        return self.name


class ContentPage(models.Model):
    """A page of public content the clinic writes: the home page, what to expect, and so on."""

    slug = models.SlugField(_("address"), help_text=_(
        "'home' is the home page; 'self-check' the introduction to “Is KAP right for me?”."))
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH,
        help_text=_("Write a page once per language under the same address; visitors see "
                    "their language's version, or the English one."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(
        _("body"), help_text=_("Markdown: **bold**, *italics*, lists with “- ” at the start "
                               "of a line, links as [words](https://…) or tel: and sms:. A "
                               "blank line starts a new paragraph. HTML is not shown.")
    )
    published = models.BooleanField(_("published"), default=True)
    in_navigation = models.BooleanField(_("show in the menu"), default=False)
    order = models.PositiveSmallIntegerField(_("menu order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("content page")
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"],
                                    name="clinic_page_one_per_language"),
        ]

    def __str__(self) -> str:
        return self.title


class ConsentDocument(models.Model):
    """The consent a client signs before submitting. Versions are never edited once signed:
    a change is a new version, and the newest published one is current."""

    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH,
        help_text=_("Each version in every language the site offers, same meaning."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text. A blank line starts a new "
                                                   "paragraph."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True,
                                        help_text=_("Leave empty while drafting."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version", "language"]
        verbose_name = _("consent document")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"],
                                    name="clinic_consent_one_per_version_language"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version}, {self.language})"
