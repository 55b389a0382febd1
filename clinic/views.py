from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clinic.models import ContentPage


def home(request: HttpRequest) -> HttpResponse:
    page = ContentPage.objects.filter(slug="home", published=True).first()
    return render(request, "clinic/home.html", {"page": page})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    content = get_object_or_404(ContentPage, slug=slug, published=True)
    return render(request, "clinic/page.html", {"page": content})


def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/crisis.html")
