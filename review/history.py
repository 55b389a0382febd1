"""What happened to one intake, as the intake page and its PDF tell it: the timeline in time
order, and for each time the client sent it again, what the clinic asked, which answers
changed (old and new) and the assessment before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from intake import workflow
from intake.answers import NOT_ASKED, answer_rows
from intake.models import CandidacyAssessment, Intake, QuestionnaireResponse, StatusChange
from review.words import staff_name
from screening import definitions

S = Intake.Status


def _who(user: Any) -> str:
    return staff_name(user) if user else _("The client")


@dataclass(frozen=True)
class Event:
    at: datetime
    who: str
    what: str
    detail: str = ""


def _change_event(change: StatusChange) -> Event:
    """One status move in words: the client's own in their terms, the staff's as a move."""
    if change.by is None:
        what = {
            S.SUBMITTED: _("Sent the application again, with more information")
            if change.from_status == S.NEEDS_INFO else _("Sent the application"),
            S.WITHDRAWN: _("Withdrew the application"),
        }.get(change.to_status, workflow.status_label(change.to_status))
        return Event(change.at, _who(None), what)
    what = _("%(old)s → %(new)s") % {"old": workflow.status_label(change.from_status),
                                     "new": workflow.status_label(change.to_status)}
    detail = []
    if change.reason_code:
        detail.append(workflow.reason_label(change.reason_code))
    if change.revisit:
        detail.append(_("to look at again: %(parts)s") % {"parts": ", ".join(
            str(definitions.get(code).title) for code in change.revisit)})
    if change.message:
        detail.append(_("message to the client: “%(message)s”") % {"message": change.message})
    if change.note:
        detail.append(change.note)
    return Event(change.at, _who(change.by), what, " · ".join(detail))


def timeline(intake: Intake, changes: list[StatusChange]) -> list[Event]:
    """Everything that happened, oldest first."""
    events = [_change_event(change) for change in changes]
    if intake.urgent_since:
        events.append(Event(intake.urgent_since, _("The app"),
                            _("Answers showed suicide risk; staff were alerted")))
    acknowledgement = getattr(intake, "acknowledgement", None)
    if acknowledgement is not None:
        events.append(Event(acknowledgement.at, _who(acknowledgement.by),
                            _("Acknowledged the urgent case"), acknowledgement.action_taken))
    return sorted(events, key=lambda event: event.at)


@dataclass
class PageChange:
    title: str
    rows: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # q, old, new


@dataclass
class Resubmission:
    asked: StatusChange | None  # the request it answers
    sent_at: datetime
    pages: list[PageChange]
    unchanged: list[str]  # titles of pages asked about and sent back as they were
    before: CandidacyAssessment | None
    after: CandidacyAssessment | None

    @property
    def score_changes(self) -> list[tuple[str, Any, Any]]:
        """(instrument, total before, total after) for each total that moved."""
        old = self.before.scores if self.before else {}
        new = self.after.scores if self.after else {}
        moved = []
        for code in dict.fromkeys([*old, *new]):
            was, now = (old.get(code) or {}).get("total"), (new.get(code) or {}).get("total")
            if was != now:
                moved.append((str(definitions.get(code).title), was, now))
        return moved


def _shown(response: QuestionnaireResponse | None) -> dict[str, str | None]:
    """Each question's answer in words; None when nothing was given (left blank, or not
    asked after an earlier answer), so that a blank that stays blank is no change."""
    if response is None:
        return {}
    definition = definitions.get(response.questionnaire, response.version)
    if response.declined:
        return {str(item.text): _("Skipped") for item in definition.items}
    return {str(row.item.text): None if row.shown == NOT_ASKED else row.shown
            for row in answer_rows(definition, response.answers, response.not_asked)}


def resubmissions(intake: Intake, changes: list[StatusChange]) -> list[Resubmission]:
    """Each time the client sent the intake again, newest last; earlier rounds stay."""
    sent_again = [c for c in changes
                  if c.to_status == S.SUBMITTED and c.from_status == S.NEEDS_INFO]
    if not sent_again:
        return []
    responses = list(intake.responses.filter(submitted_at__isnull=False)
                     .order_by("submitted_at", "id"))
    assessments = list(intake.assessments.order_by("created_at", "id"))
    rounds = []
    for change in sent_again:
        asked = next((c for c in reversed(changes)
                      if c.to_status == S.NEEDS_INFO and c.at <= change.at), None)
        pages, unchanged = [], []
        for code in dict.fromkeys([*(asked.revisit if asked else []),
                                   *(r.questionnaire for r in responses
                                     if r.submitted_at == change.at)]):
            new = next((r for r in reversed(responses)
                        if r.questionnaire == code and r.submitted_at == change.at), None)
            old = next((r for r in reversed(responses)
                        if r.questionnaire == code and r.submitted_at < change.at), None)
            title = str(definitions.get(code).title)
            was, now = _shown(old), _shown(new) if new else _shown(old)
            rows = [(question, was.get(question), now.get(question))
                    for question in dict.fromkeys([*was, *now])
                    if was.get(question) != now.get(question)]
            if rows:
                pages.append(PageChange(title, rows))
            elif asked and code in asked.revisit:
                unchanged.append(title)
        after = next((a for a in assessments if a.created_at >= change.at), None)
        before = next((a for a in reversed(assessments) if a.created_at < change.at), None)
        rounds.append(Resubmission(asked, change.at, pages, unchanged, before, after))
    return rounds
