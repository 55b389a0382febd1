from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from clinic.roles import Role
from intake.models import Intake
from review import workflow


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


class AssignForm(forms.Form):
    clinician = forms.ModelChoiceField(
        label=_("Assign to"), queryset=get_user_model().objects.none(),
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
    corrects = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class StatusForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"),
                               error_messages={"required": _("Choose a status.")})
    reason_code = forms.ChoiceField(label=_("Reason"), required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Needed for a decision: why."))

    def __init__(self, *args: Any, intake: Intake, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        moves = workflow.allowed_moves(intake.status)
        self.fields["target"].choices = [("", "—")] + [
            (s.value, s.label) for s in Intake.Status if s.value in moves]
        self.fields["reason_code"].choices = [("", "—")] + [
            (code, f"{Intake.Status(status).label}: {label}")
            for status, codes in workflow.REASON_CODES.items() for code, label in codes]
        self.helper = _helper()

    def move(self) -> workflow.Move:
        return workflow.Move(target=self.cleaned_data["target"],
                             reason_code=self.cleaned_data["reason_code"],
                             note=self.cleaned_data["note"])
