"""ASQ: the NIMH Ask Suicide-Screening Questions (Horowitz et al. 2012, Arch Pediatr Adolesc Med
166:1170-1176; validated for adult medical inpatients by Horowitz et al. 2020, Psychosomatics
61:713-722).

Wording: the ASQ Suicide Risk Screening Tool in the NIMH ASQ Toolkit
(https://www.nimh.nih.gov/labs-at-nimh/asq-toolkit-materials/index.shtml), checked
against a copy of the toolkit PDF (https://www.scribd.com/document/487904290/ASQ-pdf,
questions 1-2 and the rule "positive screen: yes to any of the 4 items") and public
reproductions of questions 3-5, which agree word for word.

Questions 1-4 are always asked; question 5, the acuity question, only "if the patient answers
Yes to any of the above". The tool's free-text follow-ups ("If yes, how? When?" after
question 4, "If yes, please describe:" after question 5) are for the clinician's notes and are
not part of the score; they are left out of this self-report version. The tool's opening
instruction, "Ask the patient:", is addressed to the clinician, so no description is shown.

No LOINC codes exist for the ASQ: local link ids and answer codes.

Version 2 follows the toolkit's pathway for refusals: questions 1-4 offer "I'd rather not
answer", and a refusal counts as a positive screen (not acute); question 5 is asked after a
yes or a refusal, and a positive screen whose acuity question is left unanswered is treated
as acute (the client is told to call now). The refusal option's wording is ours; the
questions' wording is unchanged. Version 1 (no refusal option) stays for answers given under
it.
"""

import dataclasses
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from screening.schema import EnableBehavior, EnableWhen, Item, Option, Questionnaire
from screening.scoring import Score, ScoringError, item_scores

YES = Option("yes", "Yes", 1)
NO = Option("no", "No", 0)
# The acuity answer is not part of the count of yes answers, so its options carry no score.
ACUTE_YES = Option("yes", "Yes")
ACUTE_NO = Option("no", "No")
# Version 2: declining counts as a positive screen (NIMH ASQ pathway); it carries no score.
# Shown with the instrument, in the instrument's language (English until an official Spanish
# ASQ is attached), like the questions around it.
REFUSED = Option("refused", "I'd rather not answer")

SCREEN_IDS = ("asq-1", "asq-2", "asq-3", "asq-4")
ACUITY = "asq-5"

CUTOFF_TEXT = (
    "Yes to any of questions 1-4: positive screen, brief suicide safety assessment. "
    "Yes to question 5: acute positive (imminent risk), immediate full mental health "
    "evaluation."
)


def _score(
    questionnaire: Questionnaire, answers: Mapping[str, object], params: Mapping[str, object]
) -> Score:
    scores, missing = item_scores(questionnaire, answers)  # questions 1-4
    yes_count = sum(scores.values())
    refusal_counts = questionnaire.version != "1"
    refused = tuple(link_id for link_id in SCREEN_IDS if answers.get(link_id) == REFUSED.code)
    # Version 1: a missing answer to 1-4 with no yes elsewhere cannot tell. Version 2: a
    # refusal is a positive screen; an answer merely left out still cannot tell.
    if yes_count or (refusal_counts and refused):
        positive: bool | None = True
    elif missing:
        positive = None
    else:
        positive = False

    acuity = questionnaire.item(ACUITY)
    if answers.get(ACUITY) == ACUTE_YES.code:
        # "Yes, right now" counts whatever else was answered: a page seen without
        # JavaScript shows question 5 to everyone, and this answer must never be lost.
        acute = True
        positive = True
    elif questionnaire.is_enabled(acuity, answers) or (refusal_counts and positive):
        value = answers.get(ACUITY)
        if value in (None, ""):
            # Version 2: a positive screen with the acuity question unanswered is acute.
            acute: bool | None = True if refusal_counts and positive else None
            missing = (*missing, ACUITY)
        else:
            option = acuity.option(str(value))
            if option is None:
                raise ScoringError(questionnaire.code, ACUITY, value)
            acute = option.code == ACUTE_YES.code
    else:
        # Not asked: the screen is negative (no acute risk) or cannot tell yet.
        acute = False if positive is False else None

    flags = (*(("asq-positive",) if positive else ()), *(("asq-acute",) if acute else ()))
    return Score(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        total=None if any(link_id in missing for link_id in SCREEN_IDS) else yes_count,
        positive=positive,
        criteria={"acute": acute, **({"refused": bool(refused)} if refusal_counts else {})},
        flags=flags,
        missing=missing,
        cutoff=CUTOFF_TEXT,
    )


ASQ_V1 = Questionnaire(
    code="asq",
    version="1",
    title="Ask Suicide-Screening Questions (ASQ)",
    validated=True,
    recall="Past few weeks (questions 1-2), past week (3), ever (4), right now (5)",
    source=(
        "NIMH Ask Suicide-Screening Questions (ASQ) Toolkit, ASQ Suicide Risk Screening Tool; "
        "Horowitz LM et al. Arch Pediatr Adolesc Med 2012;166:1170-1176; Horowitz LM et al. "
        "Psychosomatics 2020;61:713-722 (adults)."
    ),
    licence="NIMH ASQ Toolkit: a free resource from the US National Institute of Mental Health.",
    items=(
        Item("asq-1", "In the past few weeks, have you wished you were dead?", options=(YES, NO)),
        Item(
            "asq-2",
            "In the past few weeks, have you felt that you or your family would be better off "
            "if you were dead?",
            options=(YES, NO),
        ),
        Item(
            "asq-3",
            "In the past week, have you been having thoughts about killing yourself?",
            options=(YES, NO),
        ),
        Item("asq-4", "Have you ever tried to kill yourself?", options=(YES, NO)),
        Item(
            ACUITY,
            "Are you having thoughts of killing yourself right now?",
            options=(ACUTE_YES, ACUTE_NO),
            enable_when=tuple(EnableWhen(link_id, YES.code) for link_id in SCREEN_IDS),
            condition_hint=_("Only if you answered yes to any of the questions above."),
            keep_if_answered=True,
            enable_behavior=EnableBehavior.ANY,
        ),
    ),
    scorer=_score,
)


def _with_refusal(item: Item) -> Item:
    if item.link_id in SCREEN_IDS:
        return dataclasses.replace(item, options=(*item.options, REFUSED))
    return dataclasses.replace(item, enable_when=tuple(
        EnableWhen(link_id, answer) for link_id in SCREEN_IDS
        for answer in (YES.code, REFUSED.code)))


ASQ = dataclasses.replace(ASQ_V1, version="2",
                          items=tuple(_with_refusal(item) for item in ASQ_V1.items))
