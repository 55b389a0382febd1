"""Staff login in a real browser: a passkey set up at the first login (Chrome's virtual
authenticator stands in for a phone or a security key) and used at the next; the Django
admin under the same strict Content-Security-Policy as every other page."""

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from clinic.models import ClinicProfile
from clinic.roles import Role
from tests import factories
from tests.e2e.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True}})


def _password(page, live_server, email) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_passkey_set_up_at_the_first_login_opens_the_next(live_server, new_page,
                                                           check_page):
    clinician = factories.staff(Role.CLINICIAN, "dana@example.org")
    page = new_page()
    _virtual_authenticator(page)
    _password(page, live_server, clinician.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step login")
    check_page(page, "staff-mfa-setup")
    page.get_by_role("button", name="Make a passkey on this device").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your login")
    expect(page.get_by_text("You have no backup codes")).to_be_visible()
    page.get_by_role("button", name="Make backup codes").click()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    check_page(page, "staff-backup-codes")
    page.get_by_role("link", name="I have kept them: continue").click()

    page.get_by_role("button", name="Log out").click()
    _password(page, live_server, clinician.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Second step of your login")
    check_page(page, "staff-mfa-verify")
    page.get_by_role("button", name="Use my passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submitted intakes")

    events = AuditEvent.objects.filter(actor=clinician, action__startswith="mfa")
    assert {(e.action, e.detail["method"]) for e in events} == {
        ("mfa-enrolled", "passkey"), ("mfa-verified", "passkey")}


def test_the_admin_pages_run_under_the_strict_policy(live_server, new_page):
    factories.staff(Role.CLINIC_ADMIN, "sam@example.org")
    page = new_page()
    login(page, live_server, "sam@example.org")
    profile = ClinicProfile.objects.get()
    for path in ("/admin/", f"/admin/clinic/clinicprofile/{profile.pk}/change/",
                 "/admin/clinic/contentpage/", "/admin/clinic/contentpage/add/",
                 "/admin/clinic/consentdocument/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()
    # Anything the policy blocked, a console error or a failed request fails the test
    # when the page fixture closes.
