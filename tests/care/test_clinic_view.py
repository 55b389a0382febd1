"""The clinic's view of its courses of care: who is due or overdue, whose scores worsened
by a reliable change, whose next pre-session check needs attention; filters; a fixed
number of queries; every look audited."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from care import services
from care.models import Measure
from care.selectors import clinic_view
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db

PHQ9 = likely_answers()["phq-9"]
ITEMS = list(PHQ9)


def _phq9(total_items_at_two: int) -> dict[str, str]:
    """A PHQ-9 with so many items at "more than half the days" (2), the rest at 0; item
    9 stays at 0 (no risk answer)."""
    answers = {item: "LA6568-5" for item in ITEMS}
    for item in [i for i in ITEMS if i != "44260-8"][:total_items_at_two]:
        answers[item] = "LA6570-1"
    return answers


def _course(clinician, email, **plan):
    intake = factories.approved_intake(by=clinician, email=email)
    return services.course_start(intake=intake, by=clinician, ip_address=None,
                                 **{"instruments": ["phq-9"], "at_baseline": True,
                                    "before_sessions": False, "every_weeks": None, **plan})


def _answer_later(course, answers, days):
    measure = Measure.objects.create(course=course, occasion="periodic",
                                     ask_on=timezone.localdate() + timedelta(days=days),
                                     due_on=timezone.localdate() + timedelta(days=days),
                                     instruments=["phq-9"])
    services.measure_answer(measure=measure, questionnaire="phq-9", answers=answers,
                            not_asked=[])
    return measure


def test_due_overdue_worse_and_needing_attention(clinician):
    today = timezone.localdate()
    late = _course(clinician, "late@example.org")
    Measure.objects.filter(course=late).update(due_on=today - timedelta(days=1))
    worse = _course(clinician, "worse@example.org")
    services.measure_answer(measure=Measure.objects.get(course=worse), questionnaire="phq-9",
                            answers=_phq9(1), not_asked=[])  # 2
    _answer_later(worse, _phq9(4), 1)  # 8: up 6, at least PHQ-9's 5
    soon = _course(clinician, "soon@example.org")
    services.session_plan(course=soon, on_date=today + timedelta(days=1), setting="clinic",
                          label="", by=clinician, ip_address=None)
    rows = {row.course.intake.email: row for row in clinic_view(today)}
    assert (rows["late@example.org"].overdue, rows["late@example.org"].due) == (1, 0)
    assert rows["worse@example.org"].worsened == ["phq-9"]
    assert rows["late@example.org"].worsened == []
    assert rows["soon@example.org"].needs_attention  # asked, not done yet
    assert not rows["late@example.org"].needs_attention  # no session: nothing to check
    assert list(rows)[0] == "soon@example.org"  # soonest session first


def test_filters_and_an_audited_look(client, clinician):
    late = _course(clinician, "late@example.org")
    Measure.objects.filter(course=late).update(due_on=timezone.localdate() - timedelta(days=2))
    ok = _course(clinician, "ok@example.org")
    services.measure_answer(measure=Measure.objects.get(course=ok), questionnaire="phq-9",
                            answers=PHQ9, not_asked=[])
    factories.staff_login(client, clinician)
    page = client.get(reverse("review:courses")).content.decode()
    assert page.count('href="/staff/intakes/') == 2
    overdue = client.get(reverse("review:courses"), {"show": "overdue"}).content.decode()
    assert reverse("review:course", args=[late.intake.pk]) in overdue
    assert reverse("review:course", args=[ok.intake.pk]) not in overdue
    look = AuditEvent.objects.filter(action=AuditEvent.Action.CARE_LIST_VIEW).order_by("id").last()
    assert look.actor == clinician and look.detail["intakes"] == [str(late.intake.pk)]
    nothing = client.get(reverse("review:courses"), {"show": "worsened"}).content.decode()
    assert "No open course matches." in nothing


def test_the_view_takes_as_many_queries_with_five_courses_as_with_one(client, clinician):
    factories.staff_login(client, clinician)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("review:courses")).status_code == 200
        return len(queries)

    def one_more(n):
        course = _course(clinician, f"c{n}@example.org")
        services.session_plan(course=course, on_date=timezone.localdate(), setting="home",
                              label="", by=clinician, ip_address=None)

    one_more(0)
    first = count()
    for n in range(1, 5):
        one_more(n)
    assert count() == first == 13
