"""A client's answers as people read them: each question with the answer shown in words.
The one place that turns stored values into text, for the client's own review page, the
staff's intake page, its PDF and the list of what changed on a resubmission."""

from dataclasses import dataclass

from screening.schema import Item, Questionnaire

NOT_ASKED = "not-asked"


@dataclass(frozen=True)
class AnswerRow:
    item: Item
    # The answer in words; None when left blank; NOT_ASKED where branching skipped it.
    shown: str | None

    @property
    def answered(self) -> bool:
        return self.shown is not None and self.shown != NOT_ASKED


def answer_rows(definition: Questionnaire, answers: dict[str, object],
                not_asked: list[str] | tuple[str, ...] = ()) -> list[AnswerRow]:
    """Every item of the definition, in its order, with what the client gave."""
    skipped = set(not_asked)
    return [
        AnswerRow(item, NOT_ASKED if item.link_id in skipped
                  else str(item.display(answers[item.link_id])) if item.link_id in answers
                  else None)
        for item in definition.items
    ]
