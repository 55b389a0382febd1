"""The client's intake journey. A draft is found through the visitor's session only."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intake import services, steps
from intake.forms import ContactForm
from intake.models import Intake
from screening import definitions
from screening.forms import form_class_for

SESSION_DRAFT = "intake_draft_id"
SESSION_SUBMITTED = "intake_submitted_id"

View = Callable[..., HttpResponse]


def _draft_required(view: View) -> View:
    """Give the view the visitor's draft; send them to the start when there is none."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        draft_id = request.session.get(SESSION_DRAFT)
        intake = Intake.objects.filter(pk=draft_id).first() if draft_id else None
        if intake is None:
            messages.info(request, _("Let's start your application."))
            return redirect("intake:start")
        if intake.status != Intake.Status.DRAFT:
            return redirect("intake:done")
        return view(request, intake, *args, **kwargs)

    return wrapper


def _step_context(key: str) -> dict[str, Any]:
    return {
        "step": steps.step(key),
        "steps": steps.STEPS,
        "step_number": steps.position(key),
        "step_count": len(steps.STEPS),
    }


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        draft_id = request.session.get(SESSION_DRAFT)
        if not (draft_id and Intake.objects.filter(pk=draft_id, status="draft").exists()):
            intake = services.intake_start()
            request.session[SESSION_DRAFT] = str(intake.pk)
        return redirect("intake:contact")
    return render(request, "intake/start.html")


@require_http_methods(["GET", "POST"])
@_draft_required
def contact(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = ContactForm(request.POST or None, instance=intake)
    if request.method == "POST" and form.is_valid():
        services.intake_save_contact(intake=intake, **form.cleaned_data)
        return redirect(steps.next_step("contact").url())
    return render(request, "intake/contact.html", {"form": form, **_step_context("contact")})


@require_http_methods(["GET", "POST"])
@_draft_required
def questionnaire(request: HttpRequest, intake: Intake, code: str) -> HttpResponse:
    if code not in steps.QUESTIONNAIRE_CODES:
        raise Http404
    definition = definitions.get(code)
    stored = intake.responses.filter(questionnaire=code).first()
    form_class = form_class_for(definition)
    form = form_class(request.POST or None, initial=stored.answers if stored else None)
    if request.method == "POST" and form.is_valid():
        services.response_save(intake=intake, questionnaire=code, answers=form.answers())
        return redirect(steps.next_step(code).url())
    return render(
        request,
        "intake/questionnaire.html",
        {"form": form, "questionnaire": definition, **_step_context(code)},
    )


@require_http_methods(["GET", "POST"])
@_draft_required
def review(request: HttpRequest, intake: Intake) -> HttpResponse:
    missing = services.missing_steps(intake)
    if request.method == "POST":
        try:
            services.intake_submit(intake_id=intake.pk)
        except services.IntakeIncomplete as incomplete:
            messages.error(request, _("A few steps still need your answers."))
            return redirect(steps.step(incomplete.missing[0]).url())
        request.session[SESSION_SUBMITTED] = str(intake.pk)
        return redirect("intake:done")
    sections = []
    for response in intake.responses.all():
        definition = definitions.get(response.questionnaire, response.version)
        sections.append(
            {
                "step": steps.step(response.questionnaire),
                "answers": [
                    (item.text, item.display(response.answers[item.link_id]))
                    for item in definition.items
                    if item.link_id in response.answers
                ],
            }
        )
    return render(
        request,
        "intake/review.html",
        {"intake": intake, "sections": sections, "missing": missing, **_step_context("review")},
    )


def done(request: HttpRequest) -> HttpResponse:
    """Confirmation. A double-submitted form lands here too, with nothing created twice."""
    intake_id = request.session.get(SESSION_SUBMITTED) or request.session.get(SESSION_DRAFT)
    intake = Intake.objects.filter(pk=intake_id, status="submitted").first() if intake_id else None
    if intake is None:
        return redirect("intake:start")
    return render(request, "intake/done.html", {"first_name": intake.first_name})
