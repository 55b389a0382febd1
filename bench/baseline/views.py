"""The baselines: what plain Django does for the same kind of request, on the same server,
database and middleware (bench/README.md)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bench.baseline.forms import TwentyFields
from bench.baseline.models import Row


def small(request: HttpRequest) -> HttpResponse:
    return render(request, "baseline/small.html", {"title": "Baseline"})


@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    Row.objects.create(name="inserted", value=1)
    return HttpResponse("ok")


def form(request: HttpRequest) -> HttpResponse:
    bound = TwentyFields(request.POST or None)
    if request.method == "POST" and bound.is_valid():
        return redirect("baseline-form")
    return render(request, "baseline/form.html", {"form": bound})


def rows(request: HttpRequest) -> HttpResponse:
    """100 rows of the table, newest first, with the count; `?value=` filters."""
    found = Row.objects.order_by("-id")
    if request.GET.get("value"):
        found = found.filter(value=int(request.GET["value"]))
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    return render(request, "baseline/rows.html", {"page": page})
