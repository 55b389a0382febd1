"""Django forms built from a questionnaire definition, so one builder renders them all."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from screening.schema import AnswerType, Item, Questionnaire

_REQUIRED_CHOICE = _("Please choose one answer.")
_REQUIRED_VALUE = _("Please fill this in.")


def _field_for(item: Item) -> forms.Field:
    common: dict[str, Any] = {
        "label": item.text,
        "help_text": item.help_text,
        "required": item.required,
    }
    if item.answer_type is AnswerType.CHOICE:
        return forms.ChoiceField(
            choices=[(option.code, option.display) for option in item.options],
            widget=forms.RadioSelect,
            error_messages={"required": _REQUIRED_CHOICE},
            **common,
        )
    if item.answer_type is AnswerType.INTEGER:
        return forms.IntegerField(error_messages={"required": _REQUIRED_VALUE}, **common)
    if item.answer_type is AnswerType.DECIMAL:
        return forms.DecimalField(error_messages={"required": _REQUIRED_VALUE}, **common)
    if item.answer_type is AnswerType.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                               error_messages={"required": _REQUIRED_VALUE}, **common)
    return forms.CharField(error_messages={"required": _REQUIRED_VALUE}, **common)


class QuestionnaireForm(forms.Form):
    """A questionnaire's items as fields named by link id; cleaned data is the answer map."""

    questionnaire: Questionnaire

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in self.questionnaire.items:
            self.fields[item.link_id] = _field_for(item)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def answers(self) -> dict[str, object]:
        """The answers to store: JSON-ready values, unanswered optional items left out."""
        result: dict[str, object] = {}
        for link_id, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            result[link_id] = str(value) if not isinstance(value, int) else value
        return result


def form_class_for(questionnaire: Questionnaire) -> type[QuestionnaireForm]:
    return type(
        f"{questionnaire.code.title().replace('-', '')}Form",
        (QuestionnaireForm,),
        {"questionnaire": questionnaire},
    )
