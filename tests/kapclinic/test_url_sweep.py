"""Every URL the app answers, read from the resolver (so a new one cannot slip through):
it is on the public list below, or it needs a signed-in person who has done the second
login step and holds the right role. Each is tried by GET and POST as an anonymous
visitor, as a clinic admin who has typed the password only, as a signed-in person
with both steps but no staff role, and as a clinician (a page outside the role answers 403,
never the login page again)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from accounts.mfa import BEFORE_MFA_URL_NAMES
from tests import factories

pytestmark = pytest.mark.django_db

# Anyone may open these: the clients' pages, the login and its help, the language switch.
PUBLIC = {
    "home", "page", "crisis", "self-check", "set_language", "login",
    "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "accounts:invitation",
    # The admin's own login and logout: the first only sends people to ours.
    "admin:login", "admin:logout",
    *(f"intake:{name}" for name in (
        "start", "contact", "questionnaire", "warning", "not-eligible", "pause",
        "resume-request", "resume", "consent", "safety", "gate-check", "review", "done",
        "more-information", "withdraw")),
    # A client's check-in during care, from an emailed link.
    *(f"care:{name}" for name in ("measure-link", "measure-questions", "measure-safety",
                                  "measure-done")),
}
# A signed-in person's own login settings: the second step done, no role needed.
OWN_ACCOUNT = {"accounts:security", "accounts:backup-codes"}
SAMPLE = {"intake_id": "00000000-0000-0000-0000-000000000000", "token": "x",
          "code": "phq-9", "section": "trauma", "slug": "about", "uidb64": "MQ",
          "app_label": "clinic", "model_name": "contentpage"}


def _patterns(resolver=None, prefix="", namespace=""):
    """(name, path) for every URL pattern, with sample values for its parameters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        regex = _regex(entry.pattern, isinstance(entry, URLPattern))
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + regex, ns)
        else:
            name = f"{namespace}{entry.name}" if entry.name else f"(unnamed {regex})"
            (template, params), *_ = normalize(prefix + regex)
            yield name, "/" + template % {p: SAMPLE.get(p, "1") for p in params}


def _regex(pattern, endpoint):
    if isinstance(pattern, RoutePattern):
        from django.urls.resolvers import _route_to_regex

        return _route_to_regex(str(pattern), endpoint)[0].lstrip("^").rstrip("$") \
            .replace("\\Z", "")
    assert isinstance(pattern, RegexPattern)
    return str(pattern.regex.pattern).lstrip("^").rstrip("$").replace("\\Z", "")


ALL = sorted(set(_patterns()))
GUARDED = [(name, path) for name, path in ALL
           if name not in PUBLIC and name not in BEFORE_MFA_URL_NAMES
           and not name.startswith("(unnamed")]


def test_the_sweep_sees_every_url_and_the_lists_name_real_ones():
    names = {name for name, _ in ALL}
    assert len(ALL) > 100  # the admin's pages included
    assert PUBLIC <= names and OWN_ACCOUNT <= names
    assert (BEFORE_MFA_URL_NAMES - {"login"}) <= names
    # Unnamed patterns are the admin's own catch-alls; each still needs login (below).
    unnamed = [path for name, path in ALL if name.startswith("(unnamed")]
    assert all(path.startswith("/admin/") for path in unnamed), unnamed


def _refused(response, *, to):
    if response.status_code in (404, 405):
        return True
    return response.status_code == 302 and re.match(to, response.url) is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login_from_every_guarded_url(client, method):
    for name, path in [*GUARDED, *((n, p) for n, p in ALL if n.startswith("(unnamed"))]:
        response = getattr(client, method)(path)
        assert _refused(response, to=r"/staff/login/|/admin/login/"), (name, path,
                                                                        response.status_code)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_password_alone_reaches_no_guarded_url(client, clinic_admin, method):
    client.force_login(clinic_admin)  # the clinic admin holds every permission there is
    for name, path in GUARDED:
        response = getattr(client, method)(path)
        assert _refused(response, to=r"/staff/two-step/"), (name, path, response.status_code)


@pytest.mark.parametrize("method", ["get", "post"])
def test_both_steps_without_a_staff_role_reach_only_ones_own_settings(client, plain_user,
                                                                      method):
    factories.staff_login(client, plain_user)
    for name, path in GUARDED:
        if name in OWN_ACCOUNT:
            continue
        response = getattr(client, method)(path)
        assert _refused(response, to=r"/staff/login/|/admin/login/"), (
            name, path, response.status_code)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_clinician_is_told_a_page_is_not_for_their_role_not_sent_to_log_in(client,
                                                                             clinician,
                                                                             method):
    factories.staff_login(client, clinician)
    forbidden = set()
    for name, path in GUARDED:
        if name.startswith("admin:"):
            continue  # Django's admin, which clinicians never enter, has its own login
        response = getattr(client, method)(path)
        assert not (response.status_code == 302 and "/login/" in response.url), (name, path)
        if response.status_code == 403:
            forbidden.add(name)
    assert {"review:audit", "review:queue-csv", "review:outbox",
            "accounts:people"} <= forbidden
    assert "review:queue" not in forbidden


def test_a_clinic_admin_with_both_steps_gets_past_every_check(client, clinic_admin):
    """The other side: the sweep's paths are real, so its refusals above mean something."""
    factories.staff_login(client, clinic_admin)
    reached = set()
    for name, path in GUARDED:
        response = client.get(path)
        if response.status_code == 200:
            reached.add(name)
        assert not (response.status_code == 302 and "/login/" in response.url), (name, path)
    assert len(reached) >= 20
    # The clinic's own admin pages among them: the list of questionnaires and versions.
    assert "admin:clinic_clinicprofile_questionnaires" in reached
