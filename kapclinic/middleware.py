"""Request wiring the apps rely on."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.views.defaults import bad_request

from accounts import mfa
from clinic.staff import is_verified


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


STAFF_IDLE_SECONDS = 15 * 60  # logged off after 15 minutes without a request
STAFF_MAX_SECONDS = 12 * 60 * 60  # and 12 hours after logging in, whatever happens
SESSION_STAFF_SINCE = "staff_session_since"


class StaffSessionMiddleware:
    """Staff sessions (health data on screen, often on shared workstations) end on the
    server: after 15 minutes without a request, and 12 hours after the login. A client's
    draft session keeps the longer site-wide age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            since = request.session.setdefault(SESSION_STAFF_SINCE, now)
            if now - since > STAFF_MAX_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if request.session.get("_session_expiry") != STAFF_IDLE_SECONDS:
                request.session.set_expiry(STAFF_IDLE_SECONDS)
        return self.get_response(request)


SESSION_TOUCHED = "touched"
TOUCH_EVERY_SECONDS = 60


class SessionRenewalMiddleware:
    """Each visit renews a session's age (a client's 12 hours, staff's 15 idle minutes),
    but the session is written at most once a minute, not on every request: a page that
    changes nothing in it then costs no write. Renewing late can only end a session a
    little sooner (up to a minute), never later. Just inside SessionMiddleware. An error
    page renews nothing: when the database is what failed, reading the session again would
    only fail again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and response.status_code < 500 and not session.is_empty():
            now = int(time.time())
            if session.modified or now - session.get(SESSION_TOUCHED, 0) >= TOUCH_EVERY_SECONDS:
                session[SESSION_TOUCHED] = now  # saved, with a new expiry, on the way out
        return response


class MfaRequiredMiddleware:
    """No staff page before the second step of the login: a signed-in person who has not
    done it in this session is sent to set it up (first login) or to do it, and then on
    to where they were going. The access checks ask for it too (review.access)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.path_info.startswith(STAFF_PREFIXES) and request.user.is_authenticated
                and not is_verified(request.user) and not self._before_mfa(request)):
            step = "accounts:mfa-verify" if mfa.has_any_device(request.user) else \
                "accounts:mfa-setup"
            next_url = request.get_full_path() if request.method == "GET" else ""
            return redirect(mfa.step_url(step, next_url))
        return self.get_response(request)

    @staticmethod
    def _before_mfa(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in mfa.BEFORE_MFA_URL_NAMES
