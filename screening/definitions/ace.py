"""Adverse Childhood Experience (ACE) Questionnaire for Adults, with its scoring.

Published source: the 10-category adult ACE questionnaire of ACEs Aware, compiled by the
Office of the California Surgeon General and the Department of Health Care Services with the
California Surgeon General's Clinical Advisory Committee, adapted from the CDC-Kaiser
Permanente ACE Study (Felitti et al. 1998, Am J Prev Med 14:245-258). This is the
"identified" version (the person marks which categories apply):
https://www.acesaware.org/wp-content/uploads/2022/07/ACE-Questionnaire-for-Adults-Identified-English-rev.7.26.22.pdf

Wording checked against:
- the ACEs Aware form as reproduced at
  https://fill.io/Adverse-Childhood-Experience-Questionnaire-for-Adults (the de-identified
  variant: introduction, items 1-9, the start of item 10, the scoring line "Your ACE score
  is the total number of yes responses." and the follow-up question with its answers), and
- for the identified variant's instructions and the rest of item 10, public transcriptions
  of the identified form that agree with each other (found in the public code index by exact
  phrase: "place a checkmark next to each ACE category", "oral/anal/vaginal
  intercourse/penetration").
The ACEs Aware PDF itself could not be read here. The instructions are the paper form's
("place a checkmark ... add up ... put the total number at the bottom"), kept unchanged
because the wording is validated; here each category is answered Yes or No and the total is
counted for the person, which is what the form's own scoring line describes.

The follow-up question "Do you believe that these experiences have affected your health?"
(Not Much / Some / A Lot) is part of the ACEs Aware form; it is asked, optional and unscored.

LOINC: no panel code for this questionnaire could be confirmed (CLINICAL.md's 112441-1 is
marked "check", and nothing public confirmed it), so `loinc` is None, and the items use
local link ids "ace-1" ... "ace-10". Yes/No use LOINC's answer codes LA33-6 / LA32-8, as the
HL7 US Behavioral Health Profiles example of this questionnaire does. (LOINC's ACE item codes
82814-5 etc. name the CDC-Kaiser categories, whose questions are worded differently, so they
are not used as link ids.)

Scoring (ACEs Aware): one point per category answered yes, 0-10. Here: >= 1 is childhood
adversity (the candidacy indication), >= 4 is "high" (ACEs Aware's high-risk threshold). The
score counts exposure; it is not a diagnosis. No missing-item rule is published, so an
unanswered item leaves the total unscored (None) and the thresholds three-valued.
"""

from collections.abc import Mapping

from screening.schema import LOINC, Item, Option, Questionnaire
from screening.scoring import (
    Band,
    Score,
    ScoringError,
    band_for,
    item_scores,
    max_score,
    reaches,
)

YES = Option("LA33-6", "Yes", 1, system=LOINC)
NO = Option("LA32-8", "No", 0, system=LOINC)
HIGH = 4
HEALTH_IMPACT = "ace-health-impact"

BANDS = (
    Band(0, 0, "0"),
    Band(1, 3, "1-3"),
    Band(HIGH, 10, "4 or more (high)"),
)

_ITEMS = (
    "Did you feel that you didn\u2019t have enough to eat, had to wear dirty clothes, or had no "
    "one to protect or take care of you?",
    "Did you lose a parent through divorce, abandonment, death, or other reason?",
    "Did you live with anyone who was depressed, mentally ill, or attempted suicide?",
    "Did you live with anyone who had a problem with drinking or using drugs, including "
    "prescription drugs?",
    "Did your parents or adults in your home ever hit, punch, beat, or threaten to harm each "
    "other?",
    "Did you live with anyone who went to jail or prison?",
    "Did a parent or adult in your home ever swear at you, insult you, or put you down?",
    "Did a parent or adult in your home ever hit, beat, kick, or physically hurt you in any "
    "way?",
    "Did you feel that no one in your family loved you or thought you were special?",
    "Did you experience unwanted sexual contact (such as fondling or oral/anal/vaginal "
    "intercourse/penetration)?",
)


def _check_answers(questionnaire: Questionnaire, answers: Mapping[str, object]) -> None:
    """An answer outside an asked item's options is an error, scored item or not."""
    for item in questionnaire.enabled_items(answers):
        value = answers.get(item.link_id)
        if value not in (None, "") and item.option(str(value)) is None:
            raise ScoringError(questionnaire.code, item.link_id, value)


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    _check_answers(questionnaire, answers)
    scores, missing = item_scores(questionnaire, answers)
    known = sum(scores.values())
    unknown_max = max_score(questionnaire, missing)
    total = None if missing else known
    return Score(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        total=total,
        band=band_for(total, BANDS),
        positive=reaches(known, unknown_max, 1),
        criteria={"high": reaches(known, unknown_max, HIGH)},
        missing=missing,
        cutoff=(
            "Count of “yes”, 0-10. 1 or more: childhood adversity; "
            f"{HIGH} or more: high. Bands 0 / 1-3 / 4 or more. A count of exposure, "
            "not a diagnosis."
        ),
    )


ACE = Questionnaire(
    code="ace",
    version="1",
    title="Adverse Childhood Experience Questionnaire for Adults",
    description=(
        "Our relationships and experiences\u2014even those in childhood\u2014can affect our "
        "health and well-being. Difficult childhood experiences are very common. Please tell "
        "us whether you have had any of the experiences listed below, as they may be affecting "
        "your health today or may affect your health in the future. This information will "
        "help you and your provider better understand how to work together to support your "
        "health and well-being.\n"
        "Instructions: Below is a list of 10 categories of Adverse Childhood Experiences "
        "(ACEs). From the list below, please place a checkmark next to each ACE category that "
        "you experienced prior to your 18th birthday. Then, please add up the number of "
        "categories of ACEs you experienced and put the total number at the bottom."
    ),
    validated=True,
    loinc=None,
    loinc_total=None,
    recall="Before your 18th birthday.",
    source=(
        "ACEs Aware: Adverse Childhood Experience Questionnaire for Adults (identified, rev. "
        "7/26/22), California Surgeon General's Clinical Advisory Committee, adapted from the "
        "CDC-Kaiser Permanente ACE Study (Felitti et al. 1998, Am J Prev Med 14:245-258). "
        "https://www.acesaware.org/wp-content/uploads/2022/07/"
        "ACE-Questionnaire-for-Adults-Identified-English-rev.7.26.22.pdf"
    ),
    licence=(
        "Published by the State of California (ACEs Aware) for free use in clinical screening; "
        "no explicit licence statement found. The CDC BRFSS ACE module is the explicitly "
        "uncopyrighted alternative. Validated wording: do not edit."
    ),
    items=(
        *(
            Item(link_id=f"ace-{number}", text=text, options=(YES, NO))
            for number, text in enumerate(_ITEMS, start=1)
        ),
        Item(
            link_id=HEALTH_IMPACT,
            text="Do you believe that these experiences have affected your health?",
            options=(Option("not-much", "Not Much"), Option("some", "Some"),
                     Option("a-lot", "A Lot")),
            required=False,
        ),
    ),
    scorer=_score,
)
