"""GAD-7: Generalized Anxiety Disorder 7-item scale (Spitzer, Kroenke, Williams & Löwe 2006,
Arch Intern Med 166:1092-1097).

Wording: the English GAD-7 form distributed on phqscreeners.com (Pfizer edition, "No permission
required to reproduce, translate, display or distribute."), checked against the LOINC panel
69737-5 form text as published in LOINC-generated FHIR Questionnaires, the HL7 Personal Health
Record IG example (HL7/personal-health-record-format-ig, QuestionnaireResponse-ScoredAssessment-
GAD7.fsh) and a reproduction of the form (https://scales.arabpsychology.com/index.php/s/gad-7-
anxiety-severity/). The form reads "anxious or on edge" (no comma) and "afraid as if"; the 2006
paper prints "anxious, or on edge". LOINC's own text for 68509-9 ("Over the past 2 weeks have
you not been able to stop or control worrying") is LOINC's question name, not the form wording.

LOINC: panel 69737-5, total 70274-6, items as in CLINICAL.md. Item 2 (68509-9) is a shared LOINC
question whose answer list codes its score-2 answer LA18938-3 ("More days than not" in LOINC).
The form shows every item with the same scale, so that option is displayed with the form's
words "More than half the days" and keeps LOINC's code: each option carries its own score, so
no global code table is ever consulted.
"""

from collections.abc import Mapping
from datetime import timedelta

from screening.schema import LOINC, Item, Option, Questionnaire
from screening.scoring import Band, Score, band_for, item_scores, max_score, reaches

NOT_AT_ALL = Option("LA6568-5", "Not at all", 0, LOINC)
SEVERAL_DAYS = Option("LA6569-3", "Several days", 1, LOINC)
MORE_THAN_HALF = Option("LA6570-1", "More than half the days", 2, LOINC)
# Item 2's score-2 answer: same words on the form, LOINC code from 68509-9's answer list.
MORE_THAN_HALF_ITEM2 = Option("LA18938-3", "More than half the days", 2, LOINC)
NEARLY_EVERY_DAY = Option("LA6571-9", "Nearly every day", 3, LOINC)
FREQUENCY = (NOT_AT_ALL, SEVERAL_DAYS, MORE_THAN_HALF, NEARLY_EVERY_DAY)
FREQUENCY_ITEM2 = (NOT_AT_ALL, SEVERAL_DAYS, MORE_THAN_HALF_ITEM2, NEARLY_EVERY_DAY)

ITEM2 = "68509-9"
_ITEMS = (
    ("69725-0", "Feeling nervous, anxious or on edge"),
    (ITEM2, "Not being able to stop or control worrying"),
    ("69733-4", "Worrying too much about different things"),
    ("69734-2", "Trouble relaxing"),
    ("69735-9", "Being so restless that it is hard to sit still"),
    ("69689-8", "Becoming easily annoyed or irritable"),
    ("69736-7", "Feeling afraid as if something awful might happen"),
)
ITEM_IDS = tuple(link_id for link_id, _ in _ITEMS)

BANDS = (
    Band(0, 4, "minimal"),
    Band(5, 9, "mild"),
    Band(10, 14, "moderate"),
    Band(15, 21, "severe"),
)
CUTOFF = 10
CUTOFF_TEXT = (
    "\u226510: further evaluation for an anxiety disorder (Spitzer 2006). "
    "5 / 10 / 15: mild / moderate / severe."
)


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    scores, missing = item_scores(questionnaire, answers)
    known = sum(scores.values())
    # Missing items: the Pfizer instructions give no rule for the GAD-7 (nor does Spitzer
    # 2006), so the total is not computed when any item is missing; the cut-off stays
    # three-valued (met, not met, or cannot tell).
    total = None if missing else known
    return Score(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        total=total,
        band=band_for(total, BANDS),
        positive=reaches(known, max_score(questionnaire, missing), CUTOFF),
        missing=missing,
        cutoff=CUTOFF_TEXT,
    )


GAD7 = Questionnaire(
    code="gad-7",
    version="1",
    title="Generalized Anxiety Disorder 7-item (GAD-7) scale",
    description=(
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    ),
    validated=True,
    loinc="69737-5",
    loinc_total="70274-6",
    loinc_total_confirmed=True,  # 70274-6: CLINICAL.md, checked against US Core and loinc.org
    recall="Last 2 weeks",
    recall_window=timedelta(weeks=2),
    source=(
        "Spitzer RL, Kroenke K, Williams JBW, L\u00f6we B. A brief measure for assessing "
        "generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092-1097. "
        "Wording: GAD-7 English form, phqscreeners.com edition (Pfizer)."
    ),
    licence=(
        "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
        "colleagues, with an educational grant from Pfizer Inc. No permission required to "
        "reproduce, translate, display or distribute."
    ),
    items=tuple(
        Item(link_id=link_id, text=text, options=FREQUENCY_ITEM2 if link_id == ITEM2 else FREQUENCY)
        for link_id, text in _ITEMS
    ),
    scorer=_score,
)
