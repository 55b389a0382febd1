"""One item schema for every questionnaire, validated or the clinic's own.

Definitions are immutable data: a change is a new version, so stored answers always score
under the version they were given with. The shape follows FHIR R4 Questionnaire items
(linkId, answerOption, enableWhen) so that export stays a mapping, not a translation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from screening.scoring import Score

Text = str | Promise  # plain text, or a lazily translated string for clinic-authored items

PREFER_NOT_TO_ANSWER = "prefer-not"
LOINC = "http://loinc.org"
CANONICAL_BASE = "https://kapclinic.example.org/fhir/Questionnaire"


class AnswerType(StrEnum):
    CHOICE = "choice"
    INTEGER = "integer"
    DECIMAL = "decimal"
    STRING = "string"
    TEXT = "text"


@dataclass(frozen=True)
class Option:
    code: str
    display: Text
    score: int | None = None
    system: str | None = None


@dataclass(frozen=True)
class EnableWhen:
    """A condition on an earlier answer: the item `question` was answered with `answer`."""

    question: str
    answer: str


class EnableBehavior(StrEnum):
    ALL = "all"
    ANY = "any"


@dataclass(frozen=True)
class Item:
    link_id: str
    text: Text
    answer_type: AnswerType = AnswerType.CHOICE
    options: tuple[Option, ...] = ()
    required: bool = True
    help_text: Text = ""
    enable_when: tuple[EnableWhen, ...] = ()
    enable_behavior: EnableBehavior = EnableBehavior.ALL
    # When to answer, in words, for pages seen without JavaScript; None: made from
    # enable_when; "": nothing (the item's own text already says it).
    condition_hint: Text | None = None
    # Safety: an answer given here counts even where branching would have skipped the
    # item (a "yes, right now" typed on a page seen without JavaScript must not be lost).
    keep_if_answered: bool = False
    min_value: int | None = None  # for numbers: the plausible range
    max_value: int | None = None

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)

    def display(self, value: object) -> Text:
        """How an answer reads to a person: the option's label for choices."""
        if self.answer_type is AnswerType.CHOICE:
            option = self.option(str(value))
            return option.display if option else str(value)
        return str(value)


@dataclass(frozen=True)
class Translation:
    """An official translation of a validated instrument: never one of our own making.

    Texts are keyed by link id; option labels by option code (an instrument uses one label
    per code throughout).
    """

    language: str
    source: str
    title: str
    items: Mapping[str, str]
    options: Mapping[str, str]
    description: str = ""
    help_texts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Questionnaire:
    code: str
    version: str
    title: Text
    items: tuple[Item, ...]
    source: str
    licence: str
    description: Text = ""
    loinc: str | None = None
    loinc_total: str | None = None
    # Whether `loinc_total` was confirmed (CLINICAL.md, "LOINC detail": against loinc.org or
    # HL7's examples, not only seen in others' questionnaires). Only a confirmed code goes to
    # a chart as a score's Observation; an unconfirmed one stays here, to be checked. What we
    # know about a code, not part of the instrument: confirming one is no new version.
    loinc_total_confirmed: bool = field(default=False, compare=False)
    recall: Text = ""
    # The same window as a length of time, for the instruments followed over a course of
    # care (screening/change.py): a month is 30 days. It reads what `recall` says, so
    # setting it is no new version.
    recall_window: timedelta | None = field(default=None, compare=False)
    validated: bool = False
    scorer: Callable[[Questionnaire, Mapping[str, object], Mapping[str, object]], Score] | None = (
        field(default=None, compare=False)
    )
    translations: tuple[Translation, ...] = field(default=(), compare=False)
    _index: dict[str, Item] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {item.link_id: item for item in self.items}
        if len(index) != len(self.items):
            raise ValueError(f"{self.code} {self.version}: duplicate link ids")
        object.__setattr__(self, "_index", index)
        for item in self.items:
            for cond in item.enable_when:
                if cond.question not in index:
                    raise ValueError(f"{self.code}: {item.link_id} depends on unknown item")
                if self.item(cond.question).option(cond.answer) is None:
                    raise ValueError(f"{self.code}: {item.link_id} depends on an unknown answer")

    @property
    def url(self) -> str:
        """Canonical URL, as FHIR Questionnaire.url."""
        return f"{CANONICAL_BASE}/{self.code}"

    def translation(self, language: str) -> Translation | None:
        return next((t for t in self.translations if t.language == language), None)

    def localized(self, language: str) -> Questionnaire:
        """The definition with an official translation's texts, when one exists.

        Clinic-authored texts translate through gettext instead; validated ones only ever
        through an official translation (CLINICAL.md: validated wording is never edited).
        """
        translation = self.translation(language)
        if translation is None:
            return self

        def item(original: Item) -> Item:
            return replace(
                original,
                text=translation.items.get(original.link_id, original.text),
                help_text=translation.help_texts.get(original.link_id, original.help_text),
                options=tuple(
                    replace(o, display=translation.options.get(o.code, o.display))
                    for o in original.options
                ),
            )

        return replace(
            self,
            title=translation.title,
            description=translation.description or self.description,
            items=tuple(item(i) for i in self.items),
        )

    def item(self, link_id: str) -> Item:
        return self._index[link_id]

    def is_enabled(self, item: Item, answers: Mapping[str, object]) -> bool:
        """Whether an item is asked, given the other answers (FHIR enableWhen semantics).

        An item whose condition depends on an item that is itself not asked is not asked.
        """
        if not item.enable_when:
            return True
        results = (
            self.is_enabled(self.item(cond.question), answers)
            and answers.get(cond.question) == cond.answer
            for cond in item.enable_when
        )
        return any(results) if item.enable_behavior is EnableBehavior.ANY else all(results)

    def enabled_items(self, answers: Mapping[str, object]) -> tuple[Item, ...]:
        return tuple(item for item in self.items if self.is_enabled(item, answers))

    def not_asked(self, answers: Mapping[str, object]) -> list[str]:
        """Link ids the branching skips, given the answers: "not asked", which a reader
        must be able to tell from "asked and left blank"."""
        return [item.link_id for item in self.items
                if not self.is_enabled(item, answers) and item.link_id not in answers]
