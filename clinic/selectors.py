"""Reads of the clinic's settings and content, shared by every app."""

from django.db.models import QuerySet

from clinic.models import ClinicProfile, ContentPage, CrisisResource


def clinic_profile() -> ClinicProfile:
    """The clinic's settings; unsaved defaults if the row is missing, so pages still render."""
    return ClinicProfile.objects.filter(pk=1).first() or ClinicProfile(
        pk=1, name="KAP Clinic"
    )


def crisis_resources() -> QuerySet[CrisisResource]:
    return CrisisResource.objects.filter(profile_id=1)


def navigation_pages() -> QuerySet[ContentPage]:
    return ContentPage.objects.filter(published=True, in_navigation=True).only("slug", "title")
