"""The clinic's own medical-safety questions: the medical contraindications in CLINICAL.md.

Clinic-authored wording (not a validated instrument), so it may be revised; a revision is a
new version. Every choice item offers "I'm not sure" or "I'd prefer not to answer", so
nobody is stuck; numbers (blood pressure, height, weight) are optional.

Pregnancy questions are asked only where they may apply: after the sex assigned at birth,
unless that is "male" (enable-when has no "not equal", so the other answers are listed).
"""

from django.utils.translation import gettext_lazy as _

from screening.definitions.candidacy import NO, NOT_SURE, PREFER_NOT, YES
from screening.schema import AnswerType, EnableBehavior, EnableWhen, Item, Option, Questionnaire

YES_NO = (YES, NO, NOT_SURE, PREFER_NOT)

# Pregnancy may apply unless the sex assigned at birth is male ("prefer not" still asks).
_PREGNANCY_MAY_APPLY = (
    EnableWhen("sex-at-birth", "female"),
    EnableWhen("sex-at-birth", "intersex"),
    EnableWhen("sex-at-birth", PREFER_NOT.code),
)

MEDICAL = Questionnaire(
    code="medical",
    version="1",
    title=_("Your physical health"),
    description=_(
        "Ketamine briefly raises blood pressure and heart rate, and some health conditions "
        "make it less safe. A clinician reads your answers to check it would be safe for you "
        "and talks anything unclear through with you. If you're not sure about something, "
        "that's fine: just say so."
    ),
    source=(
        "Clinic-authored, from the medical contraindications in CLINICAL.md (Ketalar labels: "
        "US, UK SmPC, Swiss; Spravato label; APA consensus statement, Sanacora et al. 2017, "
        "JAMA Psychiatry 74:399; CANMAT 2021; ASKP3 standards)."
    ),
    licence="Part of this project; same licence as the code.",
    items=(
        Item(
            link_id="ketamine-reaction",
            text=_(
                "Have you ever had an allergic reaction or another serious bad reaction to "
                "ketamine or esketamine (Spravato)?"
            ),
            help_text=_(
                "For example during an operation, in an emergency, or in an earlier treatment."
            ),
            options=(
                YES,
                NO,
                Option("never-had", _("I've never had ketamine")),
                NOT_SURE,
                PREFER_NOT,
            ),
        ),
        Item(
            link_id="high-bp",
            text=_("Has a doctor or nurse ever told you that you have high blood pressure?"),
            options=YES_NO,
        ),
        Item(
            link_id="bp-treated",
            text=_("Do you take medicine for your blood pressure?"),
            options=YES_NO,
            enable_when=(EnableWhen("high-bp", "yes"),),
        ),
        Item(
            link_id="bp-control",
            text=_("As far as you know, is your blood pressure under control at the moment?"),
            options=(
                Option("controlled", _("Yes, it's usually in a healthy range")),
                Option(
                    "uncontrolled",
                    _("No, it's often high, or a doctor has said it isn't under control"),
                ),
                NOT_SURE,
                PREFER_NOT,
            ),
            enable_when=(EnableWhen("high-bp", "yes"),),
        ),
        Item(
            link_id="bp-systolic",
            text=_("If you know a recent blood pressure reading taken at rest: the top number"),
            answer_type=AnswerType.INTEGER,
            required=False,
            min_value=60,
            max_value=300,
            help_text=_(
                "The top number is the first one, for example 120 in “120/80” "
                "(in mmHg). It's fine to leave this blank."
            ),
        ),
        Item(
            link_id="bp-diastolic",
            text=_("If you know a recent blood pressure reading taken at rest: the bottom number"),
            answer_type=AnswerType.INTEGER,
            required=False,
            min_value=30,
            max_value=200,
            help_text=_(
                "The bottom number is the second one, for example 80 in “120/80” "
                "(in mmHg). It's fine to leave this blank."
            ),
        ),
        Item(
            link_id="stroke-or-aneurysm",
            text=_(
                "Have you ever had a stroke, bleeding in or around the brain, an aneurysm, or "
                "an arteriovenous malformation (AVM)?"
            ),
            help_text=_(
                "An aneurysm is a bulge in the wall of a blood vessel, in the brain or "
                "elsewhere, such as the aorta. An AVM is a tangle of blood vessels."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="heart-condition",
            text=_(
                "Have you ever had a heart condition, such as angina (chest pain from the "
                "heart), an irregular heartbeat, heart failure, or a heart attack?"
            ),
            help_text=_("Include conditions from the past, and ones that are treated now."),
            options=YES_NO,
        ),
        Item(
            link_id="liver-disease",
            text=_(
                "Do you have, or have you had, a liver condition, such as hepatitis or "
                "cirrhosis?"
            ),
            help_text=_("Include it if you've been told your liver blood tests weren't normal."),
            options=YES_NO,
        ),
        Item(
            link_id="overactive-thyroid",
            text=_("Have you ever been told you have an overactive thyroid (hyperthyroidism)?"),
            help_text=_(
                "An overactive thyroid can cause a racing heart, weight loss, and feeling hot "
                "or shaky. An underactive thyroid is different: you don't need to mention it "
                "here."
            ),
            options=(
                Option("untreated", _("Yes, and it isn't treated at the moment")),
                Option("treated", _("Yes, and it's treated or has settled")),
                NO,
                NOT_SURE,
                PREFER_NOT,
            ),
        ),
        Item(
            link_id="head-pressure",
            text=_("Have you been told you have raised pressure inside your head?"),
            help_text=_(
                "This can follow a head injury or a growth in the brain, or come with a "
                "condition called idiopathic intracranial hypertension."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="glaucoma",
            text=_("Have you been told you have glaucoma, or raised pressure in your eyes?"),
            options=YES_NO,
        ),
        Item(
            link_id="bladder-problems",
            text=_(
                "Do you have, or have you had, ongoing bladder problems, such as cystitis "
                "(an irritated or inflamed bladder), bladder pain, or needing to pass urine "
                "very often or very urgently?"
            ),
            options=YES_NO,
        ),
        Item(
            link_id="sex-at-birth",
            text=_("What sex were you assigned at birth?"),
            help_text=_(
                "We ask only so that we show you the questions about pregnancy if they might "
                "apply to you. This isn't a question about your gender."
            ),
            options=(
                Option("female", _("Female")),
                Option("male", _("Male")),
                Option("intersex", _("Intersex")),
                PREFER_NOT,
            ),
        ),
        Item(
            link_id="pregnant",
            text=_("Are you pregnant at the moment, or could you be?"),
            help_text=_(
                "Ketamine isn't recommended during pregnancy, so a clinician needs to know. "
                "If you're not sure, that's fine: say so and we'll talk it through."
            ),
            options=YES_NO,
            enable_when=_PREGNANCY_MAY_APPLY,
            enable_behavior=EnableBehavior.ANY,
        ),
        Item(
            link_id="planning-pregnancy",
            text=_("Are you planning or hoping to become pregnant in the next few months?"),
            help_text=_("Treatment usually runs over several weeks, so we'd plan around this."),
            options=YES_NO,
            enable_when=_PREGNANCY_MAY_APPLY,
            enable_behavior=EnableBehavior.ANY,
        ),
        Item(
            link_id="breastfeeding",
            text=_("Are you breastfeeding or chestfeeding at the moment?"),
            help_text=_("Include expressing milk. Ketamine can pass into breast milk."),
            options=YES_NO,
            enable_when=_PREGNANCY_MAY_APPLY,
            enable_behavior=EnableBehavior.ANY,
        ),
        Item(
            link_id="ever-pregnant",
            text=_("Have you ever been pregnant?"),
            help_text=_(
                "Count every pregnancy, including one now, however it ended. We ask because "
                "of one condition of pregnancy that matters for ketamine."
            ),
            options=(YES, NO, PREFER_NOT),
            enable_when=_PREGNANCY_MAY_APPLY,
            enable_behavior=EnableBehavior.ANY,
        ),
        Item(
            link_id="eclampsia",
            text=_("During a pregnancy, did you ever have eclampsia or pre-eclampsia?"),
            help_text=_(
                "Pre-eclampsia is high blood pressure in pregnancy, often with swelling; "
                "eclampsia is when it also causes seizures (fits). It used to be called "
                "toxaemia."
            ),
            options=YES_NO,
            enable_when=(EnableWhen("ever-pregnant", "yes"),),
        ),
        Item(
            link_id="height-feet",
            text=_("Your height: feet"),
            answer_type=AnswerType.INTEGER,
            required=False,
            min_value=3,
            max_value=8,
            help_text=_(
                "For example 5 for 5 feet 7 inches. Height and weight let a clinician work "
                "out your body mass index (BMI), which helps plan treatment safely. It's fine "
                "to leave these blank."
            ),
        ),
        Item(
            link_id="height-inches",
            text=_("Your height: inches"),
            answer_type=AnswerType.INTEGER,
            required=False,
            min_value=0,
            max_value=11,
            help_text=_("The inches after the feet, from 0 to 11, for example 7 for 5 feet 7."),
        ),
        Item(
            link_id="weight-pounds",
            text=_("Your weight in pounds (lb)"),
            answer_type=AnswerType.INTEGER,
            required=False,
            min_value=50,
            max_value=1000,
            help_text=_("A rough figure is fine. It's fine to leave this blank."),
        ),
    ),
)
