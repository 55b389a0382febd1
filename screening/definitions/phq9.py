"""PHQ-9: Patient Health Questionnaire-9 (Kroenke, Spitzer & Williams 2001, J Gen Intern Med
16:606-613), the depression module of the PRIME-MD PHQ (Spitzer et al. 1999).

Wording: the English PHQ-9 form in the edition distributed on phqscreeners.com ("Developed by
Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational
grant from Pfizer Inc. No permission required to reproduce, translate, display or
distribute."), checked against public reproductions of that form
(https://therandomtandem.com/mood-screening-questionnaire-printable-4892,
https://www.ementalhealth.ca/index.php?m=survey&ID=42). Older Pfizer editions (1999, A2663B
2005) and LOINC's own form differ in punctuation ("noticed. Or the opposite", "dead, or of
hurting"); this definition follows the current edition throughout.

LOINC: panel 44249-1, items and answers as listed in CLINICAL.md, checked against the HL7
Personal Health Record IG Questionnaire "phq9" and US Core examples; difficulty item 69722-7
with answers LA6572-7, LA6573-5, LA6575-0 (very), LA6574-3 (extremely) as in LOINC-generated
FHIR forms and the MII PRO value set.
"""

from collections.abc import Mapping
from datetime import timedelta

from screening.definitions.spanish import PHQ9_ES
from screening.schema import (
    LOINC,
    AnswerType,
    EnableBehavior,
    EnableWhen,
    Item,
    Option,
    Questionnaire,
)
from screening.scoring import Band, Score, band_for, item_scores, max_score, reaches

NOT_AT_ALL = Option("LA6568-5", "Not at all", 0, LOINC)
SEVERAL_DAYS = Option("LA6569-3", "Several days", 1, LOINC)
MORE_THAN_HALF = Option("LA6570-1", "More than half the days", 2, LOINC)
NEARLY_EVERY_DAY = Option("LA6571-9", "Nearly every day", 3, LOINC)
FREQUENCY = (NOT_AT_ALL, SEVERAL_DAYS, MORE_THAN_HALF, NEARLY_EVERY_DAY)

ITEM9 = "44260-8"
DIFFICULTY = "69722-7"

_PROBLEMS = (
    ("44250-9", "Little interest or pleasure in doing things"),
    ("44255-8", "Feeling down, depressed, or hopeless"),
    ("44259-0", "Trouble falling or staying asleep, or sleeping too much"),
    ("44254-1", "Feeling tired or having little energy"),
    ("44251-7", "Poor appetite or overeating"),
    (
        "44258-2",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or "
        "your family down",
    ),
    (
        "44252-5",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
    ),
    (
        "44253-3",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite "
        "\u2014 being so fidgety or restless that you have been moving around a lot more than "
        "usual",
    ),
    (ITEM9, "Thoughts that you would be better off dead or of hurting yourself in some way"),
)
PROBLEM_IDS = tuple(link_id for link_id, _ in _PROBLEMS)

BANDS = (
    Band(0, 4, "minimal"),
    Band(5, 9, "mild"),
    Band(10, 14, "moderate"),
    Band(15, 19, "moderately severe"),
    Band(20, 27, "severe"),
)
CUTOFF = 10
CUTOFF_TEXT = (
    "\u226510: probable major depression, further evaluation (Kroenke 2001). "
    "Item 9 above 0: same-day safety follow-up, whatever the total."
)


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    scores, missing = item_scores(questionnaire, answers)
    known = sum(scores.values())
    # Missing items: the Pfizer PHQ instructions give no rule for them. Prorating one or two
    # missing items (mean of the answered items) appears in research use (e.g. Arrieta et al.
    # 2017, J Clin Psychol 73:1076) but is not the instrument's own published rule, so the
    # total is not computed when any item is missing; the cut-off stays three-valued.
    total = None if missing else known
    item9 = scores.get(ITEM9)
    item9_above_0 = None if item9 is None else item9 > 0  # missing never clears the flag
    return Score(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        total=total,
        band=band_for(total, BANDS),
        positive=reaches(known, max_score(questionnaire, missing), CUTOFF),
        criteria={"item9": item9_above_0},
        flags=("phq9-item9",) if item9_above_0 else (),
        missing=missing,
        cutoff=CUTOFF_TEXT,
    )


PHQ9 = Questionnaire(
    code="phq-9",
    version="1",
    title="Patient Health Questionnaire-9 (PHQ-9)",
    description=(
        "Over the last 2 weeks, how often have you been bothered by any of the following "
        "problems?"
    ),
    validated=True,
    loinc="44249-1",
    loinc_total="44261-6",
    loinc_total_confirmed=True,  # 44261-6: CLINICAL.md, checked against US Core and loinc.org
    recall="Last 2 weeks",
    recall_window=timedelta(weeks=2),
    source=(
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression "
        "severity measure. J Gen Intern Med 2001;16:606-613. Wording: PHQ-9 English form, "
        "phqscreeners.com edition (Pfizer)."
    ),
    licence=(
        "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
        "colleagues, with an educational grant from Pfizer Inc. No permission required to "
        "reproduce, translate, display or distribute."
    ),
    items=(
        *(Item(link_id=link_id, text=text, options=FREQUENCY) for link_id, text in _PROBLEMS),
        Item(
            link_id=DIFFICULTY,
            text=(
                "If you checked off any problems, how difficult have these problems made it "
                "for you to do your work, take care of things at home, or get along with other "
                "people?"
            ),
            answer_type=AnswerType.CHOICE,
            options=(
                Option("LA6572-7", "Not difficult at all", None, LOINC),
                Option("LA6573-5", "Somewhat difficult", None, LOINC),
                Option("LA6575-0", "Very difficult", None, LOINC),
                Option("LA6574-3", "Extremely difficult", None, LOINC),
            ),
            required=False,
            # The form asks it only "if you checked off any problems": any item above 0.
            enable_when=tuple(
                EnableWhen(link_id, option.code)
                for link_id in PROBLEM_IDS
                for option in (SEVERAL_DAYS, MORE_THAN_HALF, NEARLY_EVERY_DAY)
            ),
            enable_behavior=EnableBehavior.ANY,
        ),
    ),
    scorer=_score,
    translations=(PHQ9_ES,),
)
