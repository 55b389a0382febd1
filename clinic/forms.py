"""Form fields of the clinic's settings that need more than Django's own."""

from typing import Any

from django import forms
from django.utils.translation import gettext

from clinic.models import questionnaires_off_validator
from screening import battery, definitions


def _choices() -> list[tuple[str, Any]]:
    return [(code, definitions.get(code).title) for code in battery.QUESTIONNAIRE_CODES]


class AskedCheckboxes(forms.CheckboxSelectMultiple):
    """A box per questionnaire, ticked when new applications ask it. The locked ones are
    ticked and cannot be unticked, with the reason beside them. What it reads from a POST
    is what the clinic keeps: the optional ones left unticked (a disabled box is never
    sent, so a locked one always counts as ticked)."""

    def create_option(self, name: str, value: Any, label: Any, selected: bool, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None,
                      ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        why = battery.LOCKED.get(str(value))
        if why:
            option["selected"] = True
            option["attrs"] = {**option["attrs"], **self.checked_attribute, "disabled": True}
            option["label"] = gettext("%(title)s — always asked. %(why)s") % {
                "title": label, "why": why}
        return option

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        ticked = set(super().value_from_datadict(data, files, name) or ())
        return [code for code in battery.OPTIONAL_CODES if code not in ticked]


class QuestionnairesOffField(forms.MultipleChoiceField):
    """`ClinicProfile.questionnaires_off`: its value is the questionnaires turned off, in
    the intake's order; its boxes show the ones asked (`AskedCheckboxes`)."""

    widget = AskedCheckboxes

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=_choices, required=False, **kwargs)

    def prepare_value(self, value: Any) -> list[str]:
        """The boxes to tick: every questionnaire not turned off."""
        return list(battery.questionnaires_offered(value or ()))

    def clean(self, value: Any) -> list[str]:
        off = set(super().clean(value))
        return [code for code in battery.QUESTIONNAIRE_CODES if code in off]

    def validate(self, value: Any) -> None:
        super().validate(value)
        questionnaires_off_validator(list(value))
