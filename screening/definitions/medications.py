"""The clinic's own medication questions: the interacting medicines in CLINICAL.md.

Clinic-authored wording (not a validated instrument), so it may be revised; a revision is a
new version. Each class is asked on its own, in plain words, with common generic and brand
names as examples; the free-text list comes first so nothing is missed.
"""

from django.utils.translation import gettext_lazy as _

from screening.definitions.candidacy import NO, NOT_SURE, PREFER_NOT, YES
from screening.schema import AnswerType, EnableWhen, Item, Option, Questionnaire

YES_NO = (YES, NO, NOT_SURE, PREFER_NOT)

_TAKES_BENZODIAZEPINE = (EnableWhen("benzodiazepine", "yes"),)

MEDICATIONS = Questionnaire(
    code="medications",
    version="1",
    title=_("Your medicines"),
    description=_(
        "Some medicines change how ketamine works or how safe it is. A clinician reads your "
        "answers and will go through your medicines with you. Please don't stop or change any "
        "medicine without talking to the person who prescribes it."
    ),
    source=(
        "Clinic-authored, from the medication contraindications in CLINICAL.md (Ketalar and "
        "Spravato labels; APA consensus statement, Sanacora et al. 2017, JAMA Psychiatry "
        "74:399; Frontiers in Psychiatry 2020 on benzodiazepine dose)."
    ),
    licence="Part of this project; same licence as the code.",
    items=(
        Item(
            link_id="current-medications",
            text=_("Which medicines do you take at the moment? Add the dose if you know it."),
            answer_type=AnswerType.TEXT,
            required=False,
            help_text=_(
                "Include prescribed medicines, ones you buy yourself, and vitamins, herbal "
                "remedies or supplements. It's fine to leave this blank if you take none."
            ),
        ),
        Item(
            link_id="benzodiazepine",
            text=_("Do you take a benzodiazepine, for anxiety, sleep or panic?"),
            help_text=_(
                "For example diazepam (Valium), alprazolam (Xanax), lorazepam (Ativan), "
                "clonazepam (Klonopin), temazepam (Restoril) or chlordiazepoxide (Librium). "
                "Include them if you take them only now and then, prescribed to you or not."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="benzo-name",
            text=_("Which benzodiazepine do you take?"),
            answer_type=AnswerType.STRING,
            required=False,
            help_text=_(
                "The name on the packet is fine. If you take more than one, please name each."
            ),
            enable_when=_TAKES_BENZODIAZEPINE,
        ),
        Item(
            link_id="benzo-how-often",
            text=_("How often do you take it?"),
            options=(
                Option("daily", _("Every day")),
                Option("most-days", _("Most days")),
                Option("now-and-then", _("Now and then, when I need it")),
                NOT_SURE,
                PREFER_NOT,
            ),
            enable_when=_TAKES_BENZODIAZEPINE,
        ),
        Item(
            link_id="benzo-daily-mg",
            text=_("On a day you take it, how many milligrams (mg) do you take in total?"),
            answer_type=AnswerType.DECIMAL,
            required=False,
            max_value=1000,
            help_text=_(
                "Add up the day's doses: for example two 5 mg tablets make 10 mg. It's fine to "
                "leave this blank if you're not sure."
            ),
            enable_when=_TAKES_BENZODIAZEPINE,
        ),
        Item(
            link_id="gabapentin-pregabalin",
            text=_("Do you take gabapentin or pregabalin?"),
            help_text=_(
                "For example Neurontin, Gralise or Lyrica. They are often prescribed for nerve "
                "pain, anxiety, sleep or seizures."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="lamotrigine",
            text=_("Do you take lamotrigine?"),
            help_text=_(
                "For example Lamictal. It's used for epilepsy and to keep mood steady."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="maoi",
            text=_("Do you take an MAOI, an older type of antidepressant?"),
            help_text=_(
                "For example phenelzine (Nardil), tranylcypromine (Parnate), isocarboxazid "
                "(Marplan), moclobemide, or selegiline (the Emsam patch, or tablets for "
                "Parkinson's disease)."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="stimulant",
            text=_("Do you take a stimulant, for example for ADHD?"),
            help_text=_(
                "For example methylphenidate (Ritalin, Concerta), amphetamine (Adderall), "
                "lisdexamfetamine (Vyvanse) or dexamfetamine (Dexedrine). Include them "
                "prescribed to you or not."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="opioid",
            text=_("Do you take an opioid, including tramadol?"),
            help_text=_(
                "For example tramadol (Ultram), codeine (also in Tylenol with codeine), "
                "oxycodone (OxyContin, Percocet), hydrocodone (Vicodin), morphine, fentanyl "
                "patches, or methadone or buprenorphine (Suboxone) as a treatment. Include "
                "them prescribed to you or not."
            ),
            options=YES_NO,
        ),
        Item(
            link_id="enzyme-interacting",
            text=_(
                "Do you take any of these medicines, which change how quickly the body clears "
                "ketamine: certain seizure medicines, the TB antibiotic rifampicin, "
                "St John's wort, certain antifungals or antibiotics, or HIV medicines?"
            ),
            help_text=_(
                "For example carbamazepine (Tegretol), phenytoin (Dilantin), phenobarbital, "
                "rifampicin (rifampin, Rifadin), St John's wort, ketoconazole, itraconazole "
                "(Sporanox), voriconazole (Vfend), clarithromycin (Biaxin), ritonavir "
                "(Norvir, also in Paxlovid), cobicistat or efavirenz. If you're not sure, "
                "say so and the clinician will check your list."
            ),
            options=YES_NO,
        ),
    ),
)
