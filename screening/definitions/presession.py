"""The clinic's own check before each dosing session: readiness (fasting, a ride home) and
what changed (alcohol, benzodiazepines or other substances in the last 24 hours, new
medications, a blood pressure reading if the client has one). The ASQ is asked beside it,
as itself. Which answers need the team's attention is `care/readiness.py`.

Clinic-authored wording (not a validated instrument), so it may be revised; a revision is a
new version. Every item may be left blank, and a blank is shown to the clinician as not
answered, never as "ready".
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from screening.definitions.candidacy import NO, NOT_SURE, PREFER_NOT, YES
from screening.schema import AnswerType, EnableWhen, Item, Questionnaire

PRE_SESSION = Questionnaire(
    code="pre-session",
    version="1",
    title=_("Before your session"),
    description=_(
        "A few questions so the team knows you are ready for your session and whether "
        "anything has changed. If something here is a problem, that is fine: say so, and the "
        "team will talk it through with you before the session."
    ),
    source=("Clinic-authored, from the contraindications and the day-of-session safety "
            "points in CLINICAL.md (blood pressure, alcohol and benzodiazepines, a ride home)."),
    licence="Part of this project; same licence as the code.",
    # The substance questions ask about the last 24 hours (the rest: since the last session).
    recall_window=timedelta(days=1),
    items=(
        Item(
            link_id="fasting",
            text=_("Have you been able to follow the clinic's instructions about eating and "
                   "drinking before the session?"),
            options=(YES, NO, NOT_SURE),
        ),
        Item(
            link_id="ride-home",
            text=_("Is someone taking you home after the session (or, for a session at home, "
                   "staying with you)?"),
            options=(YES, NO, NOT_SURE),
        ),
        Item(
            link_id="alcohol-24h",
            text=_("In the last 24 hours, have you had any alcohol?"),
            options=(YES, NO, PREFER_NOT),
        ),
        Item(
            link_id="benzodiazepines-24h",
            text=_("In the last 24 hours, have you taken a benzodiazepine (for example "
                   "lorazepam, diazepam, alprazolam or clonazepam)?"),
            options=(YES, NO, NOT_SURE, PREFER_NOT),
        ),
        Item(
            link_id="other-substances-24h",
            text=_("In the last 24 hours, have you used any other substance that was not "
                   "prescribed to you (for example cannabis, stimulants or opioids)?"),
            options=(YES, NO, PREFER_NOT),
        ),
        Item(
            link_id="new-medications",
            text=_("Since your last visit, have you started, stopped or changed any "
                   "medication, supplement or remedy?"),
            options=(YES, NO, NOT_SURE),
        ),
        Item(
            link_id="new-medications-detail",
            text=_("Which ones, and what changed?"),
            answer_type=AnswerType.TEXT,
            required=False,
            enable_when=(EnableWhen("new-medications", "yes"),),
        ),
        Item(
            link_id="bp-systolic",
            text=_("If you have a blood pressure reading from today or yesterday, taken at "
                   "rest: the top number"),
            answer_type=AnswerType.INTEGER,
            required=False,
            min_value=60,
            max_value=300,
            help_text=_("For example 120 in “120/80”. It's fine to leave this blank."),
        ),
        Item(
            link_id="bp-diastolic",
            text=_("And the bottom number"),
            answer_type=AnswerType.INTEGER,
            required=False,
            min_value=30,
            max_value=200,
            help_text=_("For example 80 in “120/80”."),
        ),
        Item(
            link_id="changes",
            text=_("Has anything else changed since your last visit that the team should "
                   "know (your health, sleep, stress, a new diagnosis)?"),
            answer_type=AnswerType.TEXT,
            required=False,
        ),
    ),
)
