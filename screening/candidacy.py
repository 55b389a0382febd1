"""Candidacy rules: answers in, a tier with reasons out.

Plain Python with no knowledge of requests or storage, so the rules can be read and tested
on their own. Nothing here declines anyone: every tier, "unlikely" included, goes to a
clinician, and each reason names the answers behind it so the clinician can check it.
The decision table is CLINICAL.md, "Outcome tiers"; this version covers the clinic's own
candidacy questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from screening.definitions.candidacy import CANDIDACY
from screening.schema import Text

RULES_VERSION = "2026-11.1"


class Tier(StrEnum):
    URGENT = "urgent"
    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


TIER_LABELS: dict[Tier, Text] = {
    Tier.URGENT: _("Urgent safety follow-up"),
    Tier.LIKELY: _("Likely candidate"),
    Tier.POSSIBLE: _("Possible candidate, needs review"),
    Tier.UNLIKELY: _("Unlikely at this time, needs review"),
}


class Finding(StrEnum):
    """Three values, because a missing answer must never read as "no"."""

    MET = "met"
    NOT_MET = "not-met"
    CANNOT_TELL = "cannot-tell"


@dataclass(frozen=True)
class Answer:
    link_id: str
    question: str
    answer: str


@dataclass(frozen=True)
class Reason:
    code: str
    finding: Finding
    text: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Assessment:
    tier: Tier
    reasons: tuple[Reason, ...]
    rules_version: str = RULES_VERSION
    thresholds: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready record, stored with the intake as it was computed."""
        return asdict(self)


# Answer codes that satisfy each indication; any other real answer is "not met", and a
# missing, "not sure" or "prefer not" answer is "cannot tell".
_MEANS_MET = {
    "childhood-trauma": {"yes"},
    "trauma-pattern": {"single", "repeated", "both"},
    "trauma-linked-symptoms": {"yes", "somewhat"},
    "wish-to-heal": {"yes", "sometimes"},
    "therapy-relief": {"little", "some"},
    "medication-relief": {"little", "some"},
}
_MEANS_NOT_MET = {
    "childhood-trauma": {"no"},
    "trauma-pattern": {"none"},
    "trauma-linked-symptoms": {"no"},
    "wish-to-heal": {"no"},
    "therapy-relief": {"never", "much"},
    "medication-relief": {"never", "much"},
}

_REASON_TEXT: dict[str, dict[Finding, Text]] = {
    "childhood-trauma": {
        Finding.MET: _("Reports frightening or harmful experiences before age 18."),
        Finding.NOT_MET: _("Reports no frightening or harmful experiences before age 18."),
        Finding.CANNOT_TELL: _("Childhood trauma: cannot tell from the answers."),
    },
    "adult-trauma": {
        Finding.MET: _("Reports trauma (one event, or repeated or long-lasting)."),
        Finding.NOT_MET: _("Reports no traumatic experience."),
        Finding.CANNOT_TELL: _("Trauma history: cannot tell from the answers."),
    },
    "trauma-linked-symptoms": {
        Finding.MET: _("Links anxiety, low mood, numbness or detachment to the trauma."),
        Finding.NOT_MET: _("Does not link ongoing symptoms to the trauma."),
        Finding.CANNOT_TELL: _("Trauma-linked symptoms: cannot tell from the answers."),
    },
    "wish-to-heal": {
        Finding.MET: _("Wants to work through it but finds emotions hard to reach "
                       "(supporting, does not change the tier)."),
        Finding.NOT_MET: _("Does not report difficulty reaching emotions "
                           "(supporting, does not change the tier)."),
        Finding.CANNOT_TELL: _("Difficulty reaching emotions: cannot tell "
                               "(supporting, does not change the tier)."),
    },
    "prior-treatment": {
        Finding.MET: _("Has tried therapy or medication without enough relief."),
        Finding.NOT_MET: _("Has not tried therapy or medication, or they helped a lot."),
        Finding.CANNOT_TELL: _("Prior treatment: cannot tell from the answers."),
    },
}


def _finding(link_id: str, answers: Mapping[str, object]) -> Finding:
    value = answers.get(link_id)
    if value in _MEANS_MET[link_id]:
        return Finding.MET
    if value in _MEANS_NOT_MET[link_id]:
        return Finding.NOT_MET
    return Finding.CANNOT_TELL


def _any(*findings: Finding) -> Finding:
    if Finding.MET in findings:
        return Finding.MET
    if all(f is Finding.NOT_MET for f in findings):
        return Finding.NOT_MET
    return Finding.CANNOT_TELL


def _reason(code: str, finding: Finding, link_ids: tuple[str, ...],
            answers: Mapping[str, object]) -> Reason:
    quoted = []
    for link_id in link_ids:
        item = CANDIDACY.item(link_id)
        value = answers.get(link_id)
        shown = item.display(value) if value not in (None, "") else _("(not answered)")
        quoted.append(Answer(link_id, str(item.text), str(shown)))
    return Reason(code, finding, str(_REASON_TEXT[code][finding]), tuple(quoted))


def assess(answers: Mapping[str, object]) -> Assessment:
    """Place a candidacy questionnaire's answers in a tier, with the reasons for it.

    Order (CLINICAL.md): unlikely when no trauma indication holds; likely when a trauma
    indication, trauma-linked symptoms and prior treatment without enough relief all hold
    and nothing is unknown; possible otherwise. The wish to heal is shown, never counted.
    """
    with override("en"):  # stored reasons read the same whoever later opens them
        childhood = _finding("childhood-trauma", answers)
        adult = _finding("trauma-pattern", answers)
        symptoms = _finding("trauma-linked-symptoms", answers)
        wish = _finding("wish-to-heal", answers)
        prior = _any(_finding("therapy-relief", answers), _finding("medication-relief", answers))
        trauma = _any(childhood, adult)

        reasons = (
            _reason("childhood-trauma", childhood, ("childhood-trauma",), answers),
            _reason("adult-trauma", adult, ("trauma-pattern",), answers),
            _reason("trauma-linked-symptoms", symptoms, ("trauma-linked-symptoms",), answers),
            _reason("prior-treatment", prior, ("therapy-relief", "medication-relief"), answers),
            _reason("wish-to-heal", wish, ("wish-to-heal",), answers),
        )

    if trauma is Finding.NOT_MET:
        tier = Tier.UNLIKELY
    elif all(f is Finding.MET for f in (trauma, symptoms, prior)):
        tier = Tier.LIKELY
    else:
        tier = Tier.POSSIBLE
    return Assessment(tier=tier, reasons=reasons)
