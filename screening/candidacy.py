"""Candidacy: every questionnaire's answers in, a tier with reasons out.

Plain Python with no knowledge of requests or storage. Nothing here declines anyone: every
tier, "unlikely" included, goes to a clinician, and each reason quotes the answers behind
it. The decision table is docs/clinical.md, "Tiers", applied in this order:

1. urgent safety follow-up: PHQ-9 item 9 above 0, a positive ASQ, or a safety question
   missing or refused (NIMH ASQ pathway). This changes the queue
   order and what the client sees, not the assessment: the tier below is still computed and
   kept as `base_tier`;
2. unlikely at this time, needs review: a rule-out flag holds, or neither trauma indication
   (childhood trauma, PTSD) holds;
3. likely candidate: a trauma indication, a symptom indication and prior treatment without
   enough relief all hold, with no review flag, nothing that cannot be told, and no trauma
   screen that cannot tell or was skipped;
4. possible candidate, needs review: everything else.

The rules themselves are in screening.rules; the vocabulary in screening.findings.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from screening import rules
from screening.findings import Finding, Kind, Reason, any_of
from screening.rules import ClinicThresholds, Person, ResponseData
from screening.schema import Text
from screening.scoring import Score

__all__ = [
    "RULES_VERSION", "Assessment", "ClinicThresholds", "Person", "ResponseData", "Tier",
    "TIER_LABELS", "assess_intake",
]

RULES_VERSION = "2026-12.1"


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


@dataclass(frozen=True)
class Assessment:
    tier: Tier
    base_tier: Tier  # the tier without the safety override
    urgent: bool
    acute: bool
    reasons: tuple[Reason, ...]
    scores: dict[str, Score] = field(default_factory=dict)
    rules_version: str = RULES_VERSION
    thresholds: dict[str, object] = field(default_factory=dict)

    def reason(self, code: str) -> Reason:
        return next(r for r in self.reasons if r.code == code)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready record, stored with the intake as it was computed."""
        result = asdict(self)
        result["scores"] = {code: s.as_dict() for code, s in self.scores.items()}
        return result


def assess_intake(
    responses: Mapping[str, ResponseData],
    thresholds: ClinicThresholds | None = None,
    person: Person | None = None,
    omitted: Collection[str] = (),
) -> Assessment:
    """Place an intake's answers in a tier, with the reasons for it (see module docstring).

    `person` carries age and state when the intake asks for them; without it those two
    rules are left out rather than reported as unknown. `omitted` names the questionnaires
    the intake did not ask at all (the clinic had turned them off): whatever they would
    have told reads "cannot tell", never "not met", and their answers are quoted as not
    asked. The locked ones (`battery.LOCKED`) can never be omitted.
    """
    thresholds = thresholds or ClinicThresholds()
    with override("en"):  # stored reasons read the same whoever later opens them
        evidence = rules.Evidence(responses, thresholds, person, omitted)
        safety = rules.safety_reasons(evidence)
        indications = rules.indication_reasons(evidence)
        flags = rules.flag_reasons(evidence)

    found = {r.code: r.finding for r in indications}
    trauma = any_of(found["childhood-trauma"], found["ptsd"])
    rule_out = any_of(*(r.finding for r in flags if r.kind is Kind.RULE_OUT))
    others = [r.finding for r in flags if r.kind is Kind.REVIEW]
    others += [r.finding for r in safety if r.finding is Finding.CANNOT_TELL]
    # A trauma screen that cannot tell (or was skipped) keeps a case at "possible".
    others += [f for f in (evidence.screen("pc-ptsd-5"), evidence.screen("pcl-5"))
               if f is Finding.CANNOT_TELL]

    if rule_out is Finding.MET or trauma is Finding.NOT_MET:
        base = Tier.UNLIKELY
    elif (
        all(found[c] is Finding.MET for c in ("trauma-linked-symptoms", "prior-treatment"))
        and trauma is Finding.MET
        and rule_out is Finding.NOT_MET
        and all(f is Finding.NOT_MET for f in others)
    ):
        base = Tier.LIKELY
    else:
        base = Tier.POSSIBLE

    met = {r.code for r in safety if r.finding is Finding.MET}
    urgent = bool(met & rules.URGENT_CODES)
    return Assessment(
        tier=Tier.URGENT if urgent else base,
        base_tier=base,
        urgent=urgent,
        acute="asq-acute" in met,
        reasons=safety + indications + flags,
        scores=evidence.scores,
        thresholds=rules.thresholds_used(thresholds),
    )
