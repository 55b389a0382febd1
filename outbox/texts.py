"""The emails a clinic may write in its own words, and the one home of what each may say.

Each editable kind lists its placeholders: what they stand for (the admin shows it),
whether the text must keep it (an email sent for its link is of no use without `{link}`)
and whether it may go in the subject (a link never does: subjects show in lists and
notifications). None is a health detail, and none can become one: a first name, the
clinic's name and phone, a link, how long the link works. A renderer must hand over
exactly these values, no more (`email_text` refuses others), so a new one can only be
added here, in sight.

Placeholders are written `{name}` and filled by our own substitution: no template engine,
no `str.format`, no attribute or item lookup, so a text reaches nothing but the strings it
is handed, and a value is never read again as a placeholder. Curly braces are for
placeholders only.

What an edited text must not be able to drop is added below it by code, not kept in the
text: under every client email the crisis lines in the email's language and the clinic's
name and phone (`templates/intake/email/footer.txt`). The staff invitation adds nothing;
it is sent in the site's language (settings.LANGUAGE_CODE) as it always was, so only a
text in that language is accepted for it.

Without a text of the clinic's own for a kind and language, the shipped one is sent (the
templates, translated by gettext). So is it in place of a saved text that no longer passes
the check (say, after an upgrade renamed a placeholder), and that is logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from clinic.models import Language
from clinic.selectors import clinic_profile, crisis_resources
from outbox.models import EmailText, OutgoingMessage

logger = logging.getLogger(__name__)

Kind = OutgoingMessage.Kind


@dataclass(frozen=True)
class Placeholder:
    description: Promise
    required: bool = False  # the text (the body) must keep it
    in_subject: bool = True


@dataclass(frozen=True)
class EditableEmail:
    # The shipped text: `<template>.txt` and `<template>_subject.txt`, whose variables are
    # the placeholders' names, so both are written from the same values.
    template: str
    placeholders: dict[str, Placeholder]
    # Added below every text by code (the crisis lines, the signature).
    footer: str | None = None
    # Sent in the site's language only (settings.LANGUAGE_CODE).
    site_language_only: bool = False


_CLIENT = {
    "name": Placeholder(_("The client's first name, or the name they asked us to use.")),
    "clinic": Placeholder(_("The clinic's name, from the clinic settings.")),
    "clinic_phone": Placeholder(_("The clinic's phone number, from the clinic settings "
                                  "(empty when there is none).")),
}
_LINK = {
    **_CLIENT,
    "link": Placeholder(_("Their own link back to their application."),
                        required=True, in_subject=False),
    "days": Placeholder(_("How many days the link works.")),
}
_MEASURE_LINK = {
    **_CLIENT,
    "link": Placeholder(_("Their own link to this check-in (it works once)."),
                        required=True, in_subject=False),
    "days": Placeholder(_("How many days the link works.")),
}
_FOOTER = "intake/email/footer.txt"

EMAILS: dict[str, EditableEmail] = {
    Kind.CONFIRMATION: EditableEmail("intake/email/confirmation", _CLIENT, _FOOTER),
    Kind.RESUME_LINK: EditableEmail("intake/email/resume", _LINK, _FOOTER),
    Kind.REMINDER: EditableEmail("intake/email/reminder", _LINK, _FOOTER),
    Kind.MORE_INFORMATION: EditableEmail("intake/email/more_information", _LINK, _FOOTER),
    Kind.MEASURE_LINK: EditableEmail("care/email/measure", _MEASURE_LINK, _FOOTER),
    Kind.MEASURE_REMINDER: EditableEmail("care/email/measure_reminder", _MEASURE_LINK,
                                         _FOOTER),
    Kind.STAFF_INVITE: EditableEmail("accounts/email/invitation", {
        "name": Placeholder(_("The invited person's first name.")),
        "inviter": Placeholder(_("The name of the clinic admin who invited them.")),
        "clinic": _CLIENT["clinic"],
        "link": Placeholder(_("Their own link to set a password (it works once)."),
                            required=True, in_subject=False),
        "hours": Placeholder(_("How many hours the link works.")),
    }, site_language_only=True),
}

# A placeholder, or a brace that is not part of one.
_TOKEN = re.compile(r"\{([^{}]*)\}|[{}]")


def site_language() -> str:
    """The language staff emails are sent in, as content is kept ("en", not "en-us")."""
    return settings.LANGUAGE_CODE.split("-")[0]


def token(name: str) -> str:
    return "{" + name + "}"


def _found(text: str) -> tuple[list[str], bool]:
    """The placeholders' names in a text, once each in order, and whether a brace
    stands outside any."""
    names: dict[str, None] = {}
    stray = False
    for match in _TOKEN.finditer(text):
        if match.group(1) is None:
            stray = True
        else:
            names[match.group(1)] = None
    return list(names), stray


def _listed(names: list[str]) -> str:
    return ", ".join(token(name) for name in names)


def check(*, kind: str, language: str | None, subject: str | None,
          body: str | None) -> dict[str, list[str]]:
    """What is wrong with a text for this kind of email, by field ({} when nothing): a
    placeholder it may not use, one it must keep, a brace outside a placeholder, a
    subject on two lines, a language it is never sent in. None skips a field."""
    email = EMAILS[kind]
    problems: dict[str, list[str]] = {}
    if email.site_language_only and language and language != site_language():
        problems["language"] = [gettext(
            "Staff invitations are sent in %(language)s, the site's language: a text in "
            "another language would never be sent.") % {
                "language": Language(site_language()).label}]
    if subject is not None:
        problems["subject"] = _placeholder_problems(email, subject, in_subject=True)
        if "\n" in subject or "\r" in subject:
            problems["subject"].append(gettext("Keep the subject on one line."))
    if body is not None:
        problems["body"] = _placeholder_problems(email, body, in_subject=False)
        names, _stray = _found(body)
        for name, placeholder in email.placeholders.items():
            if placeholder.required and name not in names:
                problems["body"].append(gettext(
                    "Keep %(placeholder)s in the text: this email is sent for it, and is "
                    "of no use without it.") % {"placeholder": token(name)})
    return {field: found for field, found in problems.items() if found}


def _placeholder_problems(email: EditableEmail, text: str, *, in_subject: bool) -> list[str]:
    names, stray = _found(text)
    problems = []
    if stray:
        problems.append(gettext(
            "Curly braces are only for placeholders, one pair around each, as in {name}: "
            "this text has a “{” or “}” that is not part of one."))
    allowed = [name for name, placeholder in email.placeholders.items()
               if placeholder.in_subject or not in_subject]
    body_only = [name for name in names if name in email.placeholders and name not in allowed]
    unknown = [name for name in names if name not in email.placeholders]
    if body_only:
        problems.append(ngettext(
            "%(found)s goes in the text, never in the subject.",
            "%(found)s go in the text, never in the subject.", len(body_only))
            % {"found": _listed(body_only)})
    if unknown:
        may_use = (gettext("The subject may use: %(allowed)s.") if in_subject
                   else gettext("This email may use: %(allowed)s."))
        problems.append(ngettext(
            "%(found)s is not a placeholder this email may use.",
            "%(found)s are not placeholders this email may use.", len(unknown))
            % {"found": _listed(unknown)} + " " + may_use % {"allowed": _listed(allowed)})
    return problems


def fill(text: str, values: Mapping[str, object], *, one_line: bool = False) -> str:
    """A checked text with its placeholders replaced by the values (in one pass: a value
    is never read as a placeholder). In a subject, values are kept to one line."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None or name not in values:
            raise ValueError(f"not a checked text: {match.group(0)!r}")
        text = str(values[name])
        return " ".join(text.split()) if one_line else text

    return _TOKEN.sub(value, text)


def email_text(*, kind: str, language: str,
               values: Mapping[str, object]) -> tuple[str, str]:
    """The subject and body of an email about to be sent: the clinic's own text for the
    kind and language when it has one, else the shipped one; then what code adds."""
    email = EMAILS[kind]
    if set(values) != set(email.placeholders):
        raise ValueError(f"{kind} is written from its placeholders, no more and no fewer")
    own = EmailText.objects.filter(kind=kind, language=language).first()
    if own is not None and not is_usable(own):
        logger.warning("The clinic's %s text in %s fails its check; the shipped one is "
                       "sent", kind, language)
        own = None
    return _compose(kind, language, values, own)


def is_usable(text: EmailText) -> bool:
    return not check(kind=text.kind, language=text.language, subject=text.subject,
                     body=text.body)


def _compose(kind: str, language: str, values: Mapping[str, object],
             own: EmailText | None) -> tuple[str, str]:
    email = EMAILS[kind]
    with translation.override(language):
        if own is None:
            subject = render_to_string(f"{email.template}_subject.txt", dict(values))
            body = render_to_string(f"{email.template}.txt", dict(values))
        else:
            subject, body = fill(own.subject, values, one_line=True), fill(own.body, values)
        body = body.strip() + "\n"
        if email.footer:
            profile = clinic_profile()
            body += "\n" + render_to_string(email.footer, {
                "kind": kind, "crisis_resources": crisis_resources(),
                "clinic": profile.name, "clinic_phone": profile.phone}).strip() + "\n"
    return " ".join(subject.split()), body


def default_text(*, kind: str, language: str) -> tuple[str, str]:
    """The shipped subject and text in a language, placeholders unfilled: where a clinic's
    own text can start from."""
    email = EMAILS[kind]
    tokens = {name: token(name) for name in email.placeholders}
    with translation.override(language):
        subject = render_to_string(f"{email.template}_subject.txt", tokens)
        body = render_to_string(f"{email.template}.txt", tokens)
    return " ".join(subject.split()), body.strip()


def sample_values(kind: str) -> dict[str, str]:
    """Made-up values for the preview: no client's, the clinic's own name and phone."""
    profile = clinic_profile()
    samples = {"name": "Alex", "inviter": "Sam Rivera", "clinic": profile.name,
               "clinic_phone": profile.phone, "link": f"{settings.SITE_URL}/example-link/",
               "days": "14", "hours": "72"}
    return {name: samples[name] for name in EMAILS[kind].placeholders}


def preview(text: EmailText) -> tuple[str, str]:
    """The email a saved text makes, with sample values: what a client (or new staff
    member) would read, down to what code adds below it."""
    return _compose(text.kind, text.language, sample_values(text.kind),
                    text if is_usable(text) else None)
