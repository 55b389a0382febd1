"""The anonymous self-check: the candidacy questions alone, answered in plain words back.

Never a verdict. It says whether KAP seems worth exploring with a clinician, or why other
options may suit the person better, and always that a clinician decides with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from screening.definitions.candidacy import CANDIDACY

SELF_CHECK_QUESTIONNAIRE = CANDIDACY

_TRAUMA_YES = {"childhood-trauma": {"yes"}, "trauma-pattern": {"single", "repeated", "both"}}
_NO_TRAUMA = {"childhood-trauma": {"no"}, "trauma-pattern": {"none"}}


@dataclass(frozen=True)
class SelfCheckResult:
    worth_exploring: bool
    points: tuple[str, ...]  # plain-language notes on what the answers suggest


def self_check(answers: Mapping[str, object]) -> SelfCheckResult:
    """What the candidacy answers suggest, in words for the person who gave them."""
    trauma = any(answers.get(k) in v for k, v in _TRAUMA_YES.items())
    no_trauma = all(answers.get(k) in v for k, v in _NO_TRAUMA.items())
    symptoms = answers.get("trauma-linked-symptoms") in {"yes", "somewhat"}
    tried = (answers.get("therapy-relief") in {"little", "some"}
             or answers.get("medication-relief") in {"little", "some"})
    helped = answers.get("therapy-relief") == "much" or answers.get("medication-relief") == "much"
    points = []
    if trauma:
        points.append(_("You have been through hard experiences, and KAP at our clinic is "
                        "meant for the effects of trauma."))
    elif no_trauma:
        points.append(_("You told us you haven't been through trauma. KAP here is offered "
                        "for the effects of trauma, so other kinds of care may fit better, "
                        "for example talk therapy or medication for anxiety or low mood."))
    else:
        points.append(_("You'd rather not say, or aren't sure, whether you've been through "
                        "trauma. That is fine: a clinician can talk it through with you."))
    if symptoms:
        points.append(_("You live with feelings you connect to what happened. That is often "
                        "what KAP works on."))
    if tried:
        points.append(_("You have tried therapy or medication without enough relief. Many "
                        "people come to KAP after that."))
    elif helped:
        points.append(_("Therapy or medication already helps you a lot. It may be worth "
                        "staying with what works, and talking to your clinician first."))
    if answers.get("dissociation") == "yes":
        points.append(_("You often feel unreal or cut off. Ketamine can bring on similar "
                        "feelings, so a clinician would want to talk this through carefully."))
    return SelfCheckResult(worth_exploring=not no_trauma, points=tuple(points))

