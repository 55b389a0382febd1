"""The intake's steps, in order: contact details, then one step per questionnaire."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening import definitions


@dataclass(frozen=True)
class Step:
    key: str
    title: str | Promise
    url_name: str
    questionnaire: str | None = None

    def url(self) -> str:
        if self.questionnaire:
            return reverse(self.url_name, args=[self.questionnaire])
        return reverse(self.url_name)


QUESTIONNAIRE_CODES: tuple[str, ...] = ("candidacy",)

STEPS: tuple[Step, ...] = (
    Step("contact", _("Your contact details"), "intake:contact"),
    *(
        Step(code, definitions.get(code).title, "intake:questionnaire", questionnaire=code)
        for code in QUESTIONNAIRE_CODES
    ),
    Step("review", _("Check and send"), "intake:review"),
)


def step(key: str) -> Step:
    return next(s for s in STEPS if s.key == key)


def position(key: str) -> int:
    """1-based position of a step, for "Step n of m"."""
    return next(i for i, s in enumerate(STEPS, start=1) if s.key == key)


def next_step(key: str) -> Step:
    return STEPS[position(key)]
