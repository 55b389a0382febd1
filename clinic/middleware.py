"""The clinic's settings for the span of a request: read at most once (clinic.selectors),
and the languages it offers applied: a visitor whose browser asks for another one reads
the site in English, the language every page falls back to."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from clinic import selectors


class OfferedLanguageMiddleware:
    """After Django's LocaleMiddleware. The settings are read here only when the language
    is not English; whatever reads them later in the request reuses them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = selectors.memo_open()
        try:
            language = selectors.current_language()
            if (language != settings.LANGUAGE_CODE
                    and language not in selectors.clinic_profile().languages_offered):
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return self.get_response(request)
        finally:
            selectors.memo_close(token)
