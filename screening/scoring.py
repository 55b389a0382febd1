"""Scoring: a questionnaire's answers in, a Score out. Pure functions, no storage.

Each instrument's own rules (totals, cut-offs, bands, missing items) live beside its
definition, as the definition's `scorer`; this module holds the shared result type and the
small helpers those rules are built from. A missing answer is never scored as 0: a result
that missing items could change is `None` ("cannot tell"), and the missing items are listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from screening.schema import Questionnaire


@dataclass(frozen=True)
class Band:
    """A labelled score range, both ends included."""

    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Score:
    questionnaire: str
    version: str
    total: int | None  # None: cannot be scored under the instrument's missing-item rule
    band: str | None = None
    positive: bool | None = None  # None: not a screening cut-off, or cannot tell
    subscales: dict[str, int | None] = field(default_factory=dict)
    # Named rules beyond the main cut-off, three-valued: e.g. PCL-5 "dsm5-rule".
    criteria: dict[str, bool | None] = field(default_factory=dict)
    flags: tuple[str, ...] = ()  # safety-relevant findings, e.g. "phq9-item9"
    missing: tuple[str, ...] = ()  # link ids asked but not answered
    cutoff: str = ""  # the rule applied, in words, for the score card

    def as_dict(self) -> dict[str, object]:
        result = asdict(self)
        result["flags"] = list(self.flags)
        result["missing"] = list(self.missing)
        return result


class ScoringError(ValueError):
    """The answers do not fit the definition (an answer outside an item's options)."""

    def __init__(self, questionnaire: str, link_id: str, value: object) -> None:
        super().__init__(f"{questionnaire}: item {link_id} has no answer option {value!r}")
        self.link_id = link_id


def item_scores(
    questionnaire: Questionnaire, answers: Mapping[str, object]
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Scores of the answered, asked, scored items, and the link ids asked but unanswered."""
    scores: dict[str, int] = {}
    missing: list[str] = []
    for item in questionnaire.enabled_items(answers):
        if not any(option.score is not None for option in item.options):
            continue
        value = answers.get(item.link_id)
        if value in (None, ""):
            missing.append(item.link_id)
            continue
        option = item.option(str(value))
        if option is None:
            raise ScoringError(questionnaire.code, item.link_id, value)
        if option.score is None:  # e.g. "prefer not to answer" on a scored item
            missing.append(item.link_id)
        else:
            scores[item.link_id] = option.score
    return scores, tuple(missing)


def band_for(total: int | None, bands: tuple[Band, ...]) -> str | None:
    if total is None:
        return None
    return next((band.label for band in bands if band.low <= total <= band.high), None)


def at_least(total: int | None, cutoff: int) -> bool | None:
    return None if total is None else total >= cutoff


def reaches(known: int, unknown_max: int, cutoff: int) -> bool | None:
    """Three-valued "total >= cutoff" when some items are missing.

    `known` sums the answered items, `unknown_max` is the most the missing items could add:
    True when the answered items already reach the cut-off, False when even the most the
    missing items could add stays below it, None (cannot tell) otherwise.
    """
    if known >= cutoff:
        return True
    if known + unknown_max < cutoff:
        return False
    return None


def max_score(questionnaire: Questionnaire, link_ids: tuple[str, ...]) -> int:
    """The most the given items could add (their highest option scores)."""
    return sum(
        max((o.score for o in questionnaire.item(link_id).options if o.score is not None),
            default=0)
        for link_id in link_ids
    )


def highest_total(questionnaire: Questionnaire) -> int:
    """The highest total the instrument can give (every scored item at its highest)."""
    return max_score(questionnaire, tuple(item.link_id for item in questionnaire.items))


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    params: Mapping[str, object] | None = None,
) -> Score | None:
    """Score answers under their definition; None for questionnaires without a score.

    `params` carries what some rules need from outside the answers: the clinic's PCL-5
    cut-off, or the client's sex for AUDIT-C.
    """
    if questionnaire.scorer is None:
        return None
    return questionnaire.scorer(questionnaire, answers, params or {})
