"""The clinic's own email texts, in Django's admin, for clinic admins only (the role's
permissions). Each change is a row of the audit trail (the base class every content admin
shares); the form lists the placeholders the email may use and shows the saved text as the
email it makes, with sample values and no client's data."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from clinic.admin import AuditedAdmin
from clinic.models import Language
from outbox import texts
from outbox.forms import EmailTextForm
from outbox.models import EDITABLE_KINDS, EmailText


@admin.register(EmailText)
class EmailTextAdmin(AuditedAdmin):
    form = EmailTextForm
    list_display = ["kind", "language", "subject", "updated_at"]
    list_filter = ["kind", "language"]
    fields = ["kind", "language", "subject", "body", "placeholders", "preview"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Kind and language are chosen once: the placeholders depend on them."""
        return [*(["kind", "language"] if obj is not None else []), "placeholders",
                "preview"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """Opened with a kind and language (the links on the add form), the form starts
        from the shipped text in that language."""
        initial = super().get_changeform_initial_data(request)
        kind, language = initial.get("kind"), initial.get("language")
        if kind in texts.EMAILS and language in Language.values:
            subject, body = texts.default_text(kind=kind, language=language)
            initial.setdefault("subject", subject)
            initial.setdefault("body", body)
        return initial

    @admin.display(description=_("Placeholders"))
    def placeholders(self, obj: EmailText) -> SafeString:
        intro = format_html("<p>{}</p>", _(
            "A placeholder in curly braces, such as {name}, is replaced for each person. "
            "Only those listed may be used, and none can add health details."))
        if obj.kind in texts.EMAILS:
            return intro + _placeholder_list(obj.kind) + format_html("<p>{}</p>", _(
                "Delete this text to send the shipped one again."))
        return intro + self._every_kind() + format_html("<p>{}</p>", _(
            "Without a text of the clinic's own for an email and language, the shipped "
            "one is sent."))

    def _every_kind(self) -> SafeString:
        """On the add form: each email, what it may use, and a start for each language
        (the shipped text, or the clinic's own where it has one)."""
        own = {(kind, language): pk for pk, kind, language in
               EmailText.objects.values_list("pk", "kind", "language")}
        sections = []
        for kind in EDITABLE_KINDS:
            links = []
            for language, label in Language.choices:
                if texts.EMAILS[kind].site_language_only and language != texts.site_language():
                    continue
                if (kind, language) in own:
                    links.append((reverse("admin:outbox_emailtext_change",
                                          args=[own[kind, language]]),
                                  _("change the clinic's text in %(language)s")
                                  % {"language": label}))
                else:
                    links.append((reverse("admin:outbox_emailtext_add") + "?"
                                  + urlencode({"kind": kind.value, "language": language}),
                                  _("start from the shipped text in %(language)s")
                                  % {"language": label}))
            sections.append(format_html(
                "<p><strong>{}</strong>: {}</p>{}", kind.label,
                format_html_join(" · ", '<a href="{}">{}</a>', links),
                _placeholder_list(kind)))
        return format_html_join("", "{}", ((section,) for section in sections))

    @admin.display(description=_("Preview"))
    def preview(self, obj: EmailText) -> Any:
        """The saved text (not what the form holds now) as the email it makes."""
        saved = EmailText.objects.filter(pk=obj.pk).first() if obj.pk else None
        if saved is None:
            return _("Save once to see the email this text makes.")
        subject, body = texts.preview(saved)
        note = _("With made-up values (the name Alex, a sample link) and the clinic's own "
                 "name, phone and crisis lines. “Save and continue editing” refreshes it.")
        if not texts.is_usable(saved):
            note = _("This text no longer passes its check, so the shipped text is sent "
                     "instead (shown here). Correct it and save.")
        return format_html("<p>{}: <strong>{}</strong></p><p>{}</p><p><em>{}</em></p>",
                           _("Subject"), subject, linebreaksbr(body), note)


def _placeholder_list(kind: str) -> SafeString:
    """What one email may use, and what the app adds to it whatever the text says."""
    email = texts.EMAILS[kind]
    items = format_html_join("", "<li><code>{}</code>: {}{}</li>", (
        (texts.token(name), placeholder.description, _where(placeholder))
        for name, placeholder in email.placeholders.items()))
    notes = []
    if email.footer:
        notes.append(_("Below the text, the app always adds the crisis lines in the email's "
                       "language and the clinic's name and phone: no text can leave them "
                       "out."))
    if email.site_language_only:
        notes.append(_("Sent in %(language)s, the site's language.") % {
            "language": Language(texts.site_language()).label})
    return format_html("<ul>{}</ul>{}", items, format_html_join(
        "", "<p>{}</p>", ((note,) for note in notes)))


def _where(placeholder: texts.Placeholder) -> SafeString | str:
    if placeholder.required:
        return format_html(" <em>{}</em>", _("Required in the text.") if placeholder.in_subject
                           else _("Required in the text; never in the subject."))
    return "" if placeholder.in_subject else format_html(" <em>{}</em>",
                                                         _("Never in the subject."))
