"""The languages a clinic offers: a visitor whose browser asks for another one reads the
site in English, the language every page falls back to (ClinicProfile.languages_offered)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from clinic import selectors


class OfferedLanguageMiddleware:
    """After Django's LocaleMiddleware. The clinic's settings are read once per request,
    and only when the language is not English; the page's own reads reuse them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = SimpleLazyObject(selectors.clinic_profile)
        request.clinic_profile = profile  # type: ignore[attr-defined]
        language = selectors.current_language()
        if language != settings.LANGUAGE_CODE and language not in profile.languages_offered:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
