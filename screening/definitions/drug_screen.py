"""Single-question drug screen (Smith, Schmidt, Allensworth-Davies & Saitz. A single-question
screening test for drug use in primary care. Arch Intern Med 2010;170(13):1155-1160).

Wording: the question as printed in the published article's abstract (PubMed 20625025,
https://pubmed.ncbi.nlm.nih.gov/20625025/, and the journal page
http://archinte.jamanetwork.com/article.aspx?articleid=225770), which spells "nonmedical"; the
author manuscript in PMC (PMC2911954) spells "non-medical". The answer is a number of times;
"a response of at least 1 time was considered positive for drug use".

LOINC: 68524-8 is the question code with this wording ("Illegal drug non-med reason past Y
nRate", a count per year; used by the AHC HRSN screening tool and the US Core example
AHC-HRSN-item-example-68524-8, which answer it in ordinal bands instead of a count). There is
no panel or separate total code: the total is the count itself.
"""

from collections.abc import Mapping

from screening.schema import AnswerType, Item, Questionnaire
from screening.scoring import Score, ScoringError

QUESTION = "68524-8"
CUTOFF = 1
CUTOFF_TEXT = (
    "\u22651 time in the past year: positive screen for drug use, further assessment "
    "(Smith 2010)."
)


def _count(questionnaire: Questionnaire, value: object) -> int:
    """The answered count, a whole number of times, 0 or more."""
    if isinstance(value, bool):  # bool is an int subclass; True is not "1 time"
        raise ScoringError(questionnaire.code, QUESTION, value)
    if isinstance(value, int):
        count = value
    elif isinstance(value, str) and value.strip().isdecimal():
        count = int(value.strip())
    else:
        raise ScoringError(questionnaire.code, QUESTION, value)
    if count < 0:
        raise ScoringError(questionnaire.code, QUESTION, value)
    return count


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    value = answers.get(QUESTION)
    if value in (None, ""):
        return Score(
            questionnaire=questionnaire.code,
            version=questionnaire.version,
            total=None,
            positive=None,
            missing=(QUESTION,),
            cutoff=CUTOFF_TEXT,
        )
    count = _count(questionnaire, value)
    return Score(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        total=count,
        positive=count >= CUTOFF,
        cutoff=CUTOFF_TEXT,
    )


DRUG_SCREEN = Questionnaire(
    code="drug-screen",
    version="1",
    title="Single-Question Screening Test for Drug Use",
    validated=True,
    recall="Past year",
    source=(
        "Smith PC, Schmidt SM, Allensworth-Davies D, Saitz R. A single-question screening "
        "test for drug use in primary care. Arch Intern Med 2010;170(13):1155-1160."
    ),
    licence="Published screening question; free to use.",
    items=(
        Item(
            link_id=QUESTION,
            text=(
                "How many times in the past year have you used an illegal drug or used a "
                "prescription medication for nonmedical reasons?"
            ),
            answer_type=AnswerType.INTEGER,
        ),
    ),
    scorer=_score,
)
