"""The client's check-ins during care, opened from an emailed link with no account: as calm
and plain as the intake, one questionnaire a page, no JavaScript needed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from care import services, trends
from care.models import Measure
from clinic.selectors import clinic_profile
from intake import steps
from screening import definitions
from screening.forms import form_class_for

SESSION_MEASURE = "care_measure"


def _expired(request: HttpRequest) -> HttpResponse:
    return render(request, "care/link_expired.html", {"profile": clinic_profile()},
                  status=410)


@require_http_methods(["GET", "POST"])
def measure_link(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link only offers to begin (mail scanners open links too); beginning
    uses it up."""
    if request.method == "GET":
        measure = services.measure_for_link(token)
        if measure is None:
            return _expired(request)
        return render(request, "care/measure_start.html", {
            "count": len(measure.instruments),
            "minutes": steps.minutes_for(measure.instruments)})
    measure = services.measure_link_redeem(token)
    if measure is None:
        return _expired(request)
    request.session.cycle_key()
    request.session[SESSION_MEASURE] = measure.pk
    return redirect(_next_url(measure))


def _next_url(measure: Measure) -> str:
    code = services.measure_next(measure)
    if code is None:
        return reverse("care:measure-done")
    return reverse("care:measure-questions", args=[code])


def _session_measure(request: HttpRequest) -> Measure | None:
    pk = request.session.get(SESSION_MEASURE)
    return None if pk is None else services.measure_askable(pk)


@require_http_methods(["GET", "POST"])
def measure_questions(request: HttpRequest, code: str) -> HttpResponse:
    measure = _session_measure(request)
    if measure is None:
        if request.session.get(SESSION_MEASURE) is not None:
            return redirect("care:measure-done")
        return _expired(request)
    if code not in measure.instruments:
        raise Http404
    if code != services.measure_next(measure):
        return redirect(_next_url(measure))
    definition = definitions.get(code)
    form_class = form_class_for(definition.localized(get_language()))
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response = services.measure_answer(measure=measure, questionnaire=code,
                                           answers=form.answers(), not_asked=form.not_asked())
        if services.response_shows_risk(response):
            return redirect("care:measure-safety")  # help first, then the rest
        return redirect(_next_url(measure))
    position = measure.instruments.index(code) + 1
    return render(request, "care/measure_questions.html", {
        "form": form, "questionnaire": form_class.questionnaire,
        "position": position, "count": len(measure.instruments),
        # As on the intake: a validated questionnaire without a checked translation is
        # asked in English, and the page says why.
        "untranslated": get_language() != "en" and definition.validated
        and definition.translation(get_language()) is None,
    }, status=400 if form.is_bound else 200)


@require_http_methods(["GET"])
def measure_safety(request: HttpRequest) -> HttpResponse:
    """Straight after a risk answer: the crisis lines, and the truth that the care team
    has been told (the alert was queued with the answer)."""
    pk = request.session.get(SESSION_MEASURE)
    measure = Measure.objects.filter(pk=pk).first() if pk is not None else None
    if measure is None or not services.risk_answered(measure):
        return _expired(request)
    return render(request, "care/measure_safety.html", {"next_url": _next_url(measure)})


@require_http_methods(["GET"])
def measure_done(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(SESSION_MEASURE)
    measure = (Measure.objects.select_related("course").filter(pk=pk).first()
               if pk is not None else None)
    if measure is None:
        return _expired(request)
    if measure.completed_at is None:
        return redirect(_next_url(measure))
    # After a risk answer the page does not cheer a lower total: it says who was told.
    risk = services.risk_answered(measure)
    return render(request, "care/measure_done.html", {
        "trends": [] if risk else trends.client_trends(measure), "risk": risk,
        "profile": clinic_profile()})
