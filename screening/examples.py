"""Complete example answers to the questionnaires, for the demo data and the tests.

"Quiet" answers report nothing (no symptom, no contraindication); overrides add what an
example needs. The results are answers a person could give: items that branching would not
ask are left out.
"""

from __future__ import annotations

from screening import battery, definitions
from screening.schema import AnswerType

# For each item, the first of these codes it offers is the "nothing to report" answer.
_QUIET_ANSWERS = ("no", "LA32-8", "none", "LA6568-5", "LA6270-8", "never-had", "male",
                  "not-now", "never")

# A person KAP may suit: childhood and repeated trauma, PTSD screens positive, therapy that
# helped little, no flags.
LIKELY_OVERRIDES: dict[str, dict[str, object]] = {
    "candidacy": {
        "childhood-trauma": "yes", "trauma-pattern": "repeated",
        "trauma-linked-symptoms": "yes", "dissociation": "no", "wish-to-heal": "yes",
        "therapy-relief": "little", "medication-relief": "never",
    },
    "pc-ptsd-5": {"102011-4": "LA33-6", "102012-2": "LA33-6", "102013-0": "LA33-6",
                  "102014-8": "LA33-6", "102015-5": "LA32-8", "102016-3": "LA32-8"},
    "pcl-5": {f"pcl5-{n}": "2" for n in range(1, 21)},
    "ace": {"ace-1": "LA33-6", "ace-4": "LA33-6"},
    "drug-screen": {"68524-8": 0},
    "psychiatric": {"therapy-duration": "1-to-3-years", "medication-trials": "two",
                    "medication-six-weeks": "yes"},
    "goals": {"hopes": "To feel at home in my body again, and to sleep through the night."},
}


def answers_for(code: str, overrides: dict[str, object] | None = None) -> dict[str, object]:
    """Complete answers to one questionnaire: `overrides`, and quiet answers elsewhere."""
    definition = definitions.get(code)
    overrides = overrides or {}
    answers: dict[str, object] = {}
    for item in definition.items:
        if item.link_id in overrides:
            answers[item.link_id] = overrides[item.link_id]
        elif item.answer_type is AnswerType.CHOICE and item.required:
            codes = [option.code for option in item.options]
            answers[item.link_id] = next((c for c in _QUIET_ANSWERS if c in codes), codes[0])
    return {k: v for k, v in answers.items()
            if definition.is_enabled(definition.item(k), answers)
            or (definition.item(k).keep_if_answered and k in overrides)}


def likely_answers(
    changes: dict[str, dict[str, object]] | None = None,
) -> dict[str, dict[str, object]]:
    """Answers to every questionnaire of a likely candidate, with per-questionnaire changes
    ({code: {link_id: answer}}) on top."""
    changes = changes or {}
    return {
        code: answers_for(code, {**LIKELY_OVERRIDES.get(code, {}), **changes.get(code, {})})
        for code in battery.QUESTIONNAIRE_CODES
    }


def answers_for_total(code: str, total: int, *, keep_zero: tuple[str, ...] = ()) -> dict[str, str]:
    """Answers to a summed instrument that add up to `total` (demo data of a course of
    care): each item takes the highest score still fitting, in order; `keep_zero` items
    (PHQ-9 item 9: no risk answer) stay at the lowest."""
    from screening import definitions

    answers: dict[str, str] = {}
    left = total
    for item in definitions.get(code).items:
        scored = sorted((o for o in item.options if o.score is not None), key=lambda o: o.score)
        if not scored:
            continue  # not part of the total (the PHQ-9's closing question)
        choice = scored[0] if item.link_id in keep_zero else max(
            (o for o in scored if o.score <= left), key=lambda o: o.score)
        answers[item.link_id] = choice.code
        left -= choice.score
    if left:
        raise ValueError(f"{code} cannot add up to {total}")
    return answers
