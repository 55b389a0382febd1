"""Forms built from a questionnaire definition."""

from screening.definitions import get
from screening.forms import form_class_for


def test_every_item_becomes_a_radio_field_named_by_link_id():
    form = form_class_for(get("candidacy"))()
    assert list(form.fields) == [item.link_id for item in get("candidacy").items]
    assert form.fields["childhood-trauma"].widget.input_type == "radio"


def test_a_missing_required_answer_gets_a_message_and_keeps_the_others():
    data = {"childhood-trauma": "yes", "trauma-pattern": "single"}
    form = form_class_for(get("candidacy"))(data)
    assert not form.is_valid()
    assert form.errors["therapy-relief"] == ["Please choose one answer."]
    assert "childhood-trauma" not in form.errors
    assert form["childhood-trauma"].value() == "yes"


def test_an_answer_outside_the_options_is_rejected():
    form = form_class_for(get("candidacy"))({"childhood-trauma": "maybe"})
    assert not form.is_valid()
    assert "childhood-trauma" in form.errors
