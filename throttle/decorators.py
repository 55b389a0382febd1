"""Limits on the public forms that cost the clinic something (a new draft, an email)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.services import client_ip
from throttle.services import Limit, hit

View = Callable[..., HttpResponse]


def limit_posts(*limits: Limit) -> Callable[[View], View]:
    """Count each POST against every limit, by the sender's address; over any of them, a
    calm 429 page in the person's language says when to try again. GETs are never limited
    (reading the pages, the crisis lines included, is always open)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                address = client_ip(request) or "unknown"
                over = [limit for limit in limits if not hit(limit, address)]
                if over:
                    return too_many(request, over[0])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many(request: HttpRequest, limit: Limit) -> HttpResponse:
    minutes = max(1, int(limit.per.total_seconds() // 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(limit.per.total_seconds()))
    return response
