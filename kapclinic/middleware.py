"""Request wiring the apps rely on."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.defaults import bad_request


class TrustedProxyMiddleware:
    """Behind load balancers, REMOTE_ADDR is the balancer's. With TRUSTED_PROXY_COUNT set,
    the client's address is the entry that the nearest trusted proxy added to
    X-Forwarded-For: the Nth from the right (entries further left can be forged)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = settings.TRUSTED_PROXY_COUNT
        if count:
            hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "")
                    .split(",") if hop.strip()]
            if len(hops) >= count:
                request.META["REMOTE_ADDR"] = hops[-count]
        return self.get_response(request)


# Features no page of ours uses, switched off for every page (and anything embedded).
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "microphone",
    "payment", "usb", "interest-cohort", "browsing-topics"))
STAFF_PREFIXES = ("/staff/", "/admin/")
_READABLE_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}


class SecurityHeadersMiddleware:
    """Headers for health data: staff pages and exports (names, answers) are never stored
    by a browser or a proxy, and no page may use a camera, a microphone or a location.
    A form body in a charset we do not read is a bad request (our 400 page), never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._unreadable(request) or self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(STAFF_PREFIXES):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _unreadable(request: HttpRequest) -> HttpResponse | None:
        if request.method != "POST" or request.content_type not in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        charset = request.content_params.get("charset")
        if charset and charset.strip().lower() not in _READABLE_CHARSETS:
            return bad_request(request, BadRequest(f"Form bodies are read as UTF-8, not "
                                                   f"{charset[:40]!r}."))
        return None
