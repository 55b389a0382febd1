from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clinic.selectors import content_page


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/home.html", {"page": content_page("home")})


# Pages whose text is part of a page of the app's own: their address leads there.
BUILT_IN = {"home": "home", "self-check": "self-check"}


def page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug in BUILT_IN:
        return redirect(BUILT_IN[slug])
    content = content_page(slug)
    if content is None:
        raise Http404
    return render(request, "clinic/page.html", {"page": content})

