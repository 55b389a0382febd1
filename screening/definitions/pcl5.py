"""PTSD Checklist for DSM-5 (PCL-5), past-month version, with its scoring.

Published source: Weathers, F. W., Litz, B. T., Keane, T. M., Palmieri, P. A., Marx, B. P.,
& Schnurr, P. P. (2013). The PTSD Checklist for DSM-5 (PCL-5) - Standard [Measurement
instrument]. National Center for PTSD, https://www.ptsd.va.gov/professional/assessment/
adult-sr/ptsd-checklist.asp . Development: Blevins et al. (2015), J Trauma Stress 28:489-498.

Wording checked against the National Center for PTSD form "PTSD Checklist for DSM-5
(PCL-5)", version date 11 April 2018, as reproduced in its fillable copy at
https://fill.io/PTSD-Checklist-For-DSM-5-PCL-5---Fillable-Form (instructions, stem, answer
headings, items 1-9). Items 10-20 (not in the stored part of that copy) were checked against
independent transcriptions: page 17 of the EPAVT guide
(https://epavt.org/guia_eng/files/assets/basic-html/page-17.html) and CamCOPS's
server/camcops_server/extra_strings/pcl5.xml (github.com/ucam-department-of-psychiatry/
camcops). They agree word for word except item 18, where EPAVT alone has "jumpy, or"; the
majority "Feeling jumpy or easily startled?" is used. The original PDF itself could not be
read here. Item numbers are layout, not wording, and are left out of the item text;
"superalert" is quoted with straight quotes.

The National Center for PTSD revised the form in August 2023 (instructions "Keeping your
worst event in mind ... select one of the numbers" and a "Your worst event" line); that
version asks for a description of the event, which this intake promises not to ask, so the
2018 standard form is used. Moving to the 2023 form would be a new version of this definition.

LOINC: panel 101697-1 and total 101698-9 (CLINICAL.md). No LOINC codes for the 20 items or
the answers could be confirmed, so items use local link ids "pcl5-1" ... "pcl5-20" and local
answer codes "0" to "4" (the numbers printed on the form), system None.

Scoring, from the National Center for PTSD's PCL-5 scoring text, as reproduced in the
Australian comorbidity guidelines (https://comorbidityguidelines.org.au/
appendix-s-ptsd-checklist-for-dsm5-pcl5/pcl5-scoring-and-interpretation) and other copies:
- total symptom severity: the sum of the 20 items, 0-80;
- cluster severity: sums of B (items 1-5), C (6-7), D (8-14), E (15-20);
- provisional PTSD: a total at or over a cut-point of 31-33 (33 by default here), or the
  DSM-5 rule: an item rated 2 "Moderately" or higher counts as endorsed, and it takes at
  least 1 B, 1 C, 2 D and 2 E items;
- no empirically derived severity bands exist, so there is no band.
Missing items: no prorating rule for the PCL-5 from the National Center for PTSD or the
scale's authors was found (its scoring text only sums all 20 items; the published cut-offs
were derived on complete forms), so the total is not scored (None) when any item is
missing, a cluster sum is None when any of its items is missing, and the cut-off, the DSM-5
rule and the numbing finding are three-valued: decided only when no answer to the missing
items could change them.

There is ONE definition of the DSM-5 rule: `_dsm5_rule` below. Other code (candidacy rules,
reports) must read `Score.criteria["dsm5-rule"]`, never recompute it.
"""

from collections.abc import Mapping
from datetime import timedelta

from screening.schema import Item, Option, Questionnaire
from screening.scoring import Score, item_scores, max_score, reaches

DEFAULT_CUTOFF = 33
# The clinic may choose its cut-off in this range (National Center for PTSD: 31 to 33).
CUTOFF_RANGE = (31, 33)
ENDORSED = 2  # an item rated "Moderately" or higher counts as a symptom

OPTIONS = (
    Option("0", "Not at all", 0),
    Option("1", "A little bit", 1),
    Option("2", "Moderately", 2),
    Option("3", "Quite a bit", 3),
    Option("4", "Extremely", 4),
)
_STEM = "In the past month, how much were you bothered by:"

_ITEMS = (
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually happening again "
    "(as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the stressful experience "
    "(for example, heart pounding, trouble breathing, sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, people, places, "
    "conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world (for example, "
    "having thoughts such as: I am bad, there is something seriously wrong with me, no one "
    "can be trusted, the world is completely dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel happiness or "
    "have loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    'Being "superalert" or watchful or on guard?',
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
)


def link_id(number: int) -> str:
    """The link id of PCL-5 item `number` (1-20)."""
    return f"pcl5-{number}"


def _ids(first: int, last: int) -> tuple[str, ...]:
    return tuple(link_id(n) for n in range(first, last + 1))


# DSM-5 symptom clusters: (items, how many must be endorsed for the DSM-5 rule).
CLUSTERS: dict[str, tuple[tuple[str, ...], int]] = {
    "B": (_ids(1, 5), 1),  # intrusion
    "C": (_ids(6, 7), 1),  # avoidance
    "D": (_ids(8, 14), 2),  # negative alterations in cognitions and mood
    "E": (_ids(15, 20), 2),  # alterations in arousal and reactivity
}
NUMBING = _ids(12, 14)  # loss of interest, feeling cut off, no positive feelings


def _at_least_endorsed(
    link_ids: tuple[str, ...], needed: int, scores: Mapping[str, int], missing: set[str]
) -> bool | None:
    """Three-valued "at least `needed` of these items rated 2 or more"."""
    endorsed = sum(1 for i in link_ids if scores.get(i, 0) >= ENDORSED)
    unknown = sum(1 for i in link_ids if i in missing)
    return reaches(endorsed, unknown, needed)


def _all(results: list[bool | None]) -> bool | None:
    """Three-valued AND."""
    if any(result is False for result in results):
        return False
    return True if all(result is True for result in results) else None


def _dsm5_rule(scores: Mapping[str, int], missing: set[str]) -> bool | None:
    """The PCL-5 DSM-5 diagnostic rule: >= 1 B, >= 1 C, >= 2 D, >= 2 E items rated >= 2.

    True when the answered items already meet it, False when it cannot be met even if every
    missing item were endorsed, None (cannot tell) otherwise.
    """
    return _all([
        _at_least_endorsed(items, needed, scores, missing) for items, needed in CLUSTERS.values()
    ])


def _cutoff(params: Mapping[str, object]) -> int:
    value = params.get("pcl5_cutoff", DEFAULT_CUTOFF)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 80:
        raise ValueError(f"pcl5_cutoff must be a whole number from 1 to 80, not {value!r}")
    return value


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    cutoff = _cutoff(params)
    scores, missing = item_scores(questionnaire, answers)
    unanswered = set(missing)
    known = sum(scores.values())
    subscales: dict[str, int | None] = {
        name: None if unanswered.intersection(items) else sum(scores[i] for i in items)
        for name, (items, _needed) in CLUSTERS.items()
    }
    return Score(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        total=None if missing else known,
        band=None,  # the PCL-5 has no empirically derived severity bands
        positive=reaches(known, max_score(questionnaire, missing), cutoff),
        subscales=subscales,
        criteria={
            "dsm5-rule": _dsm5_rule(scores, unanswered),
            "numbing": _at_least_endorsed(NUMBING, 1, scores, unanswered),
        },
        missing=missing,
        cutoff=(
            f"Provisional PTSD at a total of {cutoff} or more of 80 (cut-off used: {cutoff}; "
            "published range 31-33). DSM-5 rule: an item rated 2 “Moderately” or "
            "higher counts; needs 1 of B (items 1-5), 1 of C (6-7), 2 of D (8-14) and 2 of E "
            "(15-20). Emotional numbing: any of items 12-14 rated 2 or higher. No severity "
            "bands exist for the PCL-5."
        ),
    )


PCL_5 = Questionnaire(
    code="pcl-5",
    version="1",
    title="PTSD Checklist for DSM-5 (PCL-5)",
    description=(
        "Below is a list of problems that people sometimes have in response to a very "
        "stressful experience. Please read each problem carefully and then circle one of the "
        "numbers to the right to indicate how much you have been bothered by that problem in "
        "the past month."
    ),
    validated=True,
    loinc="101697-1",
    loinc_total="101698-9",
    loinc_total_confirmed=True,  # 101698-9: CLINICAL.md, checked against US Core and loinc.org
    recall="The past month.",
    recall_window=timedelta(days=30),
    source=(
        "Weathers, F. W., Litz, B. T., Keane, T. M., Palmieri, P. A., Marx, B. P., & Schnurr, "
        "P. P. (2013). The PTSD Checklist for DSM-5 (PCL-5) - Standard [Measurement "
        "instrument], form version 11 April 2018. National Center for PTSD. "
        "https://www.ptsd.va.gov/professional/assessment/adult-sr/ptsd-checklist.asp"
    ),
    licence=(
        "Public domain: a work of the US Department of Veterans Affairs (National Center for "
        "PTSD), not copyrighted. Validated wording: do not edit."
    ),
    items=tuple(
        Item(link_id=link_id(number), text=text, options=OPTIONS, help_text=_STEM)
        for number, text in enumerate(_ITEMS, start=1)
    ),
    scorer=_score,
)
