"""The clinic's own question about what the client hopes for, in their words."""

from django.utils.translation import gettext_lazy as _

from screening.schema import AnswerType, Item, Questionnaire

GOALS = Questionnaire(
    code="goals",
    version="1",
    title=_("What you hope for"),
    description=_(
        "In your own words: what would you like to be different in your life? There is no "
        "right answer, and a few words are enough."
    ),
    source="Clinic-authored.",
    licence="Part of this project; same licence as the code.",
    items=(
        Item(
            link_id="hopes",
            text=_("What do you hope KAP, or therapy in general, could help you with?"),
            answer_type=AnswerType.TEXT,
            help_text=_("Up to 2,000 characters."),
        ),
    ),
)
