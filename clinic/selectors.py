"""Reads of the clinic's settings and content, shared by every app.

Content exists per language; a visitor gets their language's version, or the English one.
"""

import functools
import json
from contextvars import ContextVar
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import get_language

from clinic.models import ClinicProfile, ConsentDocument, ContentPage, CrisisResource, Language


def current_language() -> str:
    """The visitor's language as our content is kept: "es", never "es-mx"."""
    return (get_language() or Language.ENGLISH).split("-")[0]


# Within one request the settings are read once (clinic.middleware opens the memo and
# closes it after the response); jobs and commands read them afresh every time.
_memo: ContextVar[dict[str, Any] | None] = ContextVar("clinic_settings_memo", default=None)


def memo_open() -> Any:
    return _memo.set({})


def memo_close(token: Any) -> None:
    _memo.reset(token)


def memo_forget() -> None:
    """After a change of the settings, the rest of the request reads the new ones."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def _remembered(key: str, read: Any) -> Any:
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


_CRISIS_FIELDS = ("id", "profile_id", "name", "how", "link", "text_link", "note", "language",
                  "order")


@functools.cache
def _settings_sql() -> tuple[str, tuple[Any, ...]]:
    """The settings query, compiled once per process: building it (an array of JSON
    objects) cost six times running it, on nearly every page and every scoring call."""
    lines = ArraySubquery(CrisisResource.objects.filter(profile=OuterRef("pk"))
                          .order_by("order", "id")
                          .values(line=JSONObject(**{f: f for f in _CRISIS_FIELDS})))
    query = ClinicProfile.objects.filter(pk=1).annotate(crisis_lines=lines).query
    return query.sql_with_params()


def _read_settings() -> tuple[ClinicProfile, list[CrisisResource]]:
    """The clinic's settings and all its crisis lines in one query: nearly every page shows
    both (the clinic's name, the lines in the footer)."""
    sql, params = _settings_sql()
    profile = next(iter(ClinicProfile.objects.raw(sql, params)), None)
    if profile is None:  # unsaved defaults, so pages still render
        return ClinicProfile(pk=1, name="KAP Clinic"), []
    crisis = []
    for line in profile.crisis_lines:
        # A raw query hands JSON over as text (Django decodes it only for its own fields).
        row = json.loads(line) if isinstance(line, str) else line
        resource = CrisisResource(**row)
        resource._state.adding, resource._state.db = False, "default"  # as if fetched
        crisis.append(resource)
    return profile, crisis


def clinic_profile() -> ClinicProfile:
    """The clinic's settings; unsaved defaults if the row is missing, so pages still render."""
    return _remembered("settings", _read_settings)[0]


def crisis_resources() -> list[CrisisResource]:
    return _in_language(_remembered("settings", _read_settings)[1])


def _in_language(resources: list[CrisisResource]) -> list[CrisisResource]:
    mine = [r for r in resources if r.language == current_language()]
    return mine or [r for r in resources if r.language == Language.ENGLISH]


def remembered_settings() -> tuple[ClinicProfile | None, list[CrisisResource] | None]:
    """The clinic's settings and crisis lines (in the visitor's language) if this request
    has read them already, else None: without a query, for the error page while the
    database is away."""
    read = (_memo.get() or {}).get("settings")
    return (None, None) if read is None else (read[0], _in_language(read[1]))


def content_page(slug: str) -> ContentPage | None:
    pages = {p.language: p for p in ContentPage.objects.filter(slug=slug, published=True)}
    return pages.get(current_language()) or pages.get(Language.ENGLISH)


def navigation_pages() -> list[ContentPage]:
    """The menu in the visitor's language, or the English one if theirs has none: one
    query for both."""
    language = current_language()
    pages = list(ContentPage.objects.filter(
        published=True, in_navigation=True, language__in={language, Language.ENGLISH})
        .only("slug", "title", "language"))
    mine = [p for p in pages if p.language == language]
    return mine or [p for p in pages if p.language == Language.ENGLISH]


def current_consent() -> ConsentDocument | None:
    """The newest published consent version, in the visitor's language when it exists."""
    published = ConsentDocument.objects.filter(published_at__lte=timezone.now())
    newest = published.order_by("-version").first()
    if newest is None:
        return None
    versions = {d.language: d for d in published.filter(version=newest.version)}
    return versions.get(current_language()) or versions.get(Language.ENGLISH) or newest


def consent_languages_behind() -> tuple[int | None, list[str]]:
    """The newest published consent version, and the languages offered it is not
    published in:
    their readers are given that version in another language until it is
    (`current_consent`)."""
    published = ConsentDocument.objects.filter(published_at__lte=timezone.now())
    newest = published.order_by("-version").values_list("version", flat=True).first()
    if newest is None:
        return None, []
    have = set(published.filter(version=newest).values_list("language", flat=True))
    offered = clinic_profile().languages_offered
    return newest, [str(label) for value, label in Language.choices
                    if value in offered and value not in have]
