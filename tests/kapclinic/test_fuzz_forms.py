"""Every public form, fuzzed with hypothesis: values its fields would accept (`from_form`)
mixed with NUL bytes, right-to-left marks, a megabyte of text, HTML and SQL fragments, and
bodies declared in other charsets. No answer is ever a 500, and what is stored comes back
escaped."""

import html

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from intake import services
from intake.forms import ContactForm, EmailForm
from intake.models import Intake
from screening import battery, definitions
from screening.forms import form_class_for
from tests import factories

pytestmark = pytest.mark.django_db
EXAMPLES = 40
fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

NASTY = st.one_of(
    st.text(max_size=200),
    st.sampled_from([
        "\x00", "a\x00b", "\u202eevil\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd", "x" * 1_000_000,
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{ 7*7 }}",
        "' OR '1'='1' --", "'; DROP TABLE intake_intake; --", "%00", "\ud7ff\ue000",
        "9" * 400, "-1", "1e309", "NaN", "\r\n\r\nInjected: header",
    ]),
)


def _with_nasty(fields, valid=None):
    """A form's data: what the form accepts (`valid`, a from_form strategy; none: an empty
    page), with any field swapped for a nasty value."""
    accepted = valid.map(lambda form: form.data) if valid is not None else st.just({})
    return st.tuples(accepted, st.dictionaries(st.sampled_from(fields), NASTY, max_size=3)) \
        .map(lambda pair: {**{k: v for k, v in pair[0].items() if v is not None}, **pair[1]})


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code < 500, (url, response.status_code)
    return response


@pytest.fixture
def draft_client(client):
    intake = services.intake_start()
    factories.in_session(client, intake)
    return client, intake


CONTACT_FIELDS = list(ContactForm().fields)


@fuzz
@given(data=_with_nasty(CONTACT_FIELDS, from_form(ContactForm)))
def test_the_contact_page(draft_client, data):
    client, intake = draft_client
    _post(client, reverse("intake:contact"), data)


@pytest.mark.parametrize("code", battery.QUESTIONNAIRE_CODES)
def test_every_questionnaire_page(draft_client, code):
    client, _intake = draft_client
    form_class = form_class_for(definitions.get(code))
    fields = list(form_class().fields)

    @settings(fuzz, max_examples=8)  # 16 pages of one form code: fewer each
    @given(data=_with_nasty(fields))
    def run(data):
        _post(client, reverse("intake:questionnaire", args=[code]), data)
        _post(client, reverse("intake:questionnaire", args=[code]),
              {**data, "action": "pause"})

    run()


@fuzz
@given(typed=NASTY, agree=st.sampled_from(["on", "", "\x00", "yes"]))
def test_the_consent_page(draft_client, typed, agree):
    client, _intake = draft_client
    _post(client, reverse("intake:consent"), {"typed_name": typed, "agree": agree})


@fuzz
@given(data=_with_nasty(["email"], from_form(EmailForm)))
def test_the_email_forms(client, data):
    _post(client, reverse("intake:resume-request"), data)
    _post(client, reverse("password_reset"), data)


@fuzz
@given(username=NASTY, password=NASTY)
def test_the_login_form(client, username, password):
    _post(client, reverse("login"), {"username": username, "password": password})


@fuzz
@given(first=NASTY, second=NASTY, token=st.text(max_size=60).filter(lambda t: "/" not in t))
def test_the_invitation_and_reset_links(client, first, second, token):
    assert client.get(reverse("accounts:invitation", args=[token or "x"])).status_code == 410
    _post(client, reverse("accounts:invitation", args=[token or "x"]),
          {"new_password1": first, "new_password2": second})


@fuzz
@given(start=st.dictionaries(st.text(max_size=20), NASTY, max_size=4))
def test_the_start_and_self_check(client, start):
    _post(client, reverse("intake:start"), start)
    _post(client, reverse("self-check"), start)
    client.cookies.clear()


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "shift_jis", "x-unknown", "utf-8"])
def test_bodies_in_other_charsets(client, charset):
    body = b"email=a%40example.org&typed_name=%E9%96%8B"  # bytes: sent as they are
    for url in (reverse("intake:start"), reverse("intake:resume-request"), reverse("login"),
                reverse("password_reset")):
        response = client.generic(  # as sent: the test client would re-encode .post()'s
            "POST", url, body,
            content_type=f"application/x-www-form-urlencoded; charset={charset}")
        assert response.status_code < 500, (url, charset)


@pytest.fixture
def shown_intake(client, clinician):
    """One submitted intake for every example: each stores a new name in it and reads its
    page (submitting one afresh for each example was most of this module's time)."""
    intake = factories.submitted_intake(email="fuzz@example.org")
    factories.staff_login(client, clinician)
    return intake


@fuzz
@given(name=st.text(min_size=1, max_size=60).filter(lambda t: "\x00" not in t.strip()
                                                     and t.strip())
       | st.sampled_from(["<b>bold</b>", "<script>x()</script>", "A & B \"quoted\""]))
def test_what_is_stored_is_shown_escaped(client, shown_intake, name):
    Intake.objects.filter(pk=shown_intake.pk).update(first_name=name)  # as if typed so
    page = client.get(reverse("review:intake", args=[shown_intake.pk])).content.decode()
    stored = Intake.objects.get(pk=shown_intake.pk).first_name
    if any(c in stored for c in "<>&\""):
        assert stored not in page or html.escape(stored) == stored
        assert html.escape(stored, quote=False) in page or html.escape(stored) in page
