"""The clinic's own candidacy questions: the five indications for KAP in CLINICAL.md.

Clinic-authored wording (not a validated instrument), so it may be revised; a revision is a
new version. Sensitive items offer "prefer not to answer".

Version 2 asks about dissociation on its own: ketamine is itself dissociative, so
dissociation is recorded for the clinician and never counted in favour (CLINICAL.md).
Version 1 stays, so that answers given under it keep their meaning.
"""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from screening.schema import PREFER_NOT_TO_ANSWER, Item, Option, Questionnaire

PREFER_NOT = Option(PREFER_NOT_TO_ANSWER, _("I'd prefer not to answer"))
YES = Option("yes", _("Yes"))
NO = Option("no", _("No"))
NOT_SURE = Option("not-sure", _("I'm not sure"))

# Items both versions ask, as they were written.
_TRAUMA_ITEMS = (
    Item(
        link_id="childhood-trauma",
        text=_(
            "Before you turned 18, did you go through things that were frightening, "
            "harmful or overwhelming?"
        ),
        help_text=_("For example neglect, abuse, violence at home, or a serious loss."),
        options=(YES, NO, NOT_SURE, PREFER_NOT),
    ),
    Item(
        link_id="trauma-pattern",
        text=_("The hardest experiences you have lived through: were they..."),
        options=(
            Option("single", _("One event (for example an accident or an assault)")),
            Option("repeated", _("Repeated or long-lasting")),
            Option("both", _("Both")),
            Option("none", _("Nothing like this has happened to me")),
            PREFER_NOT,
        ),
    ),
)
_TREATMENT_ITEMS = (
    Item(
        link_id="wish-to-heal",
        text=_(
            "Do you want to work through what happened, but find it hard to reach or "
            "feel your emotions?"
        ),
        options=(YES, Option("sometimes", _("Sometimes")), NO, PREFER_NOT),
    ),
    Item(
        link_id="therapy-relief",
        text=_("Have you tried talk therapy for this? How much did it help?"),
        options=(
            Option("never", _("I haven't tried therapy")),
            Option("little", _("I tried it, and it helped little or not at all")),
            Option("some", _("I tried it, and it helped somewhat")),
            Option("much", _("I tried it, and it helped a lot")),
        ),
    ),
    Item(
        link_id="medication-relief",
        text=_(
            "Have you taken medication for these difficulties? How much relief did it give?"
        ),
        options=(
            Option("never", _("I haven't taken medication for this")),
            Option("little", _("Little or no relief")),
            Option("some", _("Some relief")),
            Option("much", _("A lot of relief")),
        ),
    ),
)
_COMMON = {
    "code": "candidacy",
    "title": _("What brings you here"),
    "description": _(
        "These questions help a clinician understand whether KAP may be worth exploring with "
        "you. There are no right or wrong answers, and this is not a diagnosis. If you'd "
        "rather not answer a personal question, choose “I'd prefer not to answer”."
    ),
    "source": "Clinic-authored, from the indications for KAP listed in CLINICAL.md.",
    "licence": "Part of this project; same licence as the code.",
}

CANDIDACY_V1 = Questionnaire(
    version="1",
    items=(
        *_TRAUMA_ITEMS,
        Item(
            link_id="trauma-linked-symptoms",
            text=_(
                "Do you live with ongoing anxiety, low mood, feeling numb, or feeling cut off "
                "from yourself or the world, that you connect with what you went through?"
            ),
            options=(
                YES,
                Option("somewhat", _("Somewhat")),
                NO,
                PREFER_NOT,
            ),
        ),
        *_TREATMENT_ITEMS,
    ),
    **_COMMON,
)

CANDIDACY_V2 = Questionnaire(
    version="2",
    items=(
        *_TRAUMA_ITEMS,
        Item(
            link_id="trauma-linked-symptoms",
            text=_(
                "Do you live with ongoing anxiety, low mood, or feeling numb, that you "
                "connect with what you went through?"
            ),
            options=(
                YES,
                Option("somewhat", _("Somewhat")),
                NO,
                PREFER_NOT,
            ),
        ),
        Item(
            link_id="dissociation",
            text=_(
                "Do you often feel unreal, cut off from your body or the world around you, "
                "or lose track of time in a way that worries you?"
            ),
            help_text=_("Many people who have been through trauma know this. It helps the "
                        "clinician plan care that is safe for you."),
            options=(
                YES,
                Option("sometimes", _("Sometimes")),
                NO,
                PREFER_NOT,
            ),
        ),
        *_TREATMENT_ITEMS,
    ),
    **_COMMON,
)


# Version 3: the two treatment questions offer "I'd prefer not to answer" too (the page
# says every personal question does), and the description says a question may be left
# blank. Otherwise as version 2.
CANDIDACY = Questionnaire(
    version="3",
    items=(
        *CANDIDACY_V2.items[:-len(_TREATMENT_ITEMS)],
        *(item if PREFER_NOT in item.options else replace(item, options=(*item.options,
                                                                            PREFER_NOT))
          for item in _TREATMENT_ITEMS),
    ),
    **{**_COMMON, "description": _(
        "These questions help a clinician understand whether KAP may be worth exploring with "
        "you. There are no right or wrong answers, and this is not a diagnosis. You may "
        "leave any question blank, or choose “I'd prefer not to answer”.")},
)
