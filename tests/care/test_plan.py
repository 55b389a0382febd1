"""When a course asks its measures (care/plan.py), read directly."""

from datetime import date, timedelta

from care import plan

START = date(2027, 1, 4)
FOLLOWED = ("phq-9", "pcl-5")


def _occasions(**plan_of_the_course):
    return plan.occasions(start=START, instruments=FOLLOWED, **plan_of_the_course)


def _kinds(found):
    return [(o.kind, o.ask_on, o.due_on, o.session) for o in found]


def test_the_baseline_is_asked_at_once_and_due_in_a_week_or_by_the_first_session():
    alone = _occasions(sessions=[], at_baseline=True, before_sessions=True,
                           every_weeks=4)
    assert _kinds(alone) == [(plan.BASELINE, START, START + timedelta(days=7), None)]
    soon = _occasions(sessions=[(1, START + timedelta(days=3))],
                          at_baseline=True, before_sessions=False, every_weeks=None)
    assert soon[0].due_on == START + timedelta(days=3)


def test_each_session_is_asked_two_days_before_and_due_on_its_day():
    day = START + timedelta(days=20)
    found = _occasions(sessions=[(7, day)], at_baseline=False,
                           before_sessions=True, every_weeks=None)
    assert _kinds(found) == [(plan.BEFORE_SESSION, day - timedelta(days=2), day, 7)]
    # A session the day after the start is asked at the start, not before it.
    early = _occasions(sessions=[(8, START + timedelta(days=1))],
                           at_baseline=False, before_sessions=True, every_weeks=None)
    assert early[0].ask_on == START


def test_every_n_weeks_while_sessions_are_planned_never_twice_in_a_week():
    sessions = [(1, START + timedelta(weeks=4, days=1)), (2, START + timedelta(weeks=12))]
    found = _occasions(sessions=sessions, at_baseline=True,
                           before_sessions=True, every_weeks=4)
    periodic = [o.ask_on for o in found if o.kind == plan.PERIODIC]
    # Week 4 falls a day before session 1's own check-in: left out. Week 12 likewise
    # (session 2's is two days before it); week 8 is asked.
    assert periodic == [START + timedelta(weeks=8)]
    assert [o.ask_on for o in found] == sorted(o.ask_on for o in found)
    none_planned = _occasions(sessions=[], at_baseline=False,
                                  before_sessions=True, every_weeks=2)
    assert none_planned == []


def test_a_session_always_gets_its_pre_session_check_with_the_measures_if_planned():
    day = START + timedelta(days=9)
    bare, = _occasions(sessions=[(1, day)],
                           at_baseline=False, before_sessions=False, every_weeks=None)
    assert (bare.kind, bare.codes) == (plan.BEFORE_SESSION, ("pre-session", "asq"))
    full, = _occasions(sessions=[(1, day)],
                           at_baseline=False, before_sessions=True, every_weeks=None)
    assert full.codes == ("pre-session", "asq", "phq-9", "pcl-5")
