"""The safety net past the submit button: an urgent answer in an unfinished draft alerts
staff at once, tops the queue, and is followed up (re-alerted, escalated) until someone
acknowledges it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinic.models import ClinicProfile
from intake import services as intake_services
from intake import workflow
from intake.models import Intake
from intake.views import SESSION_SAFETY
from outbox.models import OutgoingMessage
from review import escalation, services
from review.selectors import filtered_queue
from screening import definitions
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db

ASQ_YES = likely_answers()["asq"] | {"asq-1": "yes", "asq-5": "no"}
ASQ_ACUTE = ASQ_YES | {"asq-5": "yes"}
Kind = OutgoingMessage.Kind


def _contact_only_draft():
    intake = intake_services.intake_start()
    intake_services.intake_save_contact(
        intake=intake, first_name="Ana", last_name="Silva", email="ana@example.org",
        phone="555-0100", emergency_contact_name="Rosa Silva",
        emergency_contact_phone="555-0199", emergency_contact_relationship="sister")
    return intake


def _answer(client, intake, code, answers):
    factories.in_session(client, intake)
    return client.post(reverse("intake:questionnaire", args=[code]), answers)


def _alerts():
    return list(OutgoingMessage.objects.order_by("id").filter(kind__in=[Kind.URGENT_ALERT,
                                                         Kind.URGENT_ESCALATION]))


def test_a_yes_to_the_asq_in_a_draft_alerts_staff_at_once_without_details(
        client, clinician, run_jobs):
    draft = _contact_only_draft()
    response = _answer(client, draft, "asq", ASQ_YES)
    assert response.url == reverse("intake:safety")
    draft.refresh_from_db()
    assert draft.urgent and not draft.urgent_acute and draft.status == Intake.Status.DRAFT
    assert [m.kind for m in _alerts()] == [Kind.URGENT_ALERT]  # queued with the page
    page = client.get(reverse("intake:safety")).content.decode()
    assert "Our team has been told" in page
    run_jobs()
    alert = mail.outbox[0]
    assert alert.to == [clinician.email] and "not sent yet" in alert.body
    for phi in ("Ana", "Silva", "ana@example.org", "555-01", str(draft.pk)):
        assert phi not in alert.body + alert.subject


def test_the_safety_page_promises_nothing_untrue_without_an_alert(client):
    draft = _contact_only_draft()
    factories.in_session(client, draft, **{
        SESSION_SAFETY: {"after": "asq", "acute": False, "then_pause": False}})
    page = client.get(reverse("intake:safety")).content.decode()
    assert "Our team has been told" not in page  # no alert was queued for this draft


def test_an_urgent_draft_tops_the_queue_marked_not_sent_with_its_contacts(client, clinician):
    factories.submitted_intake(first_name="Rita", email="rita@example.org")
    draft = _contact_only_draft()
    _answer(client, draft, "asq", ASQ_YES)
    queue = list(filtered_queue({}))
    assert queue[0] == draft and queue[0].needs_acknowledgement
    factories.staff_login(client, clinician)
    html = client.get(reverse("review:queue")).content.decode()
    assert "Not sent yet" in html and "not acknowledged, waiting" in html
    page = client.get(reverse("review:intake", args=[draft.pk])).content.decode()
    top = page[:page.index("Acknowledge this case")]
    for shown in ("Not sent yet", 'href="tel:555-0100"', "Rosa Silva", "sister",
                  'href="tel:555-0199"'):
        assert shown in top
    asq = definitions.get("asq")
    assert asq.title in page and asq.items[0].text in page  # the answers so far


def test_an_urgent_draft_is_acknowledged_like_any_urgent_case(client, clinician):
    draft = _contact_only_draft()
    _answer(client, draft, "asq", ASQ_YES)
    draft.refresh_from_db()
    assert services.needs_acknowledgement(draft)
    services.acknowledgement_record(intake=draft, by=clinician, action_taken="Called her.",
                                    ip_address=None)
    assert not services.needs_acknowledgement(draft)
    assert not filtered_queue({}).get(pk=draft.pk).needs_acknowledgement


def test_a_routine_draft_stays_out_of_staff_sight(client, clinician):
    draft = factories.draft_intake()
    factories.staff_login(client, clinician)
    assert draft not in filtered_queue({})
    assert client.get(reverse("review:intake", args=[draft.pk])).status_code == 404


def test_submitting_later_is_the_same_case_and_alerts_no_second_time(client, run_jobs):
    draft = factories.draft_intake(answers=likely_answers({"asq": ASQ_YES}))
    since = Intake.objects.get(pk=draft.pk).urgent_since
    assert since is not None and len(_alerts()) == 1
    intake_services.intake_submit(intake_id=draft.pk)
    draft.refresh_from_db()
    assert draft.urgent_since == since and draft.status == Intake.Status.SUBMITTED
    assert len(_alerts()) == 1
    assert Intake.objects.count() == 1


def test_turning_acute_alerts_again(client):
    draft = _contact_only_draft()
    _answer(client, draft, "asq", ASQ_YES)
    _answer(client, draft, "asq", ASQ_ACUTE)
    draft.refresh_from_db()
    assert draft.urgent_acute and draft.urgent_alerts == 2
    assert [m.params["acute"] for m in _alerts()] == [False, True]
    _answer(client, draft, "asq", ASQ_ACUTE)  # the same answers again: nothing new
    assert len(_alerts()) == 2


def test_a_changed_answer_does_not_unsay_the_risk(client):
    draft = _contact_only_draft()
    _answer(client, draft, "asq", ASQ_YES)
    _answer(client, draft, "asq", likely_answers()["asq"])
    draft.refresh_from_db()
    assert draft.urgent


def test_the_schedule_alerts_again_then_escalates_at_the_interval():
    since = timezone.now()
    due = [escalation.next_alert_due(urgent_since=since, alerts_sent=n,
                                     realert_after=timedelta(minutes=30),
                                     escalate_every=timedelta(minutes=15)) - since
           for n in (1, 2, 3, 4)]
    assert due == [timedelta(minutes=m) for m in (30, 45, 60, 75)]
    assert [escalation.escalates(n) for n in (1, 2, 3, 4)] == [False, False, True, True]


def test_an_unacknowledged_case_is_realerted_then_escalated_until_acknowledged(
        client, clinician, clinic_admin, run_jobs):
    ClinicProfile.objects.filter(pk=1).update(email="clinic@example.org",
                                              urgent_realert_minutes=30,
                                              urgent_escalate_every_minutes=15)
    draft = _contact_only_draft()
    _answer(client, draft, "asq", ASQ_YES)
    since = Intake.objects.get(pk=draft.pk).urgent_since
    at = lambda minutes: since + timedelta(minutes=minutes)  # noqa: E731
    assert services.urgent_realerts_send(now=at(29)) == 0
    assert services.urgent_realerts_send(now=at(30)) == 1
    assert services.urgent_realerts_send(now=at(31)) == 0  # not twice for one step
    assert services.urgent_realerts_send(now=at(45)) == 1
    assert services.urgent_realerts_send(now=at(60)) == 1
    kinds = [(m.kind, m.params.get("waited_minutes")) for m in _alerts()]
    assert kinds == [(Kind.URGENT_ALERT, None), (Kind.URGENT_ALERT, 30),
                     (Kind.URGENT_ALERT, 45), (Kind.URGENT_ESCALATION, 45),
                     (Kind.URGENT_ALERT, 60), (Kind.URGENT_ESCALATION, 60)]
    run_jobs()
    escalations = [m for m in mail.outbox if m.subject.startswith("Escalation")]
    assert sorted(escalations[0].to) == sorted([clinic_admin.email, "clinic@example.org"])
    assert "after 45 minutes" in escalations[0].body
    reminder = next(m for m in mail.outbox if m.subject.startswith("Still not"))
    assert reminder.to == [clinician.email]
    services.acknowledgement_record(intake=Intake.objects.get(pk=draft.pk), by=clinician,
                                    action_taken="Reached her by phone.", ip_address=None)
    assert services.urgent_realerts_send(now=at(600)) == 0


def test_closed_urgent_cases_leave_the_top_and_the_default_queue(clinician):
    urgent = factories.submitted_intake(answers=likely_answers({"asq": ASQ_YES}))
    routine = factories.submitted_intake(first_name="Rita", email="rita@example.org")
    services.acknowledgement_record(intake=urgent, by=clinician, action_taken="Called.",
                                    ip_address=None)
    assert list(filtered_queue({}))[0] == urgent
    services.status_change(intake=urgent, move=workflow.Move(
        "referred", reason_code="higher-level-care", note="Crisis team."), by=clinician,
        ip_address=None)
    assert list(filtered_queue({})) == [routine]
    assert list(filtered_queue({"status": "closed"})) == [urgent]
    assert set(filtered_queue({"status": "all"})) == {urgent, routine}


def test_the_queue_csv_lists_an_urgent_draft_as_not_sent_yet(client, clinic_admin):
    draft = _contact_only_draft()
    _answer(client, draft, "asq", ASQ_YES)
    factories.staff_login(client, clinic_admin)
    response = client.get(reverse("review:queue-csv"))
    assert response.status_code == 200
    assert "not sent yet" in response.content.decode() and "Silva" in response.content.decode()
    for export in ("review:intake-pdf", "review:intake-fhir"):  # the chart exports work too
        assert client.get(reverse(export, args=[draft.pk])).status_code == 200
