"""Official Spanish translations: complete, keyed only to the definitions' own link ids and
option codes, and shown by Questionnaire.localized("es") once attached."""

import dataclasses

import pytest

from screening.definitions import spanish
from screening.definitions.phq9 import DIFFICULTY, ITEM9, PHQ9
from screening.definitions.spanish import PHQ9_ES
from screening.schema import Questionnaire, Translation
from screening.scoring import score

# Every translation in screening.definitions.spanish, with the definition it belongs to.
TRANSLATED = [
    pytest.param(PHQ9, PHQ9_ES, id="phq-9"),
]


def attached(definition: Questionnaire, translation: Translation) -> Questionnaire:
    return dataclasses.replace(definition, translations=(translation,))


def link_ids(definition: Questionnaire) -> set[str]:
    return {item.link_id for item in definition.items}


def option_codes(definition: Questionnaire) -> set[str]:
    return {option.code for item in definition.items for option in item.options}


def test_every_translation_in_the_module_is_tested():
    in_module = [value for value in vars(spanish).values() if isinstance(value, Translation)]
    tested = [param.values[1] for param in TRANSLATED]
    assert len(in_module) == len(tested)
    assert all(any(t is m for m in in_module) for t in tested)


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_translation_is_spanish_and_names_its_source(definition, translation):
    assert definition.validated
    assert translation.language == "es"
    assert translation.source.strip()
    assert translation.title.strip()


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_every_item_has_a_translated_text(definition, translation):
    missing = link_ids(definition) - set(translation.items)
    assert not missing
    for link_id in link_ids(definition):
        assert translation.items[link_id].strip(), link_id


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_every_option_code_has_a_label(definition, translation):
    missing = option_codes(definition) - set(translation.options)
    assert not missing
    for code in option_codes(definition):
        assert translation.options[code].strip(), code


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_every_item_stem_has_a_translated_help_text(definition, translation):
    with_help = {item.link_id for item in definition.items if item.help_text}
    assert set(translation.help_texts) == with_help
    for link_id in with_help:
        assert translation.help_texts[link_id].strip(), link_id


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_no_key_refers_to_an_unknown_item_or_option(definition, translation):
    assert set(translation.items) <= link_ids(definition)
    assert set(translation.help_texts) <= link_ids(definition)
    assert set(translation.options) <= option_codes(definition)


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_description_is_translated_when_the_definition_has_one(definition, translation):
    # localized() falls back to the English description when the translation has none.
    assert bool(translation.description.strip()) == bool(str(definition.description).strip())


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_no_text_was_left_in_english(definition, translation):
    assert translation.title != definition.title
    for item in definition.items:
        assert translation.items[item.link_id] != item.text, item.link_id


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_localized_shows_the_spanish_texts(definition, translation):
    spanish_definition = attached(definition, translation).localized("es")
    assert spanish_definition.title == translation.title
    if translation.description:
        assert spanish_definition.description == translation.description
    assert [i.link_id for i in spanish_definition.items] == [i.link_id for i in definition.items]
    for original, shown in zip(definition.items, spanish_definition.items, strict=True):
        assert shown.text == translation.items[original.link_id]
        if original.help_text:
            assert shown.help_text == translation.help_texts[original.link_id]
        assert [o.display for o in shown.options] == [
            translation.options[o.code] for o in original.options
        ]
        # Only the words change: codes, scores and systems stay those of the definition.
        assert [(o.code, o.score, o.system) for o in shown.options] == [
            (o.code, o.score, o.system) for o in original.options
        ]
        assert shown.enable_when == original.enable_when
        assert shown.answer_type is original.answer_type
        assert shown.required == original.required


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_other_languages_keep_the_english_definition(definition, translation):
    with_translation = attached(definition, translation)
    assert with_translation.localized("en") is with_translation
    assert with_translation.localized("fr") is with_translation
    bare = dataclasses.replace(definition, translations=())
    assert bare.localized("es") is bare  # nothing attached, nothing changes


@pytest.mark.parametrize(("definition", "translation"), TRANSLATED)
def test_localized_definition_scores_like_the_original(definition, translation):
    spanish_definition = attached(definition, translation).localized("es")
    highest = {
        item.link_id: max(item.options, key=lambda o: o.score or 0).code
        for item in definition.items
        if item.options
    }
    lowest = {
        item.link_id: min(item.options, key=lambda o: o.score or 0).code
        for item in definition.items
        if item.options
    }
    for answers in (highest, lowest, {}):
        assert score(spanish_definition, answers) == score(definition, answers)


def test_phq9_spanish_wording_of_the_safety_item_and_the_scale():
    spanish_phq9 = attached(PHQ9, PHQ9_ES).localized("es")
    assert spanish_phq9.title == "Cuestionario sobre la salud del paciente-9 (PHQ-9)"
    assert spanish_phq9.description == (
        "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
        "siguientes problemas?"
    )
    assert spanish_phq9.item(ITEM9).text == (
        "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"
    )
    assert [o.display for o in spanish_phq9.item(ITEM9).options] == [
        "Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días",
    ]
    assert [o.display for o in spanish_phq9.item(DIFFICULTY).options] == [
        "No ha sido difícil", "Un poco difícil", "Muy difícil", "Extremadamente difícil",
    ]


def test_the_phq9_definition_carries_its_official_spanish():
    from screening.definitions import get

    assert get("phq-9").translation("es") is not None
    assert get("phq-9").localized("es").title.startswith("Cuestionario")
