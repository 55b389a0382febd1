"""Who may open what: every staff page against every kind of visitor (the role x record
matrix), a locked-out person and one who has not done the second login step included. A
record a user may not see answers 404, never a hint that it exists; a staff page outside
one's role answers 403, a page that says so; everyone else is sent to log in."""

import pytest
from django.urls import reverse

from intake import services as intake_services
from intake.views import SESSION_DRAFT
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


@pytest.fixture
def records(db):
    submitted = factories.submitted_intake()
    draft = factories.draft_intake(email="draft@example.org")
    return submitted, draft


def _pages(intake_id):
    return {
        "queue": reverse("review:queue"),
        "queue-csv": reverse("review:queue-csv"),
        "audit": reverse("review:audit"),
        "intake": reverse("review:intake", args=[intake_id]),
        "intake-fhir": reverse("review:intake-fhir", args=[intake_id]),
        "intake-pdf": reverse("review:intake-pdf", args=[intake_id]),
        "stats": reverse("review:stats"),
        "outbox": reverse("review:outbox"),
        "staff": reverse("accounts:people"),
        "admin": reverse("admin:index"),
        "erase": reverse("review:erase", args=[intake_id]),
        "course": reverse("review:course", args=[intake_id]),
        "courses": reverse("review:courses"),
        # The clinic admin's pages (issue 13): settings with the crisis lines, content,
        # consent versions.
        "settings": reverse("admin:clinic_clinicprofile_change", args=[1]),
        "content": reverse("admin:clinic_contentpage_changelist"),
        "consent": reverse("admin:clinic_consentdocument_changelist"),
        "email-texts": reverse("admin:outbox_emailtext_changelist"),
        "admin-questionnaires": reverse("admin:clinic_clinicprofile_questionnaires"),
    }


EXPECTED = {
    # persona: set of pages answered 200 (everything else: refused, below)
    "anonymous": set(),
    "client": set(),
    "plain-user": set(),
    "clinician": {"queue", "intake", "intake-fhir", "intake-pdf", "stats", "course",
                  "courses"},
    "clinic-admin": {"queue", "queue-csv", "audit", "intake", "intake-fhir", "intake-pdf",
                     "course", "courses",
                     "stats", "outbox", "staff", "admin", "erase", "settings", "content",
                     "consent", "email-texts", "admin-questionnaires"},
    # A clinic admin who typed the password but not the code: sent to the second step.
    "admin-without-mfa": set(),
    # A clinician whose name is locked after 5 wrong passwords: the right one is refused.
    "locked-out": set(),
    # A clinician deactivated while logged in: the session ended with the account.
    "deactivated": set(),
}
# persona: the staff pages outside their role, answered 403 (not the login page again).
FORBIDDEN = {"clinician": {"queue-csv", "audit", "outbox", "staff", "erase"}}
SECOND_STEP = (reverse("accounts:mfa-setup"), reverse("accounts:mfa-verify"))


def _as(persona, client, request, draft):
    if persona == "client":  # someone holding a resume link to their own draft
        raw = intake_services.resume_link_create(intake=draft)
        client.post(reverse("intake:resume", args=[raw]))
        assert client.session[SESSION_DRAFT] == str(draft.pk)
    elif persona == "admin-without-mfa":
        client.force_login(request.getfixturevalue("clinic_admin"))
    elif persona == "locked-out":
        clinician = request.getfixturevalue("clinician")
        for _ in range(5):
            client.post(LOGIN, {"username": clinician.username, "password": "wrong guess 1"})
        refused = client.post(LOGIN, {"username": clinician.username,
                                      "password": factories.PASSWORD})
        assert refused.status_code == 429
    elif persona == "deactivated":
        from accounts.services import staff_deactivate

        clinician = request.getfixturevalue("clinician")
        factories.staff_login(client, clinician)
        staff_deactivate(user=clinician, by=request.getfixturevalue("clinic_admin"),
                         handover_to=None, ip_address=None)
    elif persona != "anonymous":
        fixture = {"plain-user": "plain_user", "clinician": "clinician",
                   "clinic-admin": "clinic_admin"}[persona]
        factories.staff_login(client, request.getfixturevalue(fixture))


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_staff_pages_by_persona(client, request, records, persona):
    submitted, draft = records
    _as(persona, client, request, draft)
    for name, url in _pages(submitted.pk).items():
        response = client.get(url)
        if name in EXPECTED[persona]:
            assert response.status_code == 200, (persona, name)
        elif name in FORBIDDEN.get(persona, ()):
            assert response.status_code == 403, (persona, name)
            assert b"You don't have access to this page" in response.content
        else:
            assert response.status_code == 302, (persona, name)
            expected = SECOND_STEP if persona == "admin-without-mfa" else (
                LOGIN, reverse("admin:login"))  # the admin's login sends on to ours
            assert response.url.startswith(expected), (persona, name, response.url)


def test_a_page_outside_ones_role_says_so_in_ones_language(client, clinician):
    factories.staff_login(client, clinician)
    response = client.get(reverse("review:audit"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "your role does not include this page" in html
    assert f'href="{reverse("review:queue")}"' in html  # back to the queue
    # The Django admin too: its login page says so to someone fully logged in.
    for page in ("admin:index", "admin:clinic_clinicprofile_questionnaires"):
        admin = client.get(reverse(page), follow=True)
        assert admin.status_code == 403
        assert "your role does not include this page" in admin.content.decode()
    spanish = client.get(reverse("accounts:people"), HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 403
    assert "No tiene acceso a esta página" in spanish.content.decode()


@pytest.mark.parametrize("name", ["acknowledge", "assign", "note", "status",
                                  "course-start", "session-plan"])
@pytest.mark.parametrize("persona", ["anonymous", "client", "plain-user", "admin-without-mfa",
                                     "locked-out", "deactivated"])
def test_nobody_without_a_staff_role_can_write(client, request, records, persona, name):
    submitted, draft = records
    _as(persona, client, request, draft)
    response = client.post(reverse(f"review:{name}", args=[submitted.pk]), {"body": "x"})
    assert response.status_code == 302
    assert response.url.startswith((LOGIN, *SECOND_STEP))
    assert not submitted.notes.exists()
    assert not submitted.courses.exists()


@pytest.mark.parametrize("persona", ["clinician", "clinic-admin"])
def test_drafts_and_unknown_records_answer_404_to_staff(client, request, records, persona):
    _submitted, draft = records
    _as(persona, client, request, draft)
    for intake_id in (draft.pk, "00000000-0000-0000-0000-000000000000"):
        for name in ("intake", "intake-fhir", "intake-pdf"):
            assert client.get(_pages(intake_id)[name]).status_code == 404
        assert client.post(reverse("review:note", args=[intake_id]),
                           {"body": "x"}).status_code == 404


def test_a_client_cannot_reach_another_persons_draft(client, records):
    _submitted, draft = records
    other = factories.draft_intake(email="someone@example.org")
    raw = intake_services.resume_link_create(intake=draft)
    client.post(reverse("intake:resume", args=[raw]))
    # The session names their own draft only; no page takes another intake's id.
    assert client.session[SESSION_DRAFT] == str(draft.pk) != str(other.pk)
    assert client.post(reverse("intake:resume", args=["not-" + raw])).status_code == 410
