"""Codes become words: every key a score can carry has a name for people, and reasons are
grouped the way a clinician reads them."""

import itertools

import pytest

from screening import definitions, words
from screening.findings import Finding, Kind
from screening.schema import AnswerType
from screening.scoring import score


def _extremes(definition):
    """Answers at each end (every choice's first option, then its last), and with the first
    half answered only, so that the conditional keys (flags, refusals) appear too."""
    choices = [i for i in definition.items if i.answer_type is AnswerType.CHOICE and i.options]
    for pick in (0, -1):
        answers = {i.link_id: i.options[pick].code for i in choices}
        yield answers
        yield dict(itertools.islice(answers.items(), len(answers) // 2))


@pytest.mark.parametrize("definition", list(definitions.REGISTRY.values()),
                         ids=lambda d: f"{d.code}-{d.version}")
def test_every_score_key_has_words(definition):
    for answers in _extremes(definition):
        result = score(definition, answers, {"pcl5_cutoff": 33, "sex": "female"})
        if result is None:
            return
        keys = {*result.criteria, *result.subscales, *result.flags}
        unnamed = {k for k in keys if k not in words.SCORE_KEYS}
        assert not unnamed, f"{definition.code}: no words for {sorted(unnamed)}"


def test_every_band_has_words():
    import importlib
    import pkgutil

    from screening.scoring import Band

    package = importlib.import_module("screening.definitions")
    labels = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"screening.definitions.{info.name}")
        for value in vars(module).values():
            if isinstance(value, tuple) and value and all(isinstance(b, Band) for b in value):
                labels |= {b.label for b in value}
    assert labels, "the definitions carry bands"
    unnamed = {label for label in labels if not label[:1].isdigit()} - set(words.BANDS)
    assert not unnamed


def _reason(kind, finding, code="x"):
    return {"code": code, "kind": kind, "finding": finding, "text": code, "answers": []}


def test_reasons_are_grouped_review_then_support_then_unknown_then_folded_not_found():
    reasons = [
        _reason(Kind.INDICATION, Finding.NOT_MET, "no-ptsd"),
        _reason(Kind.INDICATION, Finding.MET, "ptsd"),
        _reason(Kind.RULE_OUT, Finding.NOT_MET, "no-psychosis"),
        _reason(Kind.REVIEW, Finding.MET, "benzo"),
        _reason(Kind.SAFETY, Finding.CANNOT_TELL, "asq-unknown"),
        _reason(Kind.SUPPORTING, Finding.MET, "goals"),
    ]
    groups = words.grouped(reasons)
    assert [(g.key, [r["code"] for r in g.reasons], g.folded) for g in groups] == [
        ("review", ["benzo"], False),
        ("supports", ["ptsd", "goals"], False),
        ("unknown", ["asq-unknown"], False),
        ("not-found", ["no-ptsd", "no-psychosis"], True),
    ]
    not_found = groups[-1].reasons
    assert [r["finding_text"] for r in not_found] == ["Not met", "Not present"]
    assert groups[0].reasons[0]["kind_text"] == "To review"


def test_empty_groups_are_left_out():
    assert [g.key for g in words.grouped([_reason(Kind.INDICATION, Finding.MET)])] == [
        "supports"]


def test_the_extremes_reach_the_safety_keys():
    """The sweep above is not empty: it meets the keys that matter most."""
    keys = set()
    for definition in definitions.REGISTRY.values():
        for answers in _extremes(definition):
            result = score(definition, answers, {"pcl5_cutoff": 33, "sex": "female"})
            if result is not None:
                keys |= {*result.criteria, *result.subscales, *result.flags}
    assert {"item9", "phq9-item9", "asq-positive", "asq-acute", "dsm5-rule", "B"} <= keys


def test_a_reason_quotes_a_score_in_words():
    """The answers behind a reason quote a score as a person reads it: no criterion codes,
    no cut-off paragraph (that is on the score card)."""
    from screening import candidacy
    from screening.examples import likely_answers

    answers = likely_answers()
    result = candidacy.assess_intake(
        {code: candidacy.ResponseData(definitions.get(code).version, a, False)
         for code, a in answers.items()},
        candidacy.ClinicThresholds(), candidacy.Person(age=40, state="CA"))
    quoted = [a.answer for r in result.reasons for a in r.answers if a.link_id == "score"]
    assert quoted
    for text in quoted:
        for code in ("dsm5-rule", "numbing:", "item9", "high:", "Positive at"):
            assert code not in text, text
