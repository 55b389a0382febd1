"""The page a person sees when a request fails on our side (settings: `handler500`).

It must render when the database is what failed (a restart, a failover): Django's own
500 view renders its template without the request's context, and so does this one, which
reads nothing from the database then. A database that cannot be reached is a 503 with
Retry-After, so browsers, proxies and monitors know it is passing; any other failure is a
500. Both say what is true for someone in the middle of an application: every page they
saved is kept, so they can send this one again in a minute. The crisis lines are on it, as
on every page.
"""

from __future__ import annotations

import logging
import sys

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

from clinic import selectors
from clinic.models import ClinicProfile, CrisisResource
from kapclinic.outages import database_unavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the exception, which sys.exc_info()
    still holds."""
    unavailable = database_unavailable(sys.exc_info()[1])
    # The request's language, as the language middlewares chose it; they may not have run
    # (the session, read first, is in the database).
    translation.activate(getattr(request, "LANGUAGE_CODE", None)
                         or translation.get_language_from_request(request))
    clinic, crisis = _clinic(known_only=unavailable)
    body = loader.get_template("500.html").render({
        "clinic": clinic, "crisis_resources": crisis, "unavailable": unavailable})
    response = HttpResponse(body, status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _clinic(*, known_only: bool) -> tuple[ClinicProfile, list[CrisisResource]]:
    """The clinic's name and crisis lines: those this request already read, or, when the
    database may still answer, read now; else stand-ins (the template then shows the
    shipped crisis lines)."""
    clinic, crisis = selectors.remembered_settings()
    if not known_only and (clinic is None or crisis is None):
        try:
            clinic, crisis = selectors.clinic_profile(), selectors.crisis_resources()
        except Exception:  # the error page itself must not fail
            logger.exception("The error page could not read the clinic's settings.")
    return clinic or ClinicProfile(pk=1, name="KAP Clinic"), crisis or []
