"""The intake's pages, in order: contact details, a page per questionnaire (with a content
warning before the sections that carry one), then check and send.

"Step n of m" counts sections, so a section with several questionnaires is one step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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


def _pages() -> tuple[Page, ...]:
    pages = [Page(CONTACT, _("Your contact details"), 1)]
    for number, section in enumerate(battery.SECTIONS, start=2):
        if section.content_warning:
            pages.append(Page(f"warning:{section.key}", section.title, number, section=section))
        pages += [
            Page(code, section.title, number, questionnaire=code, section=section)
            for code in section.questionnaires
        ]
    pages.append(Page(CONSENT, _("Consent"), len(battery.SECTIONS) + 2))
    pages.append(Page(REVIEW, _("Check and send"), len(battery.SECTIONS) + 3))
    return tuple(pages)


PAGES: tuple[Page, ...] = _pages()
STEP_COUNT = PAGES[-1].step_number
STEP_TITLES: tuple[str | Promise, ...] = (
    PAGES[0].title, *(s.title for s in battery.SECTIONS), PAGES[-2].title, PAGES[-1].title
)


def _seconds(page: Page) -> int:
    if page.questionnaire:
        items = definitions.get(page.questionnaire).items
        return sum(_SECONDS_PER_TEXT if i.answer_type in (AnswerType.TEXT, AnswerType.STRING)
                   else _SECONDS_PER_CHOICE for i in items)
    if page.is_warning:
        return _SECONDS_PER_WARNING
    return _SECONDS_FIXED[page.key]


def minutes_left(key: str) -> int:
    """About how many minutes the pages from this one on take, rounded up to 5."""
    index = next(i for i, p in enumerate(PAGES) if p.key == key)
    seconds = sum(_seconds(p) for p in PAGES[index:])
    return max(5, -(-seconds // 300) * 5)


def page(key: str) -> Page:
    return next(p for p in PAGES if p.key == key)


def entry_page(key: str) -> Page:
    """Where to send someone to a page: through its section's content warning first."""
    target = page(key)
    section = target.section
    if section and section.content_warning and target.questionnaire == section.questionnaires[0]:
        return warning_page(section.key)
    return target


def warning_page(section_key: str) -> Page:
    return page(f"warning:{section_key}")


def next_page(key: str, answers: Mapping[str, Mapping[str, object]]) -> Page:
    """The page after `key`, passing over questionnaires that do not apply."""
    index = next(i for i, p in enumerate(PAGES) if p.key == key)
    for candidate in PAGES[index + 1:]:
        if candidate.questionnaire and not battery.is_asked(candidate.questionnaire, answers):
            continue
        return candidate
    return PAGES[-1]


def first_page_of_next_section(section_key: str) -> Page:
    """Where "skip this section" leads."""
    keys = [s.key for s in battery.SECTIONS]
    position = keys.index(section_key)
    following = battery.SECTIONS[position + 1] if position + 1 < len(keys) else None
    if following is None:
        return page(CONSENT)
    if following.content_warning:
        return warning_page(following.key)
    return page(following.questionnaires[0])
