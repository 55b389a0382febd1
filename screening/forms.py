"""Django forms built from a questionnaire definition, so one builder renders them all."""

from __future__ import annotations

import json
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from screening.schema import AnswerType, Item, Questionnaire

TEXT_MAX_LENGTH = 2000


def _field_for(item: Item, questionnaire: Questionnaire) -> forms.Field:
    # Every question may be left unanswered (the page says so, once): scoring is
    # three-valued, so a gap makes a score "cannot be scored" and the rule "cannot tell",
    # and a gap in a safety question is itself a reason for same-day follow-up.
    common: dict[str, Any] = {"label": item.text, "help_text": _help_text(item, questionnaire),
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


QUESTION_IN_HINT = 60  # characters of a question quoted in a "when" hint, at most


def _help_text(item: Item, questionnaire: Questionnaire) -> Any:
    """The item's help, plus one short line on when to answer it. The line matters only
    without JavaScript (with it, the question shows only when it applies), so it is marked
    for the script to hide."""
    if not item.enable_when or item.condition_hint == "":
        return item.help_text
    if item.condition_hint is not None:
        when = item.condition_hint
    elif len(item.enable_when) == 1:
        condition = item.enable_when[0]
        question = str(questionnaire.item(condition.question).text)
        if len(question) > QUESTION_IN_HINT:
            question = question[:QUESTION_IN_HINT].rsplit(" ", 1)[0] + "…"
        when = _("Only if you answered “%(answer)s” to “%(question)s”.") % {
            "answer": questionnaire.item(condition.question).display(condition.answer),
            "question": question}
    else:
        when = _("Only if it applies, given your answers above.")
    hint = format_html('<span class="when-hint">{}</span>', when)
    return format_html("{} {}", item.help_text, hint) if item.help_text else hint


class QuestionnaireForm(forms.Form):
    """A questionnaire's items as fields named by link id; cleaned data is the answer map.

    Items whose enable-when conditions do not hold are not asked: their answers are dropped
    and they are listed by `not_asked()`, distinct from items asked and left unanswered.
    """

    questionnaire: Questionnaire

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in self.questionnaire.items:
            self.fields[item.link_id] = _field_for(item, self.questionnaire)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*(self._wrap(item) for item in self.questionnaire.items))

    def enable_when_rule(self, item: Item) -> str | None:
        """The rule the page's script reads to show an item only when it applies."""
        if not item.enable_when:
            return None
        return json.dumps({
            "behavior": str(item.enable_behavior),
            "when": [
                {"field": self.add_prefix(c.question), "answer": c.answer}
                for c in item.enable_when
            ],
        })

    def _wrap(self, item: Item) -> Any:
        rule = self.enable_when_rule(item)
        if rule is None:
            return item.link_id
        return Div(item.link_id, css_class="enable-when", data_enable_when=rule)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        given = {k: v for k, v in cleaned.items() if v not in (None, "")}
        for item in self.questionnaire.items:
            if not self.questionnaire.is_enabled(item, given) \
                    and not (item.keep_if_answered and item.link_id in given):
                cleaned[item.link_id] = None
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
        return self.questionnaire.not_asked(self.answers())


def form_class_for(questionnaire: Questionnaire) -> type[QuestionnaireForm]:
    return type(
        f"{questionnaire.code.title().replace('-', '')}Form",
        (QuestionnaireForm,),
        {"questionnaire": questionnaire},
    )
