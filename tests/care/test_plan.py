"""When a course asks its measures (care/plan.py), read directly."""

from datetime import date, timedelta

from care import plan

START = date(2027, 1, 4)


def _kinds(found):
    return [(o.kind, o.ask_on, o.due_on, o.session) for o in found]


def test_the_baseline_is_asked_at_once_and_due_in_a_week_or_by_the_first_session():
    alone = plan.occasions(start=START, sessions=[], at_baseline=True, before_sessions=True,
                           every_weeks=4)
    assert _kinds(alone) == [(plan.BASELINE, START, START + timedelta(days=7), None)]
    soon = plan.occasions(start=START, sessions=[(1, START + timedelta(days=3))],
                          at_baseline=True, before_sessions=False, every_weeks=None)
    assert soon[0].due_on == START + timedelta(days=3)


def test_each_session_is_asked_two_days_before_and_due_on_its_day():
    day = START + timedelta(days=20)
    found = plan.occasions(start=START, sessions=[(7, day)], at_baseline=False,
                           before_sessions=True, every_weeks=None)
    assert _kinds(found) == [(plan.BEFORE_SESSION, day - timedelta(days=2), day, 7)]
    # A session the day after the start is asked at the start, not before it.
    early = plan.occasions(start=START, sessions=[(8, START + timedelta(days=1))],
                           at_baseline=False, before_sessions=True, every_weeks=None)
    assert early[0].ask_on == START


def test_every_n_weeks_while_sessions_are_planned_never_twice_in_a_week():
    sessions = [(1, START + timedelta(weeks=4, days=1)), (2, START + timedelta(weeks=12))]
    found = plan.occasions(start=START, sessions=sessions, at_baseline=True,
                           before_sessions=True, every_weeks=4)
    periodic = [o.ask_on for o in found if o.kind == plan.PERIODIC]
    # Week 4 falls a day before session 1's own check-in: left out. Week 12 likewise
    # (session 2's is two days before it); week 8 is asked.
    assert periodic == [START + timedelta(weeks=8)]
    assert [o.ask_on for o in found] == sorted(o.ask_on for o in found)
    none_planned = plan.occasions(start=START, sessions=[], at_baseline=False,
                                  before_sessions=True, every_weeks=2)
    assert none_planned == []


def test_nothing_is_planned_when_the_plan_asks_nothing():
    assert plan.occasions(start=START, sessions=[(1, START + timedelta(days=9))],
                          at_baseline=False, before_sessions=False, every_weeks=None) == []
