"""Reads of the clinic's settings and content, shared by every app."""

from django.db.models import QuerySet
from django.utils import timezone

from clinic.models import ClinicProfile, ConsentDocument, ContentPage, CrisisResource


def clinic_profile() -> ClinicProfile:
    """The clinic's settings; unsaved defaults if the row is missing, so pages still render."""
    return ClinicProfile.objects.filter(pk=1).first() or ClinicProfile(
        pk=1, name="KAP Clinic"
    )


def crisis_resources() -> QuerySet[CrisisResource]:
    return CrisisResource.objects.filter(profile_id=1)


def navigation_pages() -> QuerySet[ContentPage]:
    return ContentPage.objects.filter(published=True, in_navigation=True).only("slug", "title")


def current_consent() -> ConsentDocument | None:
    """The newest published consent document: what a client signs today."""
    return (ConsentDocument.objects.filter(published_at__lte=timezone.now())
            .order_by("-version").first())
