"""A course of care's writes: started on an approved application only, each measure asked
once on its day by a single-use link, one reminder, answers kept with their recall window."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.utils import timezone

from audit.models import AuditEvent
from care import plan, services
from care.models import Course, Measure, MeasureResponse
from intake.models import Intake
from outbox.models import OutgoingMessage
from screening.examples import likely_answers
from tests import factories
from tests.care.conftest import check_in_links

pytestmark = pytest.mark.django_db

PHQ9 = likely_answers()["phq-9"]


def test_a_course_starts_only_on_an_approved_application(clinician):
    submitted = factories.submitted_intake()
    with pytest.raises(services.CareRefused):
        services.course_start(intake=submitted, by=clinician, instruments=["phq-9"],
                              at_baseline=True, before_sessions=True, every_weeks=None,
                              ip_address=None)
    assert not Course.objects.exists()


def test_one_open_course_at_a_time_and_it_measures_something(approved, clinician, course):
    with pytest.raises(services.CareRefused):
        services.course_start(intake=approved, by=clinician, instruments=["phq-9"],
                              at_baseline=True, before_sessions=True, every_weeks=None,
                              ip_address=None)
    with pytest.raises(IntegrityError):
        Course.objects.create(intake=approved, started_by=clinician,
                              started_on=timezone.localdate(), instruments=["gad-7"])


def test_starting_asks_the_baseline_at_once_through_the_queue(course, run_jobs):
    baseline = Measure.objects.get(course=course)
    assert (baseline.occasion, baseline.instruments) == (plan.BASELINE, ["phq-9", "pcl-5"])
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CARE_START,
                                     intake=course.intake).exists()
    assert mail.outbox == []  # no request waits on email
    run_jobs()
    (email,) = mail.outbox
    assert email.to == [course.intake.email]
    assert len(check_in_links()) == 1
    # Nothing of health in it: no questionnaire named.
    assert "PHQ" not in email.body and "PCL" not in email.body
    baseline.refresh_from_db()
    assert baseline.token_hash and baseline.links_sent == 1
    assert check_in_links()[0].split("/")[-2] not in baseline.token_hash  # a hash only


def test_a_session_within_two_days_is_asked_for_now_and_later_ones_on_their_day(
        course, clinician, run_jobs):
    today = timezone.localdate()
    soon = services.session_plan(course=course, on_date=today + timedelta(days=1),
                                 setting="clinic", label="Session 1", by=clinician,
                                 ip_address=None)
    later = services.session_plan(course=course, on_date=today + timedelta(days=10),
                                  setting="home", label="", by=clinician, ip_address=None)
    assert list(Measure.objects.filter(session__isnull=False).values_list("session", flat=True)
                ) == [soon.pk]
    # Eight days on (two before the later session) the hourly job asks for it, once.
    at = timezone.now() + timedelta(days=8)
    assert services.measures_ask(now=at)["asked"] == 1
    assert services.measures_ask(now=at)["asked"] == 0
    assert Measure.objects.filter(session=later).count() == 1


def test_one_reminder_with_a_fresh_link_two_days_on_and_never_a_second(course, run_jobs):
    run_jobs()
    first = check_in_links()[0]
    at = timezone.now() + timedelta(days=plan.REMINDER_AFTER_DAYS, minutes=1)
    assert services.measures_ask(now=at)["reminded"] == 1
    assert services.measures_ask(now=at)["reminded"] == 0
    run_jobs()
    assert [m.kind for m in OutgoingMessage.objects.filter(kind__startswith="measure")
            .order_by("id")] == [
        OutgoingMessage.Kind.MEASURE_LINK, OutgoingMessage.Kind.MEASURE_REMINDER]
    second = check_in_links()[1]
    assert services.measure_for_link(first.split("/")[-2]) is None  # replaced
    assert services.measure_for_link(second.split("/")[-2]) is not None


def test_a_link_works_once_and_not_after_it_expires(course, run_jobs):
    run_jobs()
    token = check_in_links()[0].split("/")[-2]
    Measure.objects.update(link_expires_at=timezone.now() - timedelta(seconds=1))
    assert services.measure_for_link(token) is None
    Measure.objects.update(link_expires_at=timezone.now() + timedelta(days=1))
    assert services.measure_link_redeem(token) is not None
    assert services.measure_link_redeem(token) is None


def test_answers_are_stored_scored_with_their_recall_window_and_never_changed(course):
    measure = Measure.objects.get(course=course)
    services.measure_answer(measure=measure, questionnaire="phq-9", answers=PHQ9,
                            not_asked=[])
    measure.refresh_from_db()
    assert measure.completed_at is None  # the PCL-5 is still to come
    services.measure_answer(measure=measure, questionnaire="pcl-5",
                            answers=likely_answers()["pcl-5"], not_asked=[])
    measure.refresh_from_db()
    assert measure.completed_at is not None and measure.token_hash is None
    phq9 = MeasureResponse.objects.get(measure=measure, questionnaire="phq-9")
    assert (phq9.recall_days, phq9.total) == (14, phq9.score["total"])
    assert MeasureResponse.objects.get(questionnaire="pcl-5").recall_days == 30
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEASURE_ANSWERED).count() == 1
    with pytest.raises(Exception, match="append_only"), connection.cursor() as cursor:
        cursor.execute("UPDATE care_measureresponse SET answers = '{}'")


def test_a_page_sent_twice_keeps_the_first_answers(course):
    measure = Measure.objects.get(course=course)
    first = services.measure_answer(measure=measure, questionnaire="phq-9", answers=PHQ9,
                                    not_asked=[])
    again = services.measure_answer(measure=measure, questionnaire="phq-9", answers={},
                                    not_asked=[])
    assert again.pk == first.pk and again.answers == PHQ9


def test_a_cancelled_session_is_not_asked_and_its_link_stops(course, clinician, run_jobs):
    session = services.session_plan(course=course, on_date=timezone.localdate(),
                                    setting="clinic", label="", by=clinician,
                                    ip_address=None)
    run_jobs()
    tokens = [link.split("/")[-2] for link in check_in_links()]
    services.session_cancel(session=session, by=clinician, ip_address=None)
    assert [services.measure_for_link(t) is None for t in tokens] == [False, True]


def test_erasing_the_person_takes_the_course_and_its_answers(course, clinic_admin):
    from review.services import person_erase

    measure = Measure.objects.get(course=course)
    services.measure_answer(measure=measure, questionnaire="phq-9", answers=PHQ9,
                            not_asked=[])
    person_erase(intake=course.intake, by=clinic_admin, ip_address=None)
    assert not MeasureResponse.objects.exists()
    assert not Course.objects.exists() and not Measure.objects.exists()
    assert Intake.objects.get(pk=course.intake.pk).erased_at is not None


RISK = likely_answers({"phq-9": {"44260-8": "LA6569-3"}})["phq-9"]


def test_an_unacknowledged_risk_answer_is_alerted_again_then_escalated(course):
    from care.models import CareAlert
    from review.services import urgent_realerts_send

    services.measure_answer(measure=Measure.objects.get(course=course),
                            questionnaire="phq-9", answers=RISK, not_asked=[])
    alert = CareAlert.objects.get()
    assert urgent_realerts_send(now=alert.raised_at + timedelta(minutes=1)) == 0
    later = alert.raised_at + timedelta(hours=3)
    assert urgent_realerts_send(now=later) == 1
    assert urgent_realerts_send(now=later + timedelta(hours=3)) == 1
    kinds = list(OutgoingMessage.objects.filter(params__care_alert=alert.pk)
                 .values_list("kind", flat=True).order_by("id"))
    assert kinds.count(OutgoingMessage.Kind.URGENT_ALERT) == 3
    assert OutgoingMessage.Kind.URGENT_ESCALATION in kinds


def test_a_person_with_an_unacknowledged_risk_answer_cannot_be_erased_yet(course,
                                                                         clinic_admin):
    from review.services import ReviewError, person_erase

    services.measure_answer(measure=Measure.objects.get(course=course),
                            questionnaire="phq-9", answers=RISK, not_asked=[])
    with pytest.raises(ReviewError, match="nobody has acknowledged"):
        person_erase(intake=course.intake, by=clinic_admin, ip_address=None)
    assert MeasureResponse.objects.exists()


def test_a_second_risk_answer_keeps_one_open_alert_and_an_acute_one_alerts_again(course):
    from care.models import CareAlert

    measure = Measure.objects.get(course=course)
    services.alert_raise(course=course, measure=measure, acute=False)
    services.alert_raise(course=course, measure=measure, acute=False)
    services.alert_raise(course=course, measure=measure, acute=True)
    alert = CareAlert.objects.get()
    assert (alert.acute, alert.alerts_sent) == (True, 2)
    assert OutgoingMessage.objects.filter(params__care_alert=alert.pk).count() == 2


def test_a_yes_right_now_in_a_pre_session_check_raises_an_acute_alert(course, clinician):
    from care.models import CareAlert
    from screening.definitions.asq import ACUITY, SCREEN_IDS

    session = services.session_plan(course=course, on_date=timezone.localdate(),
                                    setting="home", label="", by=clinician, ip_address=None)
    measure = Measure.objects.get(session=session)
    answers = {**{item: "no" for item in SCREEN_IDS}, SCREEN_IDS[0]: "yes", ACUITY: "yes"}
    response = services.measure_answer(measure=measure, questionnaire="asq",
                                       answers=answers, not_asked=[])
    assert services.response_shows_risk(response)
    alert = CareAlert.objects.get(course=course)
    assert alert.acute and alert.measure == measure
