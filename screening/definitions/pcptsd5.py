"""Primary Care PTSD Screen for DSM-5 (PC-PTSD-5), with its scoring.

Published source: Prins, A., Bovin, M. J., Kimerling, R., Kaloupek, D. G., Marx, B. P.,
Pless Kaiser, A., & Schnurr, P. P. (2016). Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)
[Measurement instrument]. US Department of Veterans Affairs, National Center for PTSD,
https://www.ptsd.va.gov/professional/assessment/screens/pc-ptsd.asp . Development and
validation: Prins et al. (2016), J Gen Intern Med 31:1206-1211, doi:10.1007/s11606-016-3703-5.

Wording checked against:
- the instrument as printed in Prins et al. 2016, appendix table
  (https://pmc.ncbi.nlm.nih.gov/articles/PMC5023594/table/Taba), and
- the National Center for PTSD form as reproduced, with its source line, in the Australian
  comorbidity guidelines, Appendix R
  (https://comorbidityguidelines.org.au/appendices/appendix-r-primary-care-ptsd-screen-for-dsm5-pcptsd5).
The two agree word for word except that the journal table misprints "events(s)" in item 5;
the VA form's "event(s)" is used. The paper form's "If no, screen total = 0. Please stop
here. If yes, please answer the questions below." is carried out by enable-when, not shown.
The stem "In the past month, have you…" (journal table) is shown with each of items 1-5.

LOINC codes (panel 102010-6, exposure item 102011-4, items 102012-2, 102013-0, 102014-8,
102015-5, 102016-3, total 102017-1; answers LA33-6 Yes, LA32-8 No) checked against a public
FHIR Questionnaire that uses them: uwcirg/fhir-questionnaires, CIRG-PC-PTSD-5.json.

Scoring (ptsd.va.gov, and Prins et al. 2016): a "No" to the exposure item completes the
screen with a score of 0; otherwise the score is the count of "Yes" to items 1-5 (0-5).
A cut-point of 3 is optimally sensitive (the default here); 4 balanced false positives and
negatives best in later VA samples (Bovin et al. 2021, JAMA Netw Open 4:e2036733). No
missing-item rule is published, so an unanswered item leaves the total unscored (None) and
the screen three-valued: decided when the missing answers could not change it.
"""

from collections.abc import Mapping

from screening.schema import LOINC, EnableWhen, Item, Option, Questionnaire
from screening.scoring import Score, ScoringError, item_scores, max_score, reaches

GATE = "102011-4"
YES = Option("LA33-6", "Yes", 1, system=LOINC)
NO = Option("LA32-8", "No", 0, system=LOINC)
# The exposure question is not itself scored: it decides whether items 1-5 are asked.
GATE_YES = Option(YES.code, YES.display, system=LOINC)
GATE_NO = Option(NO.code, NO.display, system=LOINC)

DEFAULT_CUTOFF = 3
_STEM = "In the past month, have you…"
_ASKED_AFTER_EXPOSURE = (EnableWhen(GATE, GATE_YES.code),)


def _symptom(link_id: str, text: str) -> Item:
    return Item(link_id=link_id, text=text, options=(YES, NO), help_text=_STEM,
                enable_when=_ASKED_AFTER_EXPOSURE)


def _check_answer(questionnaire: Questionnaire, link_id: str, value: object) -> None:
    if value not in (None, "") and questionnaire.item(link_id).option(str(value)) is None:
        raise ScoringError(questionnaire.code, link_id, value)


def _cutoff(params: Mapping[str, object]) -> int:
    value = params.get("pcptsd5_cutoff", DEFAULT_CUTOFF)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError(f"pcptsd5_cutoff must be a whole number from 1 to 5, not {value!r}")
    return value


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    cutoff = _cutoff(params)
    rule = (
        f"Positive at {cutoff} or more “yes” of 5 (cut-off used: {cutoff}; 3 is the "
        "most sensitive, 4 balances false results). “No” to the trauma-exposure "
        "question scores 0, negative."
    )
    common = {"questionnaire": questionnaire.code, "version": questionnaire.version,
              "cutoff": rule}
    gate = answers.get(GATE)
    _check_answer(questionnaire, GATE, gate)
    if gate in (None, ""):
        # Items 1-5 are not asked until the exposure question is answered.
        return Score(total=None, positive=None, missing=(GATE,), **common)
    if gate == GATE_NO.code:
        return Score(total=0, positive=False, **common)
    scores, missing = item_scores(questionnaire, answers)
    known = sum(scores.values())
    return Score(
        total=None if missing else known,
        positive=reaches(known, max_score(questionnaire, missing), cutoff),
        missing=missing,
        **common,
    )


PC_PTSD_5 = Questionnaire(
    code="pc-ptsd-5",
    version="1",
    title="Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)",
    description=(
        "Sometimes things happen to people that are unusually or especially frightening, "
        "horrible, or traumatic. For example:\n"
        "\u2022 a serious accident or fire\n"
        "\u2022 a physical or sexual assault or abuse\n"
        "\u2022 an earthquake or flood\n"
        "\u2022 a war\n"
        "\u2022 seeing someone be killed or seriously injured\n"
        "\u2022 having a loved one die through homicide or suicide."
    ),
    validated=True,
    loinc="102010-6",
    loinc_total="102017-1",
    # Not confirmed: CLINICAL.md has 102017-1 "seen in public FHIR questionnaires only: check",
    # so no score Observation carries it until it is checked on loinc.org.
    loinc_total_confirmed=False,
    recall="Exposure: ever. Items 1-5: the past month.",
    source=(
        "Prins, A., Bovin, M. J., Kimerling, R., Kaloupek, D. G., Marx, B. P., Pless Kaiser, "
        "A., & Schnurr, P. P. (2016). Primary Care PTSD Screen for DSM-5 (PC-PTSD-5) "
        "[Measurement instrument]. National Center for PTSD, US Department of Veterans "
        "Affairs. https://www.ptsd.va.gov/professional/assessment/screens/pc-ptsd.asp ; "
        "Prins et al. (2016), J Gen Intern Med 31:1206-1211."
    ),
    licence=(
        "Public domain: a work of the US Department of Veterans Affairs (National Center for "
        "PTSD), free to use. Validated wording: do not edit."
    ),
    items=(
        Item(
            link_id=GATE,
            text="Have you ever experienced this kind of event?",
            options=(GATE_YES, GATE_NO),
        ),
        _symptom(
            "102012-2",
            "Had nightmares about the event(s) or thought about the event(s) when you did "
            "not want to?",
        ),
        _symptom(
            "102013-0",
            "Tried hard not to think about the event(s) or went out of your way to avoid "
            "situations that reminded you of the event(s)?",
        ),
        _symptom("102014-8", "Been constantly on guard, watchful, or easily startled?"),
        _symptom(
            "102015-5",
            "Felt numb or detached from people, activities, or your surroundings?",
        ),
        _symptom(
            "102016-3",
            "Felt guilty or unable to stop blaming yourself or others for the event(s) or any "
            "problems the event(s) may have caused?",
        ),
    ),
    scorer=_score,
)
