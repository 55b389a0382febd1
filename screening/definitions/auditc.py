"""AUDIT-C: the three consumption questions of the WHO Alcohol Use Disorders Identification Test
(Bush et al. 1998, Arch Intern Med 158:1789-1795; cut-offs from Bradley et al. 2007, Alcohol
Clin Exp Res 31:1208-1217).

Wording: questions 1-3 and the opening lines of the self-report version of the AUDIT in Babor,
Higgins-Biddle, Saunders & Monteiro, "AUDIT: The Alcohol Use Disorders Identification Test.
Guidelines for Use in Primary Care", 2nd ed., WHO 2001 (WHO/MSD/MSB/01.6a), checked against
copies of that manual and of its self-report form (https://studylib.net/doc/8651865/,
https://passport.world.rugby/player-welfare-medical/mindset-a-mental-health-resource-for-team-
doctors/appendices/appendix-7-alcohol-audit). Its paper-only line "Place an X in one box that
best describes your answer to each question." is left out. Question 3 keeps the WHO "six or
more drinks" (some US versions print "5 or more" or "4 or more"). The skip after "Never" on
question 1 is the manual's interview instruction ("Skip to Questions 9-10"): a person who
never drinks is not asked how much they drink, and the skipped questions add nothing.

LOINC: panel 72109-2, total 75626-2, items 68518-0, 68519-8, 68520-6 in that order, answers
from LOINC answer lists LL2179-1, LL2180-9, LL2181-7 (as used in public LOINC-coded FHIR
questionnaires). The US Core example that puts 68517-2 first is not an AUDIT-C item: 68517-2 is
"How many times in the past year have you had X or more drinks in a day?", a count (the NIAAA
single alcohol question), recorded there as a quantity.
"""

from collections.abc import Mapping

from screening.schema import LOINC, EnableBehavior, EnableWhen, Item, Option, Questionnaire
from screening.scoring import Score, item_scores, max_score, reaches

FREQUENCY = "68518-0"
TYPICAL_QUANTITY = "68519-8"
SIX_OR_MORE = "68520-6"

NEVER = Option("LA6270-8", "Never", 0, LOINC)
_DRINKERS = (
    Option("LA18926-8", "Monthly or less", 1, LOINC),
    Option("LA18927-6", "2 to 4 times a month", 2, LOINC),
    Option("LA18928-4", "2 to 3 times a week", 3, LOINC),
    Option("LA18929-2", "4 or more times a week", 4, LOINC),
)
# Questions 2 and 3 are asked of people who drink at all (any answer but "Never").
_IF_DRINKS = tuple(EnableWhen(FREQUENCY, option.code) for option in _DRINKERS)

CUTOFF_MEN = 4
CUTOFF_WOMEN = 3
CUTOFF_TEXTS = {
    "male": "\u22654 (men): positive screen for unhealthy alcohol use (Bradley 2007).",
    "female": "\u22653 (women): positive screen for unhealthy alcohol use (Bradley 2007).",
    None: (
        "\u22653 (sex not given, so the lower cut-off for women): positive screen for "
        "unhealthy alcohol use (Bradley 2007)."
    ),
}


def _sex(params: Mapping[str, object]) -> str | None:
    """"male" or "female" from params["sex"]; anything else counts as not given."""
    sex = params.get("sex")
    sex = sex.strip().lower() if isinstance(sex, str) else None
    return sex if sex in ("male", "female") else None


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    sex = _sex(params)
    cutoff = CUTOFF_MEN if sex == "male" else CUTOFF_WOMEN
    scores, missing = item_scores(questionnaire, answers)
    known = sum(scores.values())
    # No published rule for scoring an incomplete AUDIT-C: total only when every question that
    # was asked is answered. When question 1 is missing, 2 and 3 are not asked yet, and
    # question 1 alone (up to 4) could reach either cut-off, so the screen cannot tell.
    total = None if missing else known
    return Score(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        total=total,
        positive=reaches(known, max_score(questionnaire, missing), cutoff),
        missing=missing,
        cutoff=CUTOFF_TEXTS[sex],
    )


AUDIT_C = Questionnaire(
    code="audit-c",
    version="1",
    title="Alcohol Use Disorders Identification Test \u2013 Consumption (AUDIT-C)",
    description=(
        "Because alcohol use can affect your health and can interfere with certain medications "
        "and treatments, it is important that we ask some questions about your use of alcohol. "
        "Your answers will remain confidential so please be honest."
    ),
    validated=True,
    loinc="72109-2",
    loinc_total="75626-2",
    loinc_total_confirmed=True,  # 75626-2: CLINICAL.md, checked against US Core and loinc.org
    recall="Past year",
    source=(
        "WHO AUDIT questions 1-3 (Babor et al., AUDIT: Guidelines for Use in Primary Care, "
        "2nd ed., WHO 2001, WHO/MSD/MSB/01.6a, self-report version); AUDIT-C: Bush et al. "
        "1998; cut-offs \u22654 men, \u22653 women: Bradley et al. 2007."
    ),
    licence=(
        "WHO AUDIT (World Health Organization 2001); public domain per CLINICAL.md. Check "
        "WHO's terms before commercial use."
    ),
    items=(
        Item(
            link_id=FREQUENCY,
            text="How often do you have a drink containing alcohol?",
            options=(NEVER, *_DRINKERS),
        ),
        Item(
            link_id=TYPICAL_QUANTITY,
            text=(
                "How many drinks containing alcohol do you have on a typical day when you are "
                "drinking?"
            ),
            options=(
                Option("LA15694-5", "1 or 2", 0, LOINC),
                Option("LA15695-2", "3 or 4", 1, LOINC),
                Option("LA18930-0", "5 or 6", 2, LOINC),
                Option("LA18931-8", "7 to 9", 3, LOINC),
                Option("LA18932-6", "10 or more", 4, LOINC),
            ),
            enable_when=_IF_DRINKS,
            enable_behavior=EnableBehavior.ANY,
        ),
        Item(
            link_id=SIX_OR_MORE,
            text="How often do you have six or more drinks on one occasion?",
            options=(
                NEVER,
                Option("LA18933-4", "Less than monthly", 1, LOINC),
                Option("LA18876-5", "Monthly", 2, LOINC),
                Option("LA18891-4", "Weekly", 3, LOINC),
                Option("LA18934-2", "Daily or almost daily", 4, LOINC),
            ),
            enable_when=_IF_DRINKS,
            enable_behavior=EnableBehavior.ANY,
        ),
    ),
    scorer=_score,
)
