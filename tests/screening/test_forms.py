"""Forms built from a questionnaire definition."""

from screening.definitions import get
from screening.forms import form_class_for


def test_every_item_becomes_a_radio_field_named_by_link_id():
    form = form_class_for(get("candidacy"))()
    assert list(form.fields) == [item.link_id for item in get("candidacy").items]
    assert form.fields["childhood-trauma"].widget.input_type == "radio"


def test_any_question_may_be_left_unanswered():
    data = {"childhood-trauma": "yes", "trauma-pattern": "single"}
    form = form_class_for(get("candidacy"))(data)
    assert form.is_valid()
    assert form.answers() == data  # what was answered, nothing made up for the rest
    assert form_class_for(get("phq-9"))({}).is_valid()


def test_an_answer_outside_the_options_is_rejected():
    form = form_class_for(get("candidacy"))({"childhood-trauma": "maybe"})
    assert not form.is_valid()
    assert "childhood-trauma" in form.errors


def test_a_yes_right_now_on_the_asq_is_kept_even_where_branching_would_skip_it():
    """Without JavaScript question 5 shows to everyone; its "yes" must never be dropped."""
    data = {"asq-1": "no", "asq-2": "no", "asq-3": "no", "asq-4": "no", "asq-5": "yes"}
    form = form_class_for(get("asq"))(data)
    assert form.is_valid()
    assert form.answers()["asq-5"] == "yes"
    assert "asq-5" not in form.not_asked()


def test_a_stray_answer_to_a_skipped_item_is_dropped_and_recorded_as_not_asked():
    form = form_class_for(get("pc-ptsd-5"))({"102011-4": "LA32-8", "102012-2": "LA33-6"})
    assert form.is_valid()
    assert form.answers() == {"102011-4": "LA32-8"}
    assert "102012-2" in form.not_asked()


def test_a_when_hint_is_one_short_line_even_under_nine_conditions():
    """PHQ-9's difficulty item depends on every other item: its hint once quoted them all
    (2,670 characters, "better off dead" among them)."""
    form = form_class_for(get("phq-9"))()
    dependent = [i for i in get("phq-9").items if len(i.enable_when) > 1]
    assert dependent
    for item in dependent:
        hint = str(form.fields[item.link_id].help_text)
        assert len(hint) < 200 and "dead" not in hint
        assert 'class="when-hint"' in hint  # the script hides it: the item shows when it applies


def test_every_when_hint_is_short():
    from screening import battery

    for code in battery.QUESTIONNAIRE_CODES:
        form = form_class_for(get(code))()
        for name, field in form.fields.items():
            assert len(str(field.help_text or "")) < 400, (code, name)
