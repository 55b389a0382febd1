"""The clinic's own mental-health history questions: psychiatric contraindications and the
detail of prior treatment (CLINICAL.md, candidacy indication 5 and contraindications).

Clinic-authored wording (not a validated instrument), so it may be revised; a revision is a
new version. How much therapy and medication helped is asked once, in the candidacy
questionnaire ("therapy-relief", "medication-relief"); here we ask the detail behind it:
how long therapy lasted and how many medicines were tried.
"""

from django.utils.translation import gettext_lazy as _

from screening.definitions.candidacy import NO, NOT_SURE, PREFER_NOT, YES
from screening.schema import EnableBehavior, EnableWhen, Item, Option, Questionnaire

YES_NO = (YES, NO, NOT_SURE, PREFER_NOT)

PSYCHIATRIC = Questionnaire(
    code="psychiatric",
    version="1",
    title=_("Your mental health history"),
    description=_(
        "Ketamine can make a few experiences, such as psychosis or mania, worse, so we ask "
        "about them to keep you safe. A clinician reads your answers and talks them through "
        "with you; this is not a diagnosis. You can pause and come back at any time."
    ),
    source=(
        "Clinic-authored, from the psychiatric contraindications and the prior-treatment "
        "indication in CLINICAL.md (Ketalar and Spravato labels; APA consensus statement, "
        "Sanacora et al. 2017, JAMA Psychiatry 74:399; CANMAT 2021; ASKP3 standards)."
    ),
    licence="Part of this project; same licence as the code.",
    items=(
        Item(
            link_id="psychosis-history",
            text=_(
                "Have you ever had a time of psychosis, or been told by a doctor or mental "
                "health professional that you have schizophrenia, schizoaffective disorder, "
                "or a similar condition?"
            ),
            help_text=_(
                "Psychosis means losing touch with what is real for a while, for example "
                "hearing voices or being sure of things others couldn't share. Include it even "
                "if it happened only once, long ago, or after using a drug."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="hallucinations-now",
            text=_(
                "In the past month, have you heard or seen things that other people didn't "
                "seem to hear or see?"
            ),
            help_text=_(
                "For example a voice when no one is there. Many people have moments like this "
                "just as they fall asleep or wake up; you don't need to count those."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="mania-or-bipolar",
            text=_(
                "Have you ever been told you have bipolar disorder, or had a time of mania: "
                "days of unusually high or irritable mood, racing thoughts, and little need "
                "for sleep?"
            ),
            options=YES_NO,
        ),
        Item(
            link_id="mania-with-psychosis",
            text=_(
                "During those times of high mood, did you ever lose touch with what is real, "
                "for example hearing voices or believing things others found impossible?"
            ),
            options=YES_NO,
            enable_when=(EnableWhen("mania-or-bipolar", "yes"),),
        ),
        Item(
            link_id="mania-now",
            text=_(
                "In the past two weeks, have you had days of feeling very high, wired or "
                "irritable, needing much less sleep than usual, or with highs and lows "
                "mixed together?"
            ),
            options=YES_NO,
        ),
        Item(
            link_id="family-psychosis",
            text=_(
                "Has a parent, brother, sister or child of yours had schizophrenia, or another "
                "condition where they lost touch with what is real (psychosis)?"
            ),
            help_text=_(
                "Only close blood relatives. If you don't know, that's fine: say so."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="psych-hospital-stays",
            text=_("How many times have you stayed in hospital for your mental health?"),
            help_text=_(
                "Count any overnight stay on a mental health ward or in a crisis unit, "
                "whether or not you chose to go."
            ),
            options=(
                Option("none", _("Never")),
                Option("once", _("Once")),
                Option("two-or-three", _("2 or 3 times")),
                Option("four-or-more", _("4 times or more")),
                NOT_SURE,
                PREFER_NOT,
            ),
        ),
        Item(
            link_id="therapy-duration",
            text=_("Altogether, how long have you spent in talk therapy?"),
            help_text=_("Add up all the times you've seen a therapist or counsellor."),
            options=(
                Option("none", _("I haven't had therapy")),
                Option("under-3-months", _("Less than 3 months")),
                Option("3-to-12-months", _("3 to 12 months")),
                Option("1-to-3-years", _("1 to 3 years")),
                Option("over-3-years", _("More than 3 years")),
                NOT_SURE,
                PREFER_NOT,
            ),
        ),
        Item(
            link_id="medication-trials",
            text=_(
                "How many different medicines have you tried for low mood, anxiety, or the "
                "effects of trauma?"
            ),
            help_text=_(
                "Count each medicine once, even if you took it more than once. For example "
                "sertraline (Zoloft), escitalopram (Lexapro), venlafaxine (Effexor), "
                "bupropion (Wellbutrin) or prazosin."
            ),
            options=(
                Option("none", _("None")),
                Option("one", _("One")),
                Option("two", _("Two")),
                Option("three-or-four", _("3 or 4")),
                Option("five-or-more", _("5 or more")),
                NOT_SURE,
                PREFER_NOT,
            ),
        ),
        Item(
            link_id="medication-six-weeks",
            text=_("Did you take at least one of them regularly for six weeks or longer?"),
            help_text=_(
                "Many of these medicines take several weeks to work, so this helps a "
                "clinician understand what you've tried."
            ),
            options=YES_NO,
            enable_when=(
                EnableWhen("medication-trials", "one"),
                EnableWhen("medication-trials", "two"),
                EnableWhen("medication-trials", "three-or-four"),
                EnableWhen("medication-trials", "five-or-more"),
            ),
            enable_behavior=EnableBehavior.ANY,
        ),
        Item(
            link_id="substance-problem-past-year",
            text=_(
                "In the past 12 months, has alcohol or drug use caused problems for you, have "
                "you found it hard to cut down, or have you had help or treatment for it?"
            ),
            help_text=_(
                "Many people have been through this. An honest answer helps a clinician plan "
                "care that is safe for you."
            ),
            options=YES_NO,
        ),
    ),
)
