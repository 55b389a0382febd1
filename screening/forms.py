"""Django forms built from a questionnaire definition, so one builder renders them all."""

from __future__ import annotations

import json
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from screening.schema import AnswerType, Item, Questionnaire

TEXT_MAX_LENGTH = 2000
_REQUIRED_CHOICE = _("Please choose one answer.")
_REQUIRED_VALUE = _("Please fill this in.")


def _field_for(item: Item, questionnaire: Questionnaire) -> forms.Field:
    # Whether an answer is needed depends on the other answers (enable-when), so fields are
    # optional to Django and QuestionnaireForm.clean() asks for what is really needed.
    label = item.text if item.required else _("%(text)s (optional)") % {"text": item.text}
    common: dict[str, Any] = {"label": label, "help_text": _help_text(item, questionnaire),
                              "required": False}
    if item.answer_type is AnswerType.CHOICE:
        return forms.ChoiceField(
            choices=[(option.code, option.display) for option in item.options],
            widget=forms.RadioSelect,
            **common,
        )
    limits = {"min_value": item.min_value if item.min_value is not None else 0,
              "max_value": item.max_value}
    if item.answer_type is AnswerType.INTEGER:
        return forms.IntegerField(**limits, **common)
    if item.answer_type is AnswerType.DECIMAL:
        return forms.DecimalField(max_digits=8, decimal_places=2, **limits, **common)
    if item.answer_type is AnswerType.TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={
                "rows": 5, "maxlength": TEXT_MAX_LENGTH,
                "data-counter": _("%(count)s of %(max)s characters used"),
            }),
            max_length=TEXT_MAX_LENGTH, **common)
    return forms.CharField(max_length=500, **common)


def _help_text(item: Item, questionnaire: Questionnaire) -> Any:
    """The item's help, plus when to answer it, for pages seen without JavaScript."""
    if not item.enable_when or item.condition_hint == "":
        return item.help_text
    if item.condition_hint is not None:
        when = item.condition_hint
        return f"{item.help_text} {when}".strip() if item.help_text else when
    conditions = [
        _("“%(answer)s” to “%(question)s”") % {
            "answer": questionnaire.item(c.question).display(c.answer),
            "question": questionnaire.item(c.question).text,
        }
        for c in item.enable_when
    ]
    joiner = _(" or ") if item.enable_behavior == "any" else _(" and ")
    when = _("Only if you answered %(conditions)s.") % {"conditions": joiner.join(conditions)}
    return f"{item.help_text} {when}".strip() if item.help_text else when


class QuestionnaireForm(forms.Form):
    """A questionnaire's items as fields named by link id; cleaned data is the answer map.

    Items whose enable-when conditions do not hold are not asked: their answers are dropped
    and they are listed by `not_asked()`, distinct from items asked and left unanswered.
    """

    questionnaire: Questionnaire

    def __init__(self, *args: Any, partial: bool = False, **kwargs: Any) -> None:
        """`partial`: no answer is required (saving part-way to finish later)."""
        super().__init__(*args, **kwargs)
        self.partial = partial
        for item in self.questionnaire.items:
            self.fields[item.link_id] = _field_for(item, self.questionnaire)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*(self._wrap(item) for item in self.questionnaire.items))

    def _wrap(self, item: Item) -> Any:
        if not item.enable_when:
            return item.link_id
        rule = {
            "behavior": str(item.enable_behavior),
            "when": [
                {"field": self.add_prefix(c.question), "answer": c.answer}
                for c in item.enable_when
            ],
        }
        return Div(item.link_id, css_class="enable-when", data_enable_when=json.dumps(rule))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        given = {k: v for k, v in cleaned.items() if v not in (None, "")}
        for item in self.questionnaire.items:
            if not self.questionnaire.is_enabled(item, given):
                if not (item.keep_if_answered and item.link_id in given):
                    cleaned[item.link_id] = None
            elif (item.required and not self.partial and item.link_id not in given
                  and item.link_id not in self.errors):
                message = _REQUIRED_CHOICE if item.answer_type is AnswerType.CHOICE \
                    else _REQUIRED_VALUE
                self.add_error(item.link_id, message)
        return cleaned

    def answers(self) -> dict[str, object]:
        """The answers to store: JSON-ready values of the items asked and answered (on a
        page with errors, the valid ones)."""
        result: dict[str, object] = {}
        for link_id, value in self.cleaned_data.items():
            if value in (None, "") or link_id in self.errors:
                continue
            result[link_id] = value if isinstance(value, int) else str(value)
        return result

    def not_asked(self) -> list[str]:
        """Link ids the branching skipped, given the answers."""
        answers = self.answers()
        return [item.link_id for item in self.questionnaire.items
                if not self.questionnaire.is_enabled(item, answers)
                and item.link_id not in answers]


def form_class_for(questionnaire: Questionnaire) -> type[QuestionnaireForm]:
    return type(
        f"{questionnaire.code.title().replace('-', '')}Form",
        (QuestionnaireForm,),
        {"questionnaire": questionnaire},
    )
