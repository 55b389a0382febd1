"""The clinic's own email texts: which placeholders each email may use, checked when a text
is saved (and again when it is sent), filled by our own substitution, which reaches
nothing but the strings it is handed."""

import pytest

from outbox import texts
from outbox.models import EDITABLE_KINDS, EmailText, OutgoingMessage

pytestmark = pytest.mark.django_db

Kind = OutgoingMessage.Kind


def _check(kind=Kind.REMINDER, language="en", subject="From {clinic}", body="{link}"):
    return texts.check(kind=kind, language=language, subject=subject, body=body)


def test_every_editable_kind_has_its_placeholders_and_no_other_kind_does():
    assert set(texts.EMAILS) == set(EDITABLE_KINDS)
    assert not {Kind.URGENT_ALERT, Kind.URGENT_ESCALATION, Kind.CLINIC_NOTICE,
                Kind.PASSWORD_RESET} & set(texts.EMAILS)


def test_a_text_using_only_its_placeholders_is_accepted():
    assert _check(subject="{name}, your application with {clinic} waits",
                  body="Hi {name},\n\n{link}\n\nIt works for {days} days. {clinic} · "
                       "{clinic_phone}") == {}
    # The confirmation sends no link, so it needs none and may use none.
    assert _check(Kind.CONFIRMATION, subject="Thank you", body="We have it.") == {}
    assert _check(Kind.STAFF_INVITE, subject="Join {clinic}",
                  body="{inviter} invited you, {name}: {link} ({hours} hours).") == {}


@pytest.mark.parametrize("written", [
    "{intake.email}", "{name.__class__}", "{name[0]}", "{0}", "{}", "{ name }",
    "{last_name}", "{answers}", "{score}", "{tier}",
])
def test_anything_but_a_listed_placeholder_is_refused_naming_the_allowed_ones(written):
    problems = _check(body=f"Hello {written}, {{link}}")
    assert problems == {"body": [
        f"{written} is not a placeholder this email may use. This email may use: "
        "{name}, {clinic}, {clinic_phone}, {link}, {days}."]}


def test_a_placeholder_of_another_email_is_refused_in_this_one():
    problems = _check(Kind.CONFIRMATION, body="Follow {link}")
    assert problems["body"] == ["{link} is not a placeholder this email may use. This "
                                "email may use: {name}, {clinic}, {clinic_phone}."]


def test_several_unknown_placeholders_are_named_together():
    assert _check(body="{a} {link} {b} {a}")["body"] == [
        "{a}, {b} are not placeholders this email may use. This email may use: {name}, "
        "{clinic}, {clinic_phone}, {link}, {days}."]


@pytest.mark.parametrize("kind", [Kind.RESUME_LINK, Kind.REMINDER, Kind.MORE_INFORMATION,
                                  Kind.STAFF_INVITE])
def test_an_email_sent_for_its_link_must_keep_it(kind):
    assert _check(kind, body="Please come back soon.")["body"] == [
        "Keep {link} in the text: this email is sent for it, and is of no use without it."]


def test_the_link_never_goes_in_the_subject():
    """Subjects show in inbox lists and phone notifications: the link stays in the body."""
    assert _check(subject="Your link: {link}")["subject"] == [
        "{link} goes in the text, never in the subject."]
    assert "subject" in _check(Kind.STAFF_INVITE, subject="{link}")


@pytest.mark.parametrize("written", ["Hello {name", "Hello name}", "{{name}}", "{link}}",
                                     "a { b"])
def test_a_brace_outside_a_placeholder_is_refused(written):
    problems = _check(body=f"{written} {{link}}")
    assert problems["body"][0] == (
        "Curly braces are only for placeholders, one pair around each, as in {name}: this "
        "text has a “{” or “}” that is not part of one.")


def test_the_subject_stays_on_one_line():
    assert _check(subject="From {clinic}\nBcc: someone@example.org")["subject"] == [
        "Keep the subject on one line."]


def test_the_staff_invitation_is_written_in_the_language_it_is_sent_in():
    assert _check(Kind.STAFF_INVITE, language="es")["language"] == [
        "Staff invitations are sent in English, the site's language: a text in another "
        "language would never be sent."]
    assert "language" not in _check(Kind.STAFF_INVITE, language="en")
    assert "language" not in _check(Kind.REMINDER, language="es")


# Each editable email in each language it is sent in (staff invitations: the site's).
SENT_IN = [(kind, language) for kind in EDITABLE_KINDS for language in ("en", "es")
           if not texts.EMAILS[kind].site_language_only or language == "en"]


@pytest.mark.parametrize(("kind", "language"), SENT_IN)
def test_the_shipped_texts_pass_the_check_in_every_language(kind, language):
    """So a clinic can start from them; and they use no value but the placeholders."""
    subject, body = texts.default_text(kind=kind, language=language)
    assert _check(kind, language, subject, body) == {}
    assert subject and body
    if kind != Kind.STAFF_INVITE:
        assert body.startswith({"en": "Hello {name},", "es": "Hola, {name}:"}[language])


def test_a_value_is_put_in_once_and_never_read_as_a_placeholder():
    filled = texts.fill("Hi {name}, {link}", {"name": "{link}", "link": "https://x/"})
    assert filled == "Hi {link}, https://x/"
    assert texts.fill("{name} here", {"name": "Ana\nBcc: x"}, one_line=True) == (
        "Ana Bcc: x here")


def test_an_unchecked_text_is_not_filled():
    with pytest.raises(ValueError):
        texts.fill("{intake}", {"name": "Ana"})
    with pytest.raises(ValueError):
        texts.fill("{name", {"name": "Ana"})


def test_an_email_is_written_from_its_placeholders_no_more():
    """A renderer cannot hand an email anything else to show (say, an answer)."""
    values = {"name": "Ana", "clinic": "Clinic", "clinic_phone": ""}
    texts.email_text(kind=Kind.CONFIRMATION, language="en", values=values)
    with pytest.raises(ValueError):
        texts.email_text(kind=Kind.CONFIRMATION, language="en",
                         values=values | {"score": "21"})
    with pytest.raises(ValueError):
        texts.email_text(kind=Kind.REMINDER, language="en", values=values)


SAMPLE = {"name": "Ana", "clinic": "Harbor Clinic", "clinic_phone": "555-0100",
          "link": "https://clinic.example/l/abc/", "days": 14, "inviter": "Sam Rivera",
          "hours": 72}


@pytest.mark.parametrize(("kind", "language"), SENT_IN)
def test_the_shipped_text_saved_as_the_clinics_own_sends_the_same_email(kind, language):
    """Both ways of writing an email (templates, our substitution) take the same values
    the same way, and add the same lines below."""
    values = {name: SAMPLE[name] for name in texts.EMAILS[kind].placeholders}
    shipped = texts.email_text(kind=kind, language=language, values=values)
    subject, body = texts.default_text(kind=kind, language=language)
    EmailText.objects.create(kind=kind, language=language, subject=subject, body=body)
    assert texts.email_text(kind=kind, language=language, values=values) == shipped
    assert "{" not in shipped[0] + shipped[1]
    assert "https://clinic.example/l/abc/" in shipped[1] or kind == Kind.CONFIRMATION


def test_the_previews_samples_are_the_real_durations():
    from accounts.emails import HOURS
    from intake.tokens import RESUME_DAYS

    assert texts.sample_values(Kind.REMINDER)["days"] == str(RESUME_DAYS)
    assert texts.sample_values(Kind.STAFF_INVITE)["hours"] == str(HOURS)
