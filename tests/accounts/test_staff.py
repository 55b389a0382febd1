"""The staff page of our own (clinic admins): invitations by email (a link that sets a
password once, within 72 hours), roles, deactivation with a handover of open cases, a
reset of two-step login; and never a way to superuser or raw permissions."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import Invitation
from audit.models import AuditEvent
from clinic.roles import Role, role_of
from review.services import assignment_set
from tests import factories

pytestmark = pytest.mark.django_db
PEOPLE = reverse("accounts:people")
PASSPHRASE = "otter lantern gravel symphony " * 3  # 93 characters: long is welcome


def _invite(client, admin, email="new.person@example.org", role="Clinician"):
    factories.staff_login(client, admin)
    return client.post(PEOPLE, {"email": email, "first_name": "Noor", "last_name": "Haddad",
                                "role": role})


def _link(message):
    return re.search(r"http://[^\s]+(/staff/invitation/[^/\s]+/)", message.body)[1]


def test_an_invited_person_sets_a_password_once_then_logs_in(client, clinic_admin, run_jobs):
    assert _invite(client, clinic_admin).status_code == 302
    person = get_user_model().objects.get(email="new.person@example.org")
    assert not person.has_usable_password() and role_of(person) is Role.CLINICIAN
    run_jobs()
    (email,) = mail.outbox
    assert email.to == ["new.person@example.org"] and "72 hours" in email.body
    link = _link(email)
    assert Invitation.objects.get().token_hash not in email.body  # only the hash is kept
    client.post(reverse("logout"))
    assert client.get(link).status_code == 200
    done = client.post(link, {"new_password1": PASSPHRASE, "new_password2": PASSPHRASE})
    assert done.url == reverse("login")
    assert client.get(link).status_code == 410  # once only
    assert client.post(reverse("login"), {"username": "new.person@example.org",
                                          "password": PASSPHRASE}).status_code == 302
    assert client.get(reverse("review:queue")).url.startswith(reverse("accounts:mfa-setup"))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invite", "invite-accepted"} <= actions


def test_an_invitation_in_the_clinics_own_words_still_carries_a_working_link(
        client, clinic_admin, run_jobs):
    from outbox.models import EmailText

    EmailText.objects.create(kind="staff-invite", language="en",
                             subject="Welcome aboard, {name}",
                             body="{inviter} asked you in, {name}: {link} ({hours} h).")
    clinic_admin.first_name, clinic_admin.last_name = "Sam", "Okafor"
    clinic_admin.save()
    _invite(client, clinic_admin)
    run_jobs()
    (email,) = mail.outbox
    assert email.subject == "Welcome aboard, Noor"
    assert re.fullmatch(r"Sam Okafor asked you in, Noor: http://\S+ \(72 h\)\.\n",
                        email.body)
    client.post(reverse("logout"))
    assert client.get(_link(email)).status_code == 200


def test_an_invitation_expires_after_72_hours(client, clinic_admin, run_jobs):
    _invite(client, clinic_admin)
    run_jobs()
    Invitation.objects.update(expires_at=Invitation.objects.get().created_at
                              + timedelta(hours=72) - timedelta(days=4))
    assert client.get(_link(mail.outbox[0])).status_code == 410


def test_inviting_again_replaces_the_first_link(client, clinic_admin, run_jobs):
    _invite(client, clinic_admin)
    run_jobs()
    _invite(client, clinic_admin)
    run_jobs()
    first, second = (_link(m) for m in mail.outbox)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_an_address_with_an_account_is_not_invited_again(client, clinic_admin, clinician):
    response = _invite(client, clinic_admin, email=clinician.email)
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()


def test_only_clinic_admins_manage_staff(client, clinician, clinic_admin):
    factories.staff_login(client, clinician)
    assert client.get(PEOPLE).status_code == 403  # told so, not sent to log in again
    factories.staff_login(client, clinic_admin)
    assert client.get(PEOPLE).status_code == 200


def test_the_page_offers_roles_only_never_superuser_or_permissions(client, clinic_admin,
                                                                    clinician):
    factories.staff_login(client, clinic_admin)
    url = reverse("accounts:person", args=[clinician.pk])
    client.post(url, {"role": "Clinic admin", "is_superuser": "on", "is_staff": "on",
                      "user_permissions": "1", "password": "x"})
    clinician.refresh_from_db()
    assert role_of(clinician) is Role.CLINIC_ADMIN
    assert not clinician.is_superuser and not clinician.user_permissions.exists()
    assert clinician.check_password(factories.PASSWORD)
    event = AuditEvent.objects.get(action="role-change")
    assert event.detail == {"user": clinician.pk, "from": "Clinician", "to": "Clinic admin"}


def test_the_last_active_clinic_admin_stays(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    response = client.post(reverse("accounts:person", args=[clinic_admin.pk]),
                           {"role": "Clinician"})
    assert "at least one active clinic admin" in response.content.decode()
    assert role_of(clinic_admin) is Role.CLINIC_ADMIN
    other = factories.staff(Role.CLINIC_ADMIN, "kim.admin@example.org")
    with pytest.raises(services.StaffChangeRefused):
        services.staff_deactivate(user=clinic_admin, by=clinic_admin, handover_to=None,
                                  ip_address=None)
    services.staff_deactivate(user=other, by=clinic_admin, handover_to=None, ip_address=None)
    with pytest.raises(services.StaffChangeRefused, match="at least one active"):
        services.staff_role_set(user=clinic_admin, role=Role.CLINICIAN, by=clinic_admin,
                                ip_address=None)


def test_deactivating_hands_over_open_cases_and_ends_every_session(
        client, clinic_admin, clinician, second_clinician):
    cases = [factories.submitted_intake(email=f"c{n}@example.org") for n in range(2)]
    for intake in cases:
        assignment_set(intake=intake, clinician=clinician, by=clinic_admin, ip_address=None)
    factories.staff_login(client.__class__(), clinician)  # logged in elsewhere
    assert Session.objects.count() == 1
    factories.staff_login(client, clinic_admin)
    page = client.get(reverse("accounts:deactivate", args=[clinician.pk])).content.decode()
    assert "2 open cases are assigned to them" in page and "Ana Silva" in page
    client.post(reverse("accounts:deactivate", args=[clinician.pk]),
                {"handover_to": second_clinician.pk})
    clinician.refresh_from_db()
    assert not clinician.is_active
    assert [i.assignment.clinician for i in cases] == [second_clinician] * 2
    assert Session.objects.count() == 1  # the admin's own; the clinician's has ended
    assert client.__class__().post(reverse("login"), {
        "username": clinician.email, "password": factories.PASSWORD}).status_code == 200
    handover = AuditEvent.objects.get(action="handover")
    assert handover.detail == {"from": clinician.pk, "to": second_clinician.pk, "cases": 2}


def test_an_admin_resets_someones_two_step_login_after_confirming(client, clinic_admin,
                                                                  clinician):
    factories.app_device(clinician)
    factories.staff_login(client, clinic_admin)
    url = reverse("accounts:mfa-reset", args=[clinician.pk])
    assert "Make sure it is really them" in client.get(url).content.decode()
    assert factories.app_device(clinician)  # a GET changes nothing
    client.post(url)
    assert AuditEvent.objects.get(action="mfa-reset").detail == {"user": clinician.pk}


def test_the_staff_page_makes_the_same_queries_for_2_and_12_people(
        client, clinic_admin, clinician, django_assert_num_queries):
    factories.staff_login(client, clinic_admin)
    client.get(PEOPLE)
    # (11: the session is no longer written on every page, only renewed once a minute.)
    with django_assert_num_queries(9) as few:
        client.get(PEOPLE)
    for n in range(10):
        factories.staff(Role.CLINICIAN, f"extra{n}@example.org")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(PEOPLE)


def test_an_invitation_not_sent_yet_when_replaced_is_not_sent_at_all(client, clinic_admin,
                                                                      run_jobs):
    _invite(client, clinic_admin)
    _invite(client, clinic_admin)
    run_jobs()
    assert len(mail.outbox) == 1  # the first was no longer true when its turn came


def test_an_invited_admin_who_never_logged_in_does_not_count_as_the_other_admin(
        client, clinic_admin):
    _invite(client, clinic_admin, email="later.admin@example.org", role="Clinic admin")
    with pytest.raises(services.StaffChangeRefused, match="at least one active"):
        services.staff_role_set(user=clinic_admin, role=Role.CLINICIAN, by=clinic_admin,
                                ip_address=None)
