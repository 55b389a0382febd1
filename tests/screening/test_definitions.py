"""Questionnaire definitions are well-formed, versioned data."""

import pytest

from screening import definitions
from screening.schema import AnswerType, Item, Questionnaire


def test_definitions_are_found_by_code_and_version():
    current = definitions.get("candidacy")
    assert definitions.get("candidacy", current.version) is current


def test_every_definition_names_its_source_and_licence():
    for questionnaire in definitions.REGISTRY.values():
        assert questionnaire.source and questionnaire.licence and questionnaire.version


def test_choice_items_have_unique_option_codes():
    for questionnaire in definitions.REGISTRY.values():
        for item in questionnaire.items:
            if item.answer_type is AnswerType.CHOICE:
                codes = [option.code for option in item.options]
                assert len(codes) == len(set(codes)), item.link_id


def test_duplicate_link_ids_are_refused():
    with pytest.raises(ValueError, match="duplicate link ids"):
        Questionnaire(code="x", version="1", title="x", source="s", licence="l",
                      items=(Item("a", "A"), Item("a", "A again")))
