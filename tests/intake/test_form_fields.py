"""The questionnaire pages' fields are written by our own code, not crispy-forms' templates
(a questionnaire page spent 40 % of its time in them). The markup must stay the same, so the
accessibility and browser tests keep their meaning: compared here with what crispy-forms
writes, for every definition, unanswered, answered, and with errors."""

import re

import pytest
from django.template import Context, Template

from screening import definitions
from screening.examples import answers_for
from screening.forms import form_class_for
from screening.schema import AnswerType

CRISPY = Template("{% load crispy_forms_tags %}{% crispy form %}")
OURS = Template("{% load form_fields %}{% questionnaire_fields form %}")


def _normal(html: str) -> str:
    """Whitespace is not markup: runs of it become one space, and none stays beside a tag."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def _wrong(definition) -> dict[str, object]:
    """An answer every item refuses: an option that does not exist, a word for a number."""
    return {item.link_id: "not-an-answer" if item.answer_type is AnswerType.CHOICE else
            ("abc" if item.answer_type in (AnswerType.INTEGER, AnswerType.DECIMAL)
             else "x" * 3000) for item in definition.items}


@pytest.mark.parametrize("code", sorted(definitions.CURRENT))
@pytest.mark.parametrize("state", ["blank", "answered", "errors"])
def test_our_fields_are_crispys_markup(code, state):
    definition = definitions.get(code)
    form_class = form_class_for(definition)
    data = {"blank": None, "answered": answers_for(code), "errors": _wrong(definition)}[state]

    def rendered(template):
        form = form_class(data) if data is not None else form_class()
        if data is not None:
            form.is_valid()
        return _normal(template.render(Context({"form": form})))

    ours, crispys = rendered(OURS), rendered(CRISPY)
    if state == "errors":
        assert "invalid-feedback" in ours
    assert ours == crispys


FIELD_CRISPY = Template("{% load crispy_forms_tags %}{% for f in form %}{{ f|as_crispy_field }}"
                        "{% endfor %}")
FIELD_OURS = Template("{% load form_fields %}{% for f in form %}{{ f|field_html }}{% endfor %}")


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"q": "Ana", "status": "in-review", "pcl5_min": "33"},
                                  {"status": "nonsense", "pcl5_min": "x",
                                   "submitted_from": "not a date"}])
def test_the_queue_filters_are_crispys_markup(clinician, data):
    """Lists, dates, numbers and a line, blank, filled in and refused."""
    from review.forms import QueueFilterForm

    def rendered(template):
        form = QueueFilterForm(data, user_id=clinician.pk)
        if data is not None:
            form.is_valid()
        return _normal(template.render(Context({"form": form})))

    ours, crispys = rendered(FIELD_OURS), rendered(FIELD_CRISPY)
    assert ("is-invalid" in ours) is (data is not None and data["status"] == "nonsense")
    assert ours == crispys
