from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from clinic.roles import Role
from intake import workflow
from intake.models import Intake
from review.models import Note
from review.selectors import UNASSIGNED
from review.words import staff_name
from screening import definitions
from screening.scoring import highest_total


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class AcknowledgeForm(forms.Form):
    action_taken = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: called the client, safety plan made, referred to 988."),
        error_messages={"required": _("Say what was done.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this erases the person's data for good and cannot be "
                "undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AssignForm(forms.Form):
    clinician = forms.ModelChoiceField(
        label=_("Assign to"), queryset=get_user_model().objects.none(),
        empty_label=_("Choose a clinician"),
        error_messages={"required": _("Choose a clinician.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__name=Role.CLINICIAN.value)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["clinician"].label_from_instance = (
            lambda user: user.get_full_name() or user.username)
        self.helper = _helper()


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("A note cannot be empty.")})
    # A correction names the note it corrects; only a note of this intake can be named.
    corrects = forms.ModelChoiceField(queryset=Note.objects.none(), required=False,
                                      widget=forms.HiddenInput)

    def __init__(self, *args: Any, intake: Intake | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if intake is not None:
            self.fields["corrects"].queryset = Note.objects.filter(intake=intake)
        self.helper = _helper()


class StatusForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"),
                               error_messages={"required": _("Choose a status.")})
    reason_code = forms.ChoiceField(label=_("Reason"), required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("For staff only. A decision needs one: why."))
    revisit = forms.MultipleChoiceField(
        label=_("Parts to look at again"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “needs information”: the client gets a link to these."),
    )
    message = forms.CharField(
        label=_("Message to the client"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For “needs information”: what you would like them to tell you. They "
                    "read it when they open their link; the email itself never says it."),
    )

    def __init__(self, *args: Any, intake: Intake, **kwargs: Any) -> None:
        from screening import definitions

        super().__init__(*args, **kwargs)
        self.intake = intake
        # Only the questionnaires this intake asked can be looked at again.
        self.fields["revisit"].choices = [
            (code, definitions.get(code).title) for code in intake.questionnaires]
        moves = workflow.allowed_moves(intake.status)
        self.fields["target"].choices = [("", "—")] + [
            (s.value, s.label) for s in Intake.Status if s.value in moves]
        self.fields["reason_code"].choices = [("", "—")] + [
            (code, f"{Intake.Status(status).label}: {label}")
            for status, codes in workflow.REASON_CODES.items() for code, label in codes]
        self.helper = _helper()

    def clean(self) -> dict[str, Any]:
        """The workflow's own checks, each shown by the field at fault (the service checks
        again, under the row lock)."""
        data = super().clean()
        if not self.errors:
            try:
                workflow.check_move(self.intake.status, self.move())
            except workflow.MoveNotAllowed as refused:
                self.add_error(refused.field, str(refused))
        return data

    def move(self) -> workflow.Move:
        return workflow.Move(target=self.cleaned_data["target"],
                             reason_code=self.cleaned_data["reason_code"],
                             note=self.cleaned_data["note"],
                             revisit=tuple(self.cleaned_data["revisit"]),
                             message=self.cleaned_data["message"])


def _flag_choices() -> list[tuple[str, str]]:
    from review.words import flag_labels

    return [(code, str(label)) for code, label in flag_labels().items()]


# The score filters' upper limits: each instrument's highest total.
_HIGHEST = {code: highest_total(definitions.get(code)) for code in ("pcl-5", "phq-9", "gad-7")}


SESSION_QUEUE_FILTERS = "review_queue_filters"
ASSIGNED_TO_ME = "me"


def _assignees() -> Any:
    """Who the queue can be filtered by: every active clinician, and anyone else who has
    cases assigned (a deactivated clinician whose cases were not handed over included, so
    that those cases can be found); the active first."""
    from django.db.models import Q

    return (get_user_model().objects
            .filter(Q(is_active=True, groups__name=Role.CLINICIAN.value)
                    | Q(assignments__isnull=False))
            .distinct().order_by("-is_active", "first_name", "last_name", "username"))


class QueueFilterForm(forms.Form):
    """The queue's filters. They are kept in the session, never in a URL: a search by name
    must not travel in one. The CSV export uses the same ones."""

    q = forms.CharField(label=_("Name or email"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    tier = forms.ChoiceField(label=_("Screening"), required=False)
    flag = forms.ChoiceField(label=_("Flag"), required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    submitted_from = forms.DateField(label=_("Submitted from"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    submitted_to = forms.DateField(label=_("Submitted until"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    pcl5_min = forms.IntegerField(label=_("PCL-5 at least"), required=False, min_value=0,
                                  max_value=_HIGHEST["pcl-5"])
    pcl5_max = forms.IntegerField(label=_("PCL-5 at most"), required=False, min_value=0,
                                  max_value=_HIGHEST["pcl-5"])
    phq9_min = forms.IntegerField(label=_("PHQ-9 at least"), required=False, min_value=0,
                                  max_value=_HIGHEST["phq-9"])
    phq9_max = forms.IntegerField(label=_("PHQ-9 at most"), required=False, min_value=0,
                                  max_value=_HIGHEST["phq-9"])
    gad7_min = forms.IntegerField(label=_("GAD-7 at least"), required=False, min_value=0,
                                  max_value=_HIGHEST["gad-7"])
    gad7_max = forms.IntegerField(label=_("GAD-7 at most"), required=False, min_value=0,
                                  max_value=_HIGHEST["gad-7"])

    # Each range as (its lowest end, its highest end).
    DATE_RANGES = (("submitted_from", "submitted_to"),)
    SCORE_RANGES = (("pcl5_min", "pcl5_max"), ("phq9_min", "phq9_max"),
                    ("gad7_min", "gad7_max"))

    def __init__(self, *args: Any, user_id: object = None, **kwargs: Any) -> None:
        """`user_id`: whose "assigned to me" this is (the person logged in)."""
        from clinic.states import US_STATES
        from screening.candidacy import TIER_LABELS

        super().__init__(*args, **kwargs)
        self.user_id = user_id
        any_ = [("", _("Any"))]
        self.fields["status"].choices = [
            ("", _("Open cases")), ("closed", _("Closed cases")), ("all", _("All"))] + [
            (s.value, workflow.status_label(s)) for s in Intake.Status
            if s != Intake.Status.DRAFT]
        self.fields["tier"].choices = any_ + [(t.value, label)
                                              for t, label in TIER_LABELS.items()]
        self.fields["flag"].choices = any_ + _flag_choices()
        self.fields["state"].choices = any_ + list(US_STATES)
        self.fields["assignee"].choices = any_ + [
            (ASSIGNED_TO_ME, _("Assigned to me")), (UNASSIGNED, _("Unassigned"))] + [
            (str(user.pk), staff_name(user)) for user in _assignees()]
        self.helper = _helper()
        self.helper.disable_csrf = True

    def clean_assignee(self) -> object:
        """"Me" is the person logged in; for the queue, "unassigned" or someone's id."""
        value = self.cleaned_data["assignee"]
        if value == ASSIGNED_TO_ME:
            value = str(self.user_id)
        return int(value) if value.isdigit() else value

    def clean(self) -> dict[str, Any]:
        """A range whose lowest end is above its highest matches nothing: say so by the
        field rather than show an empty queue."""
        data = super().clean()
        messages = [(self.DATE_RANGES, _("This date is after “%(highest)s”: a range cannot "
                                         "start after it ends.")),
                    (self.SCORE_RANGES, _("This is above “%(highest)s”: the lowest score "
                                          "cannot be above the highest."))]
        for ranges, message in messages:
            for low, high in ranges:
                if data.get(low) is not None and data.get(high) is not None \
                        and data[low] > data[high]:
                    self.add_error(low, message % {"highest": self.fields[high].label})
        return data

    @classmethod
    def from_session(cls, session: Any) -> "QueueFilterForm":
        """The filters kept in the session, for the person whose session it is."""
        from django.contrib.auth import SESSION_KEY

        return cls(session.get(SESSION_QUEUE_FILTERS) or {}, user_id=session.get(SESSION_KEY))


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Who"), required=False,
                                   queryset=get_user_model().objects.none())
    action = forms.ChoiceField(label=_("What"), required=False)
    intake = forms.UUIDField(label=_("Intake id"), required=False)
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from audit.models import AuditEvent

        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = get_user_model().objects.filter(
            audit_events__isnull=False).distinct().order_by("username")
        self.fields["action"].choices = [("", _("Any"))] + list(AuditEvent.Action.choices)
        self.helper = _helper()
        self.helper.disable_csrf = True


class CourseStartForm(forms.Form):
    """A course's measurement plan; the clinic settings fill it in first."""

    instruments = forms.MultipleChoiceField(
        label=_("Questionnaires to follow"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one questionnaire to follow.")})
    at_baseline = forms.BooleanField(label=_("Ask at the start (baseline)"), required=False)
    before_sessions = forms.BooleanField(label=_("Ask two days before each dosing session"),
                                         required=False)
    every_weeks = forms.IntegerField(
        label=_("And every (weeks)"), required=False, min_value=1, max_value=26,
        help_text=_("While sessions are planned ahead. Leave empty for none."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from screening.change import MEASURED

        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = [(code, definitions.get(code).title)
                                              for code in MEASURED]
        self.helper = _helper()


class SessionForm(forms.Form):
    """A planned dosing session: its day and setting; never a dose or an order."""

    on_date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"required": _("Give the session's day."),
                                              "invalid": _("Give the day as YYYY-MM-DD.")})
    setting = forms.ChoiceField(label=_("Setting"), widget=forms.RadioSelect,
                                error_messages={"required": _("Choose where it takes place.")})
    label = forms.CharField(label=_("Label"), required=False, max_length=120,
                            help_text=_("For the team, for example “Session 2”. No doses or "
                                        "orders: the clinic's records keep those."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from care.models import DosingSession

        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = DosingSession.Setting.choices
        self.helper = _helper()


class CareFilterForm(forms.Form):
    """The courses of care to show (not personal: a filter may stand in the URL)."""

    SHOW = (
        ("", _("Every open course")),
        ("due", _("Check-ins due or overdue")),
        ("overdue", _("Check-ins overdue")),
        ("worsened", _("Scores worse by a reliable change")),
        ("attention", _("Pre-session check needs attention")),
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.disable_csrf = True  # a GET form: no token in the URL
