"""The clinic's own question on ketamine, PCP and other dissociatives.

CLINICAL.md adds this to the single-question drug screen: active misuse of ketamine, PCP or
other dissociatives is a contraindication (pending clinician review). Clinic-authored
wording (not a validated instrument), so it may be revised; a revision is a new version.
Use outside medical care is asked ever, then in the past year, then how often now, each
with "prefer not to answer"; medical use of ketamine is asked in the medical questionnaire.
"""

from django.utils.translation import gettext_lazy as _

from screening.definitions.candidacy import NO, NOT_SURE, PREFER_NOT, YES
from screening.schema import AnswerType, EnableWhen, Item, Option, Questionnaire

DISSOCIATIVES = Questionnaire(
    code="dissociatives",
    version="1",
    title=_("Ketamine and similar substances"),
    description=_(
        "People use these substances for many reasons, and there is no judgement here. We ask "
        "because earlier use matters for how safe ketamine treatment is. A clinician reads "
        "your answers and talks them through with you; they don't decide anything on their "
        "own."
    ),
    source=(
        "Clinic-authored: the clinic question on ketamine, PCP or other dissociative use that "
        "CLINICAL.md adds to the single-question drug screen (Smith 2010), for the "
        "contraindication “active misuse of ketamine, PCP or other dissociatives” "
        "(Ketalar and Spravato labels; APA consensus statement, Sanacora et al. 2017)."
    ),
    licence="Part of this project; same licence as the code.",
    items=(
        Item(
            link_id="dissociative-ever",
            text=_(
                "Have you ever used ketamine, PCP, or a similar substance, outside of medical "
                "care?"
            ),
            help_text=_(
                "Similar substances include large amounts of cough medicine with "
                "dextromethorphan (DXM), nitrous oxide (laughing gas, “whippets” or "
                "balloons), and methoxetamine (MXE). Treatment or anaesthesia given by a "
                "doctor doesn't count here."
            ),
            options=(YES, NO, NOT_SURE, PREFER_NOT),
        ),
        Item(
            link_id="dissociative-which",
            text=_("Which ones have you used?"),
            answer_type=AnswerType.STRING,
            required=False,
            help_text=_("Optional. Names or street names are fine."),
            enable_when=(EnableWhen("dissociative-ever", "yes"),),
        ),
        Item(
            link_id="dissociative-past-year",
            text=_("Have you used any of them in the past 12 months?"),
            options=(YES, NO, NOT_SURE, PREFER_NOT),
            enable_when=(EnableWhen("dissociative-ever", "yes"),),
        ),
        Item(
            link_id="dissociative-now",
            text=_("These days, how often do you use them?"),
            help_text=_("Think about the past month."),
            options=(
                Option("not-now", _("I haven't used them in the past month")),
                Option("once-or-twice", _("Once or twice in the past month")),
                Option("weekly", _("About every week")),
                Option("most-days", _("On most days")),
                PREFER_NOT,
            ),
            enable_when=(EnableWhen("dissociative-past-year", "yes"),),
        ),
    ),
)
