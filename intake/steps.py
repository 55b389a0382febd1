"""The intake's pages, in order: contact details, a page per questionnaire (with a content
warning before the sections that carry one), then consent, then check and send.

Which questionnaires an intake asks is fixed when it starts (`Intake.questionnaires_asked`,
from the clinic's settings then), so its pages are a `Journey` made from that set: a section
whose questionnaires are all left out is no step at all, and the progress bar counts only
the steps this intake has. "Step n of m" counts sections, so a section with several
questionnaires is one step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening import battery, definitions
from screening.schema import AnswerType

CONTACT = "contact"
CONSENT = "consent"
REVIEW = "review"

# Rough seconds a person takes, for "about N minutes left" (not a promise, a guide).
_SECONDS_PER_CHOICE = 10
_SECONDS_PER_TEXT = 90
_SECONDS_FIXED = {CONTACT: 120, CONSENT: 120, REVIEW: 60}
_SECONDS_PER_WARNING = 20


@dataclass(frozen=True)
class Page:
    key: str  # "contact", "review", a questionnaire code, or "warning:<section>"
    title: str | Promise
    step_number: int
    questionnaire: str | None = None
    # The section as this intake asks it: only its questionnaires the intake includes.
    section: battery.Section | None = None

    @property
    def is_warning(self) -> bool:
        return self.key.startswith("warning:")

    def url(self) -> str:
        if self.questionnaire:
            return reverse("intake:questionnaire", args=[self.questionnaire])
        if self.is_warning:
            return reverse("intake:warning", args=[self.section.key])
        return reverse(f"intake:{self.key}")


def questionnaire_seconds(code: str) -> int:
    """About how long a questionnaire takes to answer."""
    return sum(_SECONDS_PER_TEXT if i.answer_type in (AnswerType.TEXT, AnswerType.STRING)
               else _SECONDS_PER_CHOICE for i in definitions.get(code).items)


def minutes_for(codes: list[str]) -> int:
    """About how many minutes these questionnaires take together, rounded up (a check-in
    during care)."""
    return max(1, -(-sum(questionnaire_seconds(code) for code in codes) // 60))


def _seconds(page: Page) -> int:
    if page.questionnaire:
        return questionnaire_seconds(page.questionnaire)
    if page.is_warning:
        return _SECONDS_PER_WARNING
    return _SECONDS_FIXED[page.key]


@dataclass(frozen=True)
class Journey:
    """The pages of an intake that asks these questionnaires, and the ways between them."""

    questionnaires: tuple[str, ...]  # in the battery's order
    sections: tuple[battery.Section, ...]  # each with only the questionnaires asked
    pages: tuple[Page, ...]

    @property
    def step_count(self) -> int:
        return self.pages[-1].step_number

    @property
    def step_titles(self) -> tuple[str | Promise, ...]:
        return (self.pages[0].title, *(s.title for s in self.sections), self.pages[-2].title,
                self.pages[-1].title)

    def has_page(self, key: str) -> bool:
        return any(p.key == key for p in self.pages)

    def page(self, key: str) -> Page:
        """The page with this key; KeyError when this intake has no such page (a
        questionnaire it does not ask)."""
        for candidate in self.pages:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def minutes_left(self, key: str) -> int:
        """About how many minutes the pages from this one on take, rounded up to 5."""
        index = self._index(key)
        seconds = sum(_seconds(p) for p in self.pages[index:])
        return max(5, -(-seconds // 300) * 5)

    def entry_page(self, key: str) -> Page:
        """Where to send someone to a page: through its section's content warning first."""
        target = self.page(key)
        section = target.section
        if (section and section.content_warning
                and target.questionnaire == section.questionnaires[0]):
            return self.warning_page(section.key)
        return target

    def warning_page(self, section_key: str) -> Page:
        return self.page(f"warning:{section_key}")

    def next_page(self, key: str, answers: Mapping[str, Mapping[str, object]]) -> Page:
        """The page after `key`, passing over questionnaires that do not apply."""
        for candidate in self.pages[self._index(key) + 1:]:
            if candidate.questionnaire and not battery.is_asked(candidate.questionnaire,
                                                                answers):
                continue
            return candidate
        return self.pages[-1]

    def first_page_of_next_section(self, section_key: str) -> Page:
        """Where "skip this section" leads."""
        keys = [s.key for s in self.sections]
        position = keys.index(section_key)
        if position + 1 == len(keys):
            return self.page(CONSENT)
        following = self.sections[position + 1]
        if following.content_warning:
            return self.warning_page(following.key)
        return self.page(following.questionnaires[0])

    def _index(self, key: str) -> int:
        return self.pages.index(self.page(key))


def journey(questionnaires: Iterable[str]) -> Journey:
    """The pages of an intake that asks these questionnaires (any order; unknown codes are
    ignored)."""
    return _journey(frozenset(questionnaires))


@lru_cache(maxsize=64)
def _journey(asked: frozenset[str]) -> Journey:
    sections = tuple(
        replace(section, questionnaires=kept)
        for section in battery.SECTIONS
        if (kept := tuple(c for c in section.questionnaires if c in asked))
    )
    pages = [Page(CONTACT, _("Your contact details"), 1)]
    for number, section in enumerate(sections, start=2):
        if section.content_warning:
            pages.append(Page(f"warning:{section.key}", section.title, number, section=section))
        pages += [
            Page(code, section.title, number, questionnaire=code, section=section)
            for code in section.questionnaires
        ]
    pages.append(Page(CONSENT, _("Consent"), len(sections) + 2))
    pages.append(Page(REVIEW, _("Check and send"), len(sections) + 3))
    return Journey(battery.in_order(asked), sections, tuple(pages))


# Every questionnaire: the journey of an intake started before any was turned off.
FULL = journey(battery.QUESTIONNAIRE_CODES)
