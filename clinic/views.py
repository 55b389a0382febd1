from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from clinic.selectors import content_page


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/home.html", {"page": content_page("home")})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    content = content_page(slug)
    if content is None:
        raise Http404
    return render(request, "clinic/page.html", {"page": content})

