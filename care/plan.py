"""When a course of care asks its measures: the one place that says so. Plain Python, no
database: the services store what it returns and the tests read it directly.

A measure is one occasion (the baseline, before a dosing session, or every few weeks) on
which the client is asked the course's questionnaires by an emailed link.
- The baseline is asked the day the course starts, and is due within a week, or by the
  first session if that comes sooner.
- Before each session: asked two days ahead, due by the session's day. This one always
  holds the pre-session check (its questions, then the ASQ), and the questionnaires
  followed too if the plan says "before each session".
- Every N weeks from the start, while sessions are still planned ahead (a course with no
  session planned asks nothing periodic), due within a week. One that would land within a
  week of a session's own measure is left out: the client is not asked twice in a week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ASK_BEFORE_SESSION_DAYS = 2
DUE_WITHIN_DAYS = 7
LINK_DAYS = 7  # a measure's link works this long; a reminder sends a fresh one
REMINDER_AFTER_DAYS = 2  # one reminder, this long after the link, if not done by then
NOT_TWICE_IN_DAYS = 7

BASELINE, BEFORE_SESSION, PERIODIC = "baseline", "before-session", "periodic"
# Asked before every session, whatever the plan: readiness, then the suicide-risk screen.
SESSION_CHECK: tuple[str, ...] = ("pre-session", "asq")


@dataclass(frozen=True)
class Occasion:
    kind: str
    ask_on: date
    due_on: date
    session: int | None = None  # the session's id, for a measure before a session
    codes: tuple[str, ...] = ()  # the questionnaires asked, in order


def occasions(*, start: date, sessions: Sequence[tuple[int, date]],
              instruments: Sequence[str], at_baseline: bool, before_sessions: bool,
              every_weeks: int | None) -> list[Occasion]:
    """Every occasion of a course that started on `start`, with its planned sessions
    (id, day) and the questionnaires it follows, in the order they are asked."""
    followed = tuple(instruments)
    days = sorted(day for _id, day in sessions)
    found: list[Occasion] = []
    if at_baseline:
        due = start + timedelta(days=DUE_WITHIN_DAYS)
        ahead = [day for day in days if day >= start]
        found.append(Occasion(BASELINE, start, min([due, *ahead[:1]]), codes=followed))
    session_asks = []
    for pk, day in sorted(sessions, key=lambda s: (s[1], s[0])):
        ask = max(day - timedelta(days=ASK_BEFORE_SESSION_DAYS), start)
        codes = SESSION_CHECK + (followed if before_sessions else ())
        found.append(Occasion(BEFORE_SESSION, ask, day, pk, codes))
        if before_sessions:
            session_asks.append(ask)
    if every_weeks and days:
        step = timedelta(weeks=every_weeks)
        ask = start + step
        while ask <= days[-1]:
            near = [a for a in [start if at_baseline else None, *session_asks]
                    if a is not None and abs((a - ask).days) < NOT_TWICE_IN_DAYS]
            if not near:
                found.append(Occasion(PERIODIC, ask, ask + timedelta(days=DUE_WITHIN_DAYS),
                                      codes=followed))
            ask += step
    return sorted(found, key=lambda o: (o.ask_on, o.kind != BASELINE, o.session or 0))
