"""One item schema for every questionnaire, validated or the clinic's own.

Definitions are immutable data: a change is a new version, so stored answers always score
under the version they were given with. The shape follows FHIR R4 Questionnaire items
(linkId, answerOption, enableWhen) so that export stays a mapping, not a translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise

Text = str | Promise  # plain text, or a lazily translated string for clinic-authored items

PREFER_NOT_TO_ANSWER = "prefer-not"


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
    """Ask the item only when the item `question` was answered with option `answer`."""

    question: str
    answer: str


@dataclass(frozen=True)
class Item:
    link_id: str
    text: Text
    answer_type: AnswerType = AnswerType.CHOICE
    options: tuple[Option, ...] = ()
    required: bool = True
    help_text: Text = ""
    enable_when: tuple[EnableWhen, ...] = ()

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)

    def display(self, value: object) -> Text:
        """How an answer reads to a person: the option's label for choices."""
        if self.answer_type is AnswerType.CHOICE:
            option = self.option(str(value))
            return option.display if option else str(value)
        return str(value)


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
    _index: dict[str, Item] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {item.link_id: item for item in self.items}
        if len(index) != len(self.items):
            raise ValueError(f"{self.code} {self.version}: duplicate link ids")
        object.__setattr__(self, "_index", index)

    @property
    def url(self) -> str:
        """Canonical URL, as FHIR Questionnaire.url."""
        return f"https://kapclinic.example.org/fhir/Questionnaire/{self.code}"

    def item(self, link_id: str) -> Item:
        return self._index[link_id]

    def is_enabled(self, item: Item, answers: dict[str, object]) -> bool:
        """Whether an item is asked, given the answers so far (all conditions must hold)."""
        return all(answers.get(cond.question) == cond.answer for cond in item.enable_when)
