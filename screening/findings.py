"""The vocabulary of a candidacy assessment: three-valued findings and cited reasons."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Finding(StrEnum):
    """Three values, because a missing answer must never read as "no"."""

    MET = "met"
    NOT_MET = "not-met"
    CANNOT_TELL = "cannot-tell"


class Kind(StrEnum):
    SAFETY = "safety"  # suicide-risk screens: change the queue order and the client's pages
    INDICATION = "indication"  # who KAP may suit (CLINICAL.md, indications 1, 2, 3, 5)
    SUPPORTING = "supporting"  # shown, never counted (indication 4)
    RULE_OUT = "rule-out"  # likely to rule KAP out, pending clinician review
    REVIEW = "review"  # needs medical or psychiatric review


@dataclass(frozen=True)
class Answer:
    """An answer (or a score) a reason rests on, quoted as the client saw it."""

    questionnaire: str
    link_id: str
    question: str
    answer: str


@dataclass(frozen=True)
class Reason:
    code: str
    kind: Kind
    finding: Finding
    text: str
    answers: tuple[Answer, ...] = ()


def any_of(*findings: Finding) -> Finding:
    """Three-valued OR: met if any is met, not met only if all are not met."""
    if Finding.MET in findings:
        return Finding.MET
    if findings and all(f is Finding.NOT_MET for f in findings):
        return Finding.NOT_MET
    return Finding.CANNOT_TELL


def all_of(*findings: Finding) -> Finding:
    """Three-valued AND: not met if any is not met, met only if all are met."""
    if Finding.NOT_MET in findings:
        return Finding.NOT_MET
    if findings and all(f is Finding.MET for f in findings):
        return Finding.MET
    return Finding.CANNOT_TELL


def from_bool(value: bool | None) -> Finding:
    if value is None:
        return Finding.CANNOT_TELL
    return Finding.MET if value else Finding.NOT_MET
