"""Reads of the clinic's settings and content, shared by every app.

Content exists per language; a visitor gets their language's version, or the English one.
"""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from clinic.models import ClinicProfile, ConsentDocument, ContentPage, CrisisResource, Language


def current_language() -> str:
    """The visitor's language as our content is kept: "es", never "es-mx"."""
    return (get_language() or Language.ENGLISH).split("-")[0]


def clinic_profile() -> ClinicProfile:
    """The clinic's settings; unsaved defaults if the row is missing, so pages still render."""
    return ClinicProfile.objects.filter(pk=1).first() or ClinicProfile(
        pk=1, name="KAP Clinic"
    )


def crisis_resources() -> list[CrisisResource]:
    resources = list(CrisisResource.objects.filter(profile_id=1))
    mine = [r for r in resources if r.language == current_language()]
    return mine or [r for r in resources if r.language == Language.ENGLISH]


def content_page(slug: str) -> ContentPage | None:
    pages = {p.language: p for p in ContentPage.objects.filter(slug=slug, published=True)}
    return pages.get(current_language()) or pages.get(Language.ENGLISH)


def navigation_pages() -> QuerySet[ContentPage]:
    language = current_language()
    pages = ContentPage.objects.filter(published=True, in_navigation=True)
    if not pages.filter(language=language).exists():
        language = Language.ENGLISH
    return pages.filter(language=language).only("slug", "title")


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
