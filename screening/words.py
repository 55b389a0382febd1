"""What the screening engine's codes mean to a person reading them: the names of score
criteria, subscales and flags, and the kinds and findings of candidacy reasons. Staff pages,
PDFs and exports read these; no code is shown where a person reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from screening.findings import Finding, Kind

# Every key a score may carry (criteria, subscales, flags), by the definition that makes it.
SCORE_KEYS: dict[str, Any] = {
    # PHQ-9 (phq9.py)
    "item9": _("Thoughts of being better off dead or of self-harm (item 9)"),
    "phq9-item9": _("Item 9 above “Not at all”: ask about suicide risk"),
    # PCL-5 (pcl5.py): the DSM-5 symptom clusters and rules
    "B": _("Intrusion (B, items 1-5)"),
    "C": _("Avoidance (C, items 6-7)"),
    "D": _("Negative changes in thinking and mood (D, items 8-14)"),
    "E": _("Arousal and reactivity (E, items 15-20)"),
    "dsm5-rule": _("DSM-5 symptom pattern"),
    "numbing": _("Emotional numbing (items 12-14)"),
    # ASQ (asq.py)
    "acute": _("Acute risk (thoughts of suicide right now)"),
    "refused": _("Declined to answer"),
    "asq-positive": _("ASQ positive: suicide risk"),
    "asq-acute": _("ASQ acute positive: imminent risk"),
    # ACE (ace.py)
    "high": _("Four or more adverse childhood experiences"),
}

# The severity bands of the definitions (their labels are the published English terms).
BANDS: dict[str, Any] = {
    "minimal": _("minimal"),
    "mild": _("mild"),
    "moderate": _("moderate"),
    "moderately severe": _("moderately severe"),
    "severe": _("severe"),
    "4 or more (high)": _("4 or more (high)"),
}

KINDS: dict[str, Any] = {
    Kind.SAFETY: _("Safety"),
    Kind.INDICATION: _("Indication"),
    Kind.SUPPORTING: _("Supporting"),
    Kind.RULE_OUT: _("May rule out"),
    Kind.REVIEW: _("To review"),
}

# A flag (safety, rule-out, review) is present or not; an indication is met or not.
FLAG_KINDS = frozenset({Kind.SAFETY, Kind.RULE_OUT, Kind.REVIEW})
_FINDINGS_OF_FLAGS = {Finding.MET: _("Present"), Finding.NOT_MET: _("Not present"),
                      Finding.CANNOT_TELL: _("Cannot tell")}
_FINDINGS_OF_INDICATIONS = {Finding.MET: _("Met"), Finding.NOT_MET: _("Not met"),
                            Finding.CANNOT_TELL: _("Cannot tell")}


def score_key(key: str) -> str:
    """A criterion, subscale or flag as people read it (an unknown key as it is)."""
    return str(SCORE_KEYS.get(key, key))


def band(label: str | None) -> str:
    """A severity band in the reader's language (numeric bands read the same in any)."""
    return str(BANDS.get(label, label)) if label else ""


def kind(value: str) -> str:
    return str(KINDS.get(value, value))


def finding(kind_value: str, finding_value: str) -> str:
    words = _FINDINGS_OF_FLAGS if kind_value in FLAG_KINDS else _FINDINGS_OF_INDICATIONS
    return str(words.get(finding_value, finding_value))


@dataclass
class ReasonGroup:
    key: str  # "review", "supports", "unknown", "not-found": for styling and tests
    title: str
    reasons: list[dict[str, Any]] = field(default_factory=list)
    folded: bool = False


def grouped(reasons: Iterable[Mapping[str, Any]]) -> list[ReasonGroup]:
    """Reasons as a clinician reads them: what needs review, what supports, what could not
    be told, and, folded away, what was checked and not found. Each reason gains `kind_text`
    and `finding_text`. Empty groups are left out; each keeps the engine's order."""
    groups = {
        "review": ReasonGroup("review", str(_("Needs your review"))),
        "supports": ReasonGroup("supports", str(_("Supports KAP"))),
        "unknown": ReasonGroup("unknown", str(_("Could not be told from the answers"))),
        "not-found": ReasonGroup("not-found", str(_("Checked and not found")), folded=True),
    }
    for reason in reasons:
        shown = {**reason, "kind_text": kind(reason["kind"]),
                 "finding_text": finding(reason["kind"], reason["finding"])}
        if reason["finding"] == Finding.CANNOT_TELL:
            key = "unknown"
        elif reason["finding"] == Finding.NOT_MET:
            key = "not-found"
        elif reason["kind"] in FLAG_KINDS:
            key = "review"
        else:
            key = "supports"
        groups[key].reasons.append(shown)
    return [group for group in groups.values() if group.reasons]
