"""The client's check-in from an emailed link (no account), and the clinician's course
page: start, plan, read the chart and its numbers; every look audited."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from care import services
from care.models import Course, DosingSession, Measure, MeasureResponse
from screening.examples import likely_answers
from tests import factories
from tests.care.conftest import check_in_links

pytestmark = pytest.mark.django_db


def _answer_all(client, link, answers):
    """Through the pages as a client: open, begin, each questionnaire; the last page."""
    assert client.get(link).status_code == 200
    page = client.post(link, follow=True)
    for code, given in answers.items():
        assert page.request["PATH_INFO"] == reverse("care:measure-questions", args=[code])
        page = client.post(page.request["PATH_INFO"], given, follow=True)
    return page


def test_a_client_answers_a_check_in_from_the_emailed_link_once(client, course, run_jobs):
    run_jobs()
    (link,) = check_in_links()
    opened = client.get(link).content.decode()
    assert "2 short questionnaires" in opened and "may leave any question blank" in opened
    done = _answer_all(client, link, {"phq-9": likely_answers()["phq-9"],
                                      "pcl-5": likely_answers()["pcl-5"]})
    html = done.content.decode()
    assert "Your answers are with your care team" in html
    assert "first check-in with the" in html  # nothing to compare yet
    assert "This is not a diagnosis" in html
    assert MeasureResponse.objects.count() == 2
    assert client.get(link).status_code == 410  # used up
    assert client.post(link).status_code == 410


def test_a_question_left_blank_is_allowed_as_the_page_says(client, course, run_jobs):
    run_jobs()
    (link,) = check_in_links()
    _answer_all(client, link, {"phq-9": {}, "pcl-5": {}})
    response = MeasureResponse.objects.get(questionnaire="phq-9")
    assert response.answers == {} and response.total is None


def test_the_client_sees_their_own_trend_in_words_not_numbers(client, course, run_jobs):
    first = Measure.objects.get(course=course)
    # "More than half the days" on each item but the ninth (never a risk answer here).
    high = {item: "LA6570-1" for item in likely_answers()["phq-9"]} | {"44260-8": "LA6568-5"}
    for code in ("phq-9", "pcl-5"):
        services.measure_answer(measure=first, questionnaire=code,
                                answers=high if code == "phq-9" else likely_answers()[code],
                                not_asked=[])
    later = Measure.objects.create(course=course, occasion="periodic",
                                   ask_on=timezone.localdate(), due_on=timezone.localdate(),
                                   instruments=["phq-9"])
    raw = services.measure_link_create(measure=later)
    zero = {item: "LA6568-5" for item in high}  # "Not at all" on every item
    done = _answer_all(client, reverse("care:measure-link", args=[raw]), {"phq-9": zero})
    html = done.content.decode()
    total = MeasureResponse.objects.get(measure=later).total
    assert total == 0
    assert "fewer difficulties than when your care began" in html
    assert f">{total}<" not in html and "score" not in html.lower()


def test_a_link_that_no_longer_works_says_so_kindly(client, course):
    response = client.get(reverse("care:measure-link", args=["x" * 43]))
    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
    assert client.get(reverse("care:measure-done")).status_code == 410


def test_a_clinician_starts_a_course_plans_sessions_and_reads_the_chart(
        client, clinician, approved, run_jobs):
    factories.staff_login(client, clinician)
    page = reverse("review:course", args=[approved.pk])
    form = client.get(page)
    assert form.status_code == 200
    assert "Start a course of care" in form.content.decode()
    assert form.context["forms"]["start"].initial["instruments"] == ["phq-9", "pcl-5",
                                                                     "gad-7"]
    started = client.post(reverse("review:course-start", args=[approved.pk]),
                          {"instruments": ["phq-9", "pcl-5"], "at_baseline": "on",
                           "before_sessions": "on", "every_weeks": "4"})
    assert started.url == page
    day = timezone.localdate() + timedelta(days=14)
    planned = client.post(reverse("review:session-plan", args=[approved.pk]),
                          {"on_date": day.isoformat(), "setting": "clinic",
                           "label": "Session 1"})
    assert planned.url == page
    course = Course.objects.get(intake=approved)
    measure = Measure.objects.get(course=course)
    for code in course.instruments:
        services.measure_answer(measure=measure, questionnaire=code,
                                answers=likely_answers()[code], not_asked=[])
    html = client.get(page).content.decode()
    assert html.count('role="img"') == 2  # a chart per questionnaire
    total = MeasureResponse.objects.get(questionnaire="pcl-5").total
    assert f"<td>{total}</td>" in html  # the numbers beside the chart
    assert "Session 1" in html and "Smallest change that matters" in html
    looks = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, intake=approved,
                                      actor=clinician).count()
    assert looks == 2


def test_a_refused_start_keeps_the_form_and_says_why(client, clinician, run_jobs):
    factories.staff_login(client, clinician)
    submitted = factories.submitted_intake()
    response = client.post(reverse("review:course-start", args=[submitted.pk]),
                           {"instruments": ["phq-9"], "every_weeks": "3"})
    assert response.status_code == 400
    assert "once the application is approved" in response.content.decode()
    assert response.context["forms"]["start"]["every_weeks"].value() == "3"
    assert not Course.objects.exists()


def test_the_course_page_takes_as_many_queries_with_eight_sessions_as_with_one(
        client, clinician, course):
    factories.staff_login(client, clinician)
    page = reverse("review:course", args=[course.intake.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        return len(queries)

    DosingSession.objects.create(course=course, on_date=timezone.localdate(),
                                 setting="clinic", planned_by=clinician)
    one = count()
    DosingSession.objects.bulk_create(
        DosingSession(course=course, on_date=timezone.localdate() + timedelta(weeks=w),
                      setting="home", planned_by=clinician) for w in range(1, 8))
    assert count() == one == 15


def test_the_check_in_speaks_spanish_to_a_spanish_speaker(client, course, run_jobs):
    run_jobs()
    (link,) = check_in_links()
    html = client.get(link, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Su seguimiento" in html and "puede dejar cualquier pregunta en blanco" in html


RISK = likely_answers({"phq-9": {"44260-8": "LA6569-3"}})["phq-9"]  # item 9: several days


def test_a_risk_answer_in_a_check_in_gets_help_at_once_and_reaches_the_team(
        client, course, run_jobs, clinician):
    from django.core import mail

    from care.models import CareAlert
    from outbox.models import OutgoingMessage

    run_jobs()
    (link,) = check_in_links()
    client.post(link)
    helped = client.post(reverse("care:measure-questions", args=["phq-9"]), RISK,
                         follow=True)
    html = helped.content.decode()
    assert helped.request["PATH_INFO"] == reverse("care:measure-safety")
    assert "Your care team has been told" in html and 'href="tel:988"' in html
    # What the page says is true: the alert is queued, and goes out.
    alert = CareAlert.objects.get(course=course)
    assert OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.URGENT_ALERT,
                                          params__care_alert=alert.pk).exists()
    mail.outbox.clear()
    run_jobs()
    (email,) = mail.outbox
    assert email.to == [clinician.email]
    assert "A check-in during a course of care" in email.body
    assert course.intake.first_name not in email.body  # no client details
    # The rest of the check-in carries on from the help page.
    assert reverse("care:measure-questions", args=["pcl-5"]) in html


def test_the_queue_puts_an_unacknowledged_risk_answer_on_top_until_acknowledged(
        client, course, clinician):
    from care.models import CareAlert

    measure = Measure.objects.get(course=course)
    services.measure_answer(measure=measure, questionnaire="phq-9", answers=RISK,
                            not_asked=[])
    factories.staff_login(client, clinician)
    queue = client.get(reverse("review:queue")).content.decode()
    page = reverse("review:course", args=[course.intake.pk])
    assert "risk answers during care, not yet acknowledged" in queue
    assert queue.index(f'href="{page}"') < queue.index('aria-label="Intakes per status"')
    course_page = client.get(page).content.decode()
    assert "Urgent safety follow-up" in course_page and "Acknowledge" in course_page
    alert = CareAlert.objects.get()
    url = reverse("review:care-acknowledge", args=[course.intake.pk, alert.pk])
    refused = client.post(url, {"action_taken": "  "})
    assert refused.status_code == 400
    assert client.post(url, {"action_taken": "Called; safety plan made."}).url == page
    alert.refresh_from_db()
    assert alert.acknowledged_by == clinician
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACKNOWLEDGE,
                                     detail__care_alert=alert.pk).exists()
    assert "during care, not yet acknowledged" not in client.get(
        reverse("review:queue")).content.decode()
    assert "Called; safety plan made." in client.get(page).content.decode()


def test_the_clinician_sees_ready_or_what_needs_attention_before_each_session(
        client, clinician, course):
    from care import plan as care_plan

    today = timezone.localdate()
    ready_day, worry_day = today + timedelta(days=1), today + timedelta(days=2)
    for day in (ready_day, worry_day):
        services.session_plan(course=course, on_date=day, setting="clinic", label="",
                              by=clinician, ip_address=None)
    ready, worry = Measure.objects.filter(occasion=care_plan.BEFORE_SESSION).order_by("due_on")
    assert ready.instruments[:2] == ["pre-session", "asq"]
    asq_no = likely_answers()["asq"]
    check = {"fasting": "yes", "ride-home": "yes", "alcohol-24h": "no",
             "benzodiazepines-24h": "no", "other-substances-24h": "no",
             "new-medications": "no"}
    for measure, answers in ((ready, check), (worry, {**check, "alcohol-24h": "yes",
                                                      "bp-systolic": 150})):
        services.measure_answer(measure=measure, questionnaire="pre-session",
                                answers=answers, not_asked=[])
        services.measure_answer(measure=measure, questionnaire="asq", answers=asq_no,
                                not_asked=[])
    factories.staff_login(client, clinician)
    html = client.get(reverse("review:course", args=[course.intake.pk])).content.decode()
    assert html.count("<strong>Ready</strong>") == 1
    assert "Alcohol in the last 24 hours" in html and "at or over 140/90" in html
    assert "In the last 24 hours, have you had any alcohol?" in html  # the answers behind
    assert "Not answered" in html  # a question left blank is said so, never a "no"


def test_a_questionnaire_without_a_checked_translation_says_why_it_is_in_english(
        client, course):
    measure = Measure.objects.create(course=course, occasion="periodic",
                                     ask_on=timezone.localdate(),
                                     due_on=timezone.localdate(), instruments=["pcl-5"])
    link = reverse("care:measure-link", args=[services.measure_link_create(measure=measure)])
    page = client.post(link, HTTP_ACCEPT_LANGUAGE="es", follow=True)
    html = page.content.decode()
    assert "shown in English, as it was tested" in html or "se muestra en inglés" in html
    assert '<form method="post" novalidate lang="en">' in html


def test_a_second_risk_answer_in_another_check_in_gets_help_too_and_alerts_again(
        client, course, clinician):
    from care.models import CareAlert
    from outbox.models import OutgoingMessage

    first = Measure.objects.get(course=course)
    services.measure_answer(measure=first, questionnaire="phq-9", answers=RISK,
                            not_asked=[])
    later = Measure.objects.create(course=course, occasion="periodic",
                                   ask_on=timezone.localdate(), due_on=timezone.localdate(),
                                   instruments=["phq-9"])
    link = reverse("care:measure-link", args=[services.measure_link_create(measure=later)])
    client.post(link)
    helped = client.post(reverse("care:measure-questions", args=["phq-9"]), RISK,
                         follow=True)
    assert helped.request["PATH_INFO"] == reverse("care:measure-safety")
    assert "Your care team has been told" in helped.content.decode()
    alert = CareAlert.objects.get()
    assert alert.measure == later and alert.alerts_sent == 2
    assert OutgoingMessage.objects.filter(params__care_alert=alert.pk).count() == 2
    done = client.get(reverse("care:measure-done")).content.decode()
    assert "will reach out to you" in done and "worth noticing" not in done
    # The intake page says so too.
    factories.staff_login(client, clinician)
    page = client.get(reverse("review:intake", args=[course.intake.pk])).content.decode()
    assert "Urgent: a risk answer during care" in page


def test_a_questionnaire_left_part_blank_is_said_so_not_compared(client, course):
    first = Measure.objects.get(course=course)
    for code in course.instruments:
        services.measure_answer(measure=first, questionnaire=code,
                                answers=likely_answers()[code], not_asked=[])
    later = Measure.objects.create(course=course, occasion="periodic",
                                   ask_on=timezone.localdate(), due_on=timezone.localdate(),
                                   instruments=["phq-9"])
    link = reverse("care:measure-link", args=[services.measure_link_create(measure=later)])
    done = _answer_all(client, link, {"phq-9": {"44250-9": "LA6568-5"}})
    html = done.content.decode()
    assert "could not be added up" in html and "first check-in" not in html


def test_a_pre_session_link_ends_with_the_sessions_day_and_a_past_session_stays(
        course, clinician):
    from care.models import DosingSession

    session = services.session_plan(course=course, on_date=timezone.localdate(),
                                    setting="clinic", label="", by=clinician, ip_address=None)
    measure = Measure.objects.get(session=session)
    services.measure_link_create(measure=measure)
    measure.refresh_from_db()
    assert timezone.localtime(measure.link_expires_at).date() == (
        timezone.localdate() + timedelta(days=1))
    DosingSession.objects.filter(pk=session.pk).update(
        on_date=timezone.localdate() - timedelta(days=1))
    session.refresh_from_db()
    with pytest.raises(services.CareRefused):
        services.session_cancel(session=session, by=clinician, ip_address=None)
