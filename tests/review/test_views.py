"""The clinician's queue and intake page: who may see them, what they show, the audit."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db


def _login(client, user):
    factories.staff_login(client, user)
    return client


@pytest.mark.parametrize("name", ["review:queue", "review:intake"])
def test_anonymous_visitors_are_sent_to_login(client, submitted_intake, name):
    args = [submitted_intake.pk] if name == "review:intake" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["review:queue", "review:intake"])
def test_logged_in_users_without_a_staff_role_are_sent_to_login(
    client, plain_user, submitted_intake, name
):
    args = [submitted_intake.pk] if name == "review:intake" else []
    response = _login(client, plain_user).get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    page = client.get(response.url)
    assert b"does not have access" in page.content


@pytest.mark.parametrize("persona", ["clinician", "clinic_admin"])
def test_both_staff_roles_see_the_queue(client, request, persona, submitted_intake):
    response = _login(client, request.getfixturevalue(persona)).get(reverse("review:queue"))
    assert response.status_code == 200
    assert b"Ana Silva" in response.content


def test_queue_lists_submitted_intakes_newest_first_and_hides_drafts(client, clinician):
    older = factories.submitted_intake(first_name="Older", email="o@example.org")
    newer = factories.submitted_intake(first_name="Newer", email="n@example.org")
    factories.draft_intake(first_name="Drafty", email="d@example.org")
    response = _login(client, clinician).get(reverse("review:queue"))
    listed = list(response.context["page"].object_list)
    assert listed == [newer, older]
    assert b"Drafty" not in response.content


def test_queue_query_count_does_not_grow_with_the_number_of_intakes(client, clinician):
    _login(client, clinician)
    url = reverse("review:queue")
    factories.submitted_intake(email="first@example.org")
    with CaptureQueriesContext(connection) as with_one:
        client.get(url)
    for n in range(20):
        factories.submitted_intake(email=f"p{n}@example.org")
    with CaptureQueriesContext(connection) as with_many:
        client.get(url)
    assert len(with_many.captured_queries) == len(with_one.captured_queries)


def test_intake_page_shows_contact_answers_tier_and_reasons(client, clinician, submitted_intake):
    response = _login(client, clinician).get(reverse("review:intake", args=[submitted_intake.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ana@example.org" in html
    assert "Likely candidate" in html
    assert "Has tried therapy or medication without enough relief." in html
    assert "I tried it, and it helped little or not at all" in html


def test_each_view_of_an_intake_is_audited(client, clinician, submitted_intake):
    _login(client, clinician)
    client.get(reverse("review:intake", args=[submitted_intake.pk]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(intake__isnull=False)
    assert (event.actor, event.action, event.intake_id, event.ip_address) == (
        clinician, "view", submitted_intake.pk, "10.1.2.3"
    )


def test_a_draft_is_not_visible_to_staff(client, clinician):
    draft = factories.draft_intake()
    response = _login(client, clinician).get(reverse("review:intake", args=[draft.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(intake__isnull=False).exists()


def test_an_unknown_intake_is_404(client, clinician):
    url = reverse("review:intake", args=["00000000-0000-0000-0000-000000000000"])
    assert _login(client, clinician).get(url).status_code == 404


def test_urgent_intakes_come_first_then_newest(client, clinician):
    urgent = factories.submitted_intake(
        first_name="Urgent", email="u@example.org",
        answers=likely_answers({"phq-9": {"44260-8": "LA6569-3"}}),
    )
    newer = factories.submitted_intake(first_name="Newer", email="n@example.org")
    response = _login(client, clinician).get(reverse("review:queue"))
    assert list(response.context["page"].object_list) == [urgent, newer]
    assert "Urgent safety follow-up" in response.content.decode()


def test_intake_page_shows_score_cards_flags_and_not_asked_items(client, clinician):
    answers = likely_answers({
        "phq-9": {"44260-8": "LA6569-3"},
        "pc-ptsd-5": {"102011-4": "LA32-8"},
    })
    intake = factories.submitted_intake(answers=answers)
    html = _login(client, clinician).get(reverse("review:intake", args=[intake.pk])).content
    html = html.decode()
    assert "Urgent safety follow-up" in html
    # The flag on the PHQ-9 score card, in words; no code anywhere a person reads.
    assert "Item 9 above “Not at all”: ask about suicide risk" in html
    assert "phq9-item9" not in html and ">item9" not in html
    assert "PHQ-9 item 9 above 0" in html  # the reason, with the answer behind it
    assert "Not asked: it did not apply given earlier answers." in html  # the PCL-5
    assert "Cut-off" in html




def test_acute_then_longest_waiting_urgent_cases_lead_the_queue(client, clinician):
    def urgent(name, asq):
        return factories.submitted_intake(first_name=name, email=f"{name}@example.org",
                                          answers=likely_answers({"asq": asq}))

    first_urgent = urgent("Early", {"asq-1": "yes", "asq-5": "no"})
    later_urgent = urgent("Later", {"asq-1": "yes", "asq-5": "no"})
    acute = urgent("Acute", {"asq-1": "yes", "asq-5": "yes"})
    routine = factories.submitted_intake(first_name="Routine", email="r@example.org")
    response = _login(client, clinician).get(reverse("review:queue"))
    assert list(response.context["page"].object_list) == [acute, first_urgent, later_urgent,
                                                          routine]



def test_staff_at_work_see_their_own_links_not_the_applicants(client, clinician):
    home = client.get(reverse("home")).content.decode()
    assert reverse("self-check") in home  # for people applying
    factories.staff_login(client, clinician)
    html = client.get(reverse("review:queue")).content.decode()
    assert reverse("review:stats") in html
    assert f'href="{reverse("self-check")}"' not in html
    assert '/pages/' not in html


def test_the_intake_page_lists_the_same_persons_other_applications(client, clinician):
    """Matched by the person (their email address, whatever its case), through the
    client's index; someone else's are never listed."""
    from intake import services as intake_services

    first = factories.submitted_intake(email="Ana.Silva@Example.org")
    second = factories.submitted_intake(email="ana.silva@example.org")
    factories.submitted_intake(email="someone.else@example.org")
    urgent_draft = factories.draft_intake(email="ANA.SILVA@example.org")
    intake_services.response_save(
        intake=urgent_draft, questionnaire="asq",
        answers=likely_answers()["asq"] | {"asq-1": "yes", "asq-5": "no"})
    _login(client, clinician)

    def listed(intake):
        html = client.get(reverse("review:intake", args=[intake.pk])).content.decode()
        section = html.split('id="earlier-title"')[1].split("</section>")[0] \
            if 'id="earlier-title"' in html else ""
        return {pk for pk in (first.pk, second.pk) if str(pk) in section}

    assert listed(second) == {first.pk}
    assert listed(first) == {second.pk}
    assert listed(urgent_draft) == {first.pk, second.pk}  # no client yet: by its address
