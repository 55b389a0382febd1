"""The client's intake journey. A draft is found through the visitor's session only."""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.services import client_ip
from clinic.selectors import clinic_profile, content_page, current_consent, current_language
from intake import services, steps
from intake.answers import answer_rows
from intake.forms import ConsentForm, ContactForm, EmailForm
from intake.models import Intake, QuestionnaireResponse
from screening import battery, definitions
from screening.forms import form_class_for
from screening.self_check import SELF_CHECK_QUESTIONNAIRE, self_check
from throttle.decorators import limit_posts
from throttle.services import Limit

# From one address: generous for a shared connection (a clinic's waiting room, a library),
# far below a script. Each email address also gets at most one link every 10 minutes
# (services.resume_link_send), whoever asks.
INTAKE_STARTS = Limit("intake-start", 20, timedelta(hours=1))
LINK_EMAILS = Limit("link-email", 10, timedelta(hours=1))

SESSION_DRAFT = "intake_draft_id"
SESSION_SUBMITTED = "intake_submitted_id"
SESSION_GATE = "intake_gate_reason"
SESSION_SAFETY = "intake_safety"
SESSION_PAUSED_FROM = "intake_paused_from"
SESSION_FAILED_POST = "intake_failed_post"

View = Callable[..., HttpResponse]


def _form_data(request: HttpRequest) -> QueryDict | None:
    """What a page's form is bound to: this POST, or, on the GET straight after a POST that
    failed validation, that POST's data (kept in the session). So the errors show with
    everything typed, and reloading or going back never asks to "resubmit the form"."""
    if request.method == "POST":
        request.session.pop(SESSION_FAILED_POST, None)  # a new try replaces the kept one
        return request.POST
    failed = request.session.get(SESSION_FAILED_POST)  # kept: a reload shows it again
    if not failed or failed.get("path") != request.path:
        return None
    data = QueryDict(mutable=True)
    for name, values in failed["data"].items():
        data.setlist(name, values)
    return data


def _show_errors(request: HttpRequest, form: Any) -> HttpResponse:
    """Post-redirect-get for a POST that failed validation (see `_form_data`). Only the
    form's own fields are kept, and only until the next save, pause or gate-out."""
    names = {form.add_prefix(name) for name in form.fields}
    request.session[SESSION_FAILED_POST] = {
        "path": request.path,
        "data": {name: request.POST.getlist(name) for name in request.POST if name in names},
    }
    return redirect(request.get_full_path())


def crisis(request: HttpRequest) -> HttpResponse:
    """"Get help now": the crisis lines first; a word about the application only to someone
    who has one open in this browser (the page is here, in the intake, because it knows)."""
    draft_id = request.session.get(SESSION_DRAFT)
    has_draft = bool(draft_id) and Intake.objects.filter(
        pk=draft_id, status__in=services.EDITABLE, erased_at__isnull=True).exists()
    return render(request, "intake/crisis.html", {"has_draft": has_draft})


def _draft_required(view: View) -> View:
    """Give the view the visitor's draft; send them to the start when there is none."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        draft_id = request.session.get(SESSION_DRAFT)
        # An erased draft (the clinic's retention policy) is gone for its client too.
        intake = Intake.objects.filter(pk=draft_id, erased_at__isnull=True).first() \
            if draft_id else None
        if intake is None:
            if request.method == "POST":
                # The session ended (a long pause, cleared cookies): the pages saved so far
                # are kept on the server; a link by email brings them back.
                return render(request, "intake/session_ended.html", {"form": EmailForm()},
                              status=409)
            messages.info(request, _("Let's start your application."))
            return redirect("intake:start")
        if intake.status not in services.EDITABLE:
            return redirect("intake:done")
        return view(request, intake, *args, **kwargs)

    return wrapper


def _journey(intake: Intake) -> steps.Journey:
    """This intake's pages: the questionnaires it was started with, whatever the clinic's
    settings say now."""
    return steps.journey(intake.questionnaires_asked)


def _page_context(journey: steps.Journey, page: steps.Page) -> dict[str, Any]:
    return {
        "page": page,
        "step_titles": journey.step_titles,
        "step_count": journey.step_count,
        "minutes_left": journey.minutes_left(page.key),
    }


def _pausing(request: HttpRequest) -> bool:
    """The client pressed "Save and finish later" rather than "Save and continue"."""
    return request.POST.get("action") == "pause"


def _paused(request: HttpRequest, response: QuestionnaireResponse | None = None,
            ) -> HttpResponse:
    """After saving part-way: help first if the answers call for it, else the pause page;
    for the page's background autosave, just "saved"."""
    request.session.pop(SESSION_FAILED_POST, None)  # what was just saved is newer
    if request.headers.get("X-Autosave"):
        return HttpResponse(status=204)
    # "No thanks, take me back" on the pause page returns to the page the client left.
    request.session[SESSION_PAUSED_FROM] = request.path
    safety = _safety_page(request, response, then_pause=True) if response else None
    return redirect(safety or "intake:pause")


def _safety_page(request: HttpRequest, response: QuestionnaireResponse,
                 then_pause: bool = False) -> str | None:
    """The help page these answers call for, if any. What it shows and where it leads are
    kept in the session, so the one address says nothing about the answers."""
    flags = set((response.score or {}).get("flags", ()))
    if not flags & (battery.ACUTE_FLAGS | battery.URGENT_FLAGS):
        return None
    request.session[SESSION_SAFETY] = {
        "after": response.questionnaire, "acute": bool(flags & battery.ACUTE_FLAGS),
        "then_pause": then_pause,
    }
    return "intake:safety"


def _after_save(request: HttpRequest, intake: Intake,
                response: QuestionnaireResponse) -> HttpResponse:
    """Where a saved page leads: straight to help when these answers suggest risk."""
    safety = _safety_page(request, response)
    if safety:
        return redirect(safety)
    return redirect(_next_url(intake, response.questionnaire))


def _next_url(intake: Intake, key: str) -> str:
    """The page after this one; when the clinic asked to revisit some parts, the next of
    those (then the review page), not every page in between."""
    if intake.status == Intake.Status.NEEDS_INFO:
        return _continue_url(intake)
    return _journey(intake).next_page(key, services.answers_by_questionnaire(intake)).url()


@require_http_methods(["GET", "POST"])
def self_check_page(request: HttpRequest) -> HttpResponse:
    """"Is KAP right for me?": the candidacy questions, anonymous, nothing stored."""
    form_class = form_class_for(SELF_CHECK_QUESTIONNAIRE)
    if request.POST.get("action") == "change":  # back from the result, answers kept
        kept = form_class(request.POST)
        kept.is_valid()
        return render(request, "intake/self_check.html",
                      {"form": form_class(initial=kept.answers()),
                       "intro": content_page("self-check")})
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return render(request, "intake/self_check_result.html", {
            "result": self_check(form.answers()), "carried": form.answers(),
        })
    return render(request, "intake/self_check.html",
                  {"form": form, "questionnaire": SELF_CHECK_QUESTIONNAIRE,
                   "intro": content_page("self-check")})


@require_http_methods(["GET", "POST"])
@limit_posts(INTAKE_STARTS)
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        draft_id = request.session.get(SESSION_DRAFT)
        intake = Intake.objects.filter(pk=draft_id, status__in=services.EDITABLE,
                                       erased_at__isnull=True).first() if draft_id else None
        if intake is None:
            intake = services.intake_start(language=current_language())
            request.session[SESSION_DRAFT] = str(intake.pk)
        carried = form_class_for(SELF_CHECK_QUESTIONNAIRE)(request.POST)
        if "childhood-trauma" in request.POST and carried.is_valid():
            # Answers carried over from the self-check, saved as the candidacy step.
            services.response_save(intake=intake, questionnaire=SELF_CHECK_QUESTIONNAIRE.code,
                                   answers=carried.answers(), not_asked=carried.not_asked())
        return redirect("intake:contact")
    # What an application started now asks (the clinic's settings as they are).
    journey = steps.journey(clinic_profile().questionnaires_asked())
    return render(request, "intake/start.html", {
        "step_count": journey.step_count,
        # The same estimate the progress bar gives on each page (Journey.minutes_left).
        "minutes_total": journey.minutes_left(steps.CONTACT)})


@require_http_methods(["GET", "POST"])
@_draft_required
def contact(request: HttpRequest, intake: Intake) -> HttpResponse:
    if request.method == "POST" and _pausing(request):
        partial = ContactForm(request.POST, instance=intake, partial=True)
        partial.is_valid()
        services.intake_save_contact(intake=intake, **partial.valid_part())
        if services.gate_reason(intake) and not request.headers.get("X-Autosave"):
            return redirect("intake:gate-check")
        return _paused(request)
    form = ContactForm(_form_data(request), instance=intake)
    if request.method == "POST":
        if not form.is_valid():
            return _show_errors(request, form)
        services.intake_save_contact(intake=intake, language=current_language(),
                                     **form.cleaned_data)
        if services.gate_reason(intake):
            return redirect("intake:gate-check")
        return redirect(_journey(intake).next_page(steps.CONTACT, {}).url())
    journey = _journey(intake)
    return render(request, "intake/contact.html",
                  {"form": form, **_page_context(journey, journey.page(steps.CONTACT))})


@require_http_methods(["GET", "POST"])
@_draft_required
def gate_check(request: HttpRequest, intake: Intake) -> HttpResponse:
    """Before the early gate closes: is the date of birth and state right? A typo must not
    cost someone their application."""
    reason = services.gate_reason(intake)
    if reason is None:
        return redirect(_journey(intake).next_page(steps.CONTACT, {}).url())
    if request.method == "POST" and request.POST.get("choice") == "confirm":
        services.intake_gate_out(intake=intake, reason=reason)
        request.session.pop(SESSION_DRAFT, None)
        request.session.pop(SESSION_FAILED_POST, None)  # nothing typed is kept, as we say
        request.session[SESSION_GATE] = reason
        return redirect("intake:not-eligible")
    return render(request, "intake/gate_check.html", {"intake": intake, "reason": reason})


def not_eligible(request: HttpRequest) -> HttpResponse:
    """The early gate: kind words, other places to turn, and nothing of theirs kept."""
    reason = request.session.get(SESSION_GATE)
    if reason is None:
        return redirect("intake:start")
    return render(request, "intake/not_eligible.html", {"reason": reason})


@require_http_methods(["GET", "POST"])
@_draft_required
def questionnaire(request: HttpRequest, intake: Intake, code: str) -> HttpResponse:
    if code not in battery.QUESTIONNAIRE_CODES:
        raise Http404
    journey = _journey(intake)
    if code not in journey.questionnaires:
        # Not part of this application (the clinic had turned it off when it started).
        return redirect(_continue_url(intake))
    if not battery.is_asked(code, services.answers_by_questionnaire(intake)):
        return redirect(journey.next_page(code, services.answers_by_questionnaire(intake)).url())
    definition = definitions.get(code)
    stored = intake.responses.current().filter(questionnaire=code).first()
    # Answers kept from an older version fill the items the new one still has.
    initial = stored.answers if stored else None
    form_class = form_class_for(definition.localized(get_language()))
    if request.method == "POST" and _pausing(request):
        # Kept as typed; a page paused on is not done yet (one done before stays done).
        partial = form_class(request.POST)
        partial.is_valid()
        response = services.response_save(
            intake=intake, questionnaire=code, answers=partial.answers(),
            not_asked=partial.not_asked(), complete=None)
        return _paused(request, response)
    # A page with every question left blank is a real answer: bound even when empty.
    form = form_class(_form_data(request), initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            return _show_errors(request, form)
        response = services.response_save(intake=intake, questionnaire=code,
                                           answers=form.answers(), not_asked=form.not_asked())
        return _after_save(request, intake, response)
    return render(
        request,
        "intake/questionnaire.html",
        {"form": form, "questionnaire": form_class.questionnaire,
         "untranslated": get_language() != "en" and definition.validated
         and definition.translation(get_language()) is None,
         **_page_context(journey, journey.page(code))},
    )


@require_http_methods(["GET", "POST"])
@_draft_required
def warning(request: HttpRequest, intake: Intake, section: str) -> HttpResponse:
    """A content warning before a hard section: continue, skip it, or stop for now."""
    journey = _journey(intake)
    try:
        page = journey.warning_page(section)
    except KeyError:
        if steps.FULL.has_page(f"warning:{section}"):  # a section this intake leaves out
            return redirect(_continue_url(intake))
        raise Http404 from None
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "continue":
            return redirect(journey.page(page.section.questionnaires[0]).url())
        if choice == "skip":
            services.section_decline(intake=intake, section=page.section)
            return redirect(journey.first_page_of_next_section(section).url())
        if choice == "stop":
            return redirect("intake:pause")
    return render(request, "intake/warning.html", _page_context(journey, page))


@require_http_methods(["GET", "POST"])
@limit_posts(LINK_EMAILS)
@_draft_required
def pause(request: HttpRequest, intake: Intake) -> HttpResponse:
    """Saved: offer a link by email to come back to, from any device."""
    # The link goes to the address on the contact page; only a draft without one may give
    # it here (changing it is the contact page's job, so nobody can redirect the link).
    form = None if intake.email else EmailForm(request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        if form is not None:
            services.intake_save_contact(intake=intake, email=form.cleaned_data["email"])
        services.resume_link_send(intake=intake)  # at most one every few minutes
        return render(request, "intake/link_sent.html", {"email": intake.email})
    # Back to the page left: named by its key (?from=review), or the last page paused on.
    journey = _journey(intake)
    came_from = request.GET.get("from")
    back = (journey.page(came_from).url() if journey.has_page(came_from or "")
            else request.session.get(SESSION_PAUSED_FROM) or reverse("intake:review"))
    return render(request, "intake/pause.html", {"form": form, "email": intake.email,
                                                 "back": back})


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """A resume link from an email. Opening it only asks to continue (mail scanners open
    links too); continuing uses the link up and leads to the first page not yet done."""
    if request.method == "GET":
        if services.resume_token_intake(token) is None:
            return render(request, "intake/resume_expired.html", {"form": EmailForm()},
                          status=410)
        return render(request, "intake/resume_continue.html")
    intake = services.resume_token_redeem(token)
    if intake is None:
        return render(request, "intake/resume_expired.html", {"form": EmailForm()}, status=410)
    request.session.cycle_key()
    request.session[SESSION_DRAFT] = str(intake.pk)
    if intake.status == Intake.Status.NEEDS_INFO:  # what the clinic asks comes first
        return redirect("intake:more-information")
    messages.info(request, _("Welcome back. Your answers are as you left them."))
    return redirect(_continue_url(intake))


def _continue_url(intake: Intake) -> str:
    """The first page still to do, or the review page when none is left."""
    missing = services.missing_pages(intake)
    return _journey(intake).entry_page(missing[0]).url() if missing else reverse("intake:review")


@require_http_methods(["GET"])
@_draft_required
def more_information(request: HttpRequest, intake: Intake) -> HttpResponse:
    """What the clinic asked for, in its own words, behind the client's link (the email
    only says there is a request), and the pages it named."""
    asked = services.more_information_request(intake)
    if asked is None:
        return redirect(_continue_url(intake))
    journey = _journey(intake)
    return render(request, "intake/more_information.html", {
        "asked": asked,
        "parts": [journey.page(code) for code in asked.revisit if journey.has_page(code)],
        "start_url": _continue_url(intake),
    })


@require_http_methods(["GET", "POST"])
@_draft_required
def withdraw(request: HttpRequest, intake: Intake) -> HttpResponse:
    """The client withdraws while the clinic waits for them, after a confirmation. What
    they sent stays with the clinic, as the page says."""
    if intake.status != Intake.Status.NEEDS_INFO:
        return redirect(_continue_url(intake))
    if request.method == "GET":
        return render(request, "intake/withdraw.html")
    services.intake_withdraw(intake=intake)
    for key in (SESSION_DRAFT, SESSION_SUBMITTED, SESSION_SAFETY, SESSION_PAUSED_FROM):
        request.session.pop(key, None)
    return render(request, "intake/withdrawn.html")


@require_http_methods(["POST"])
@limit_posts(LINK_EMAILS)
def resume_request(request: HttpRequest) -> HttpResponse:
    """A new link for an expired one. The answer is the same whether or not the address
    has a draft, so nobody learns who applied."""
    form = EmailForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/resume_expired.html", {"form": form}, status=400)
    services.resume_link_renew(email=form.cleaned_data["email"])
    return render(request, "intake/link_sent.html", {"email": form.cleaned_data["email"]})


@require_http_methods(["GET", "POST"])
@_draft_required
def consent(request: HttpRequest, intake: Intake) -> HttpResponse:
    document = current_consent()
    if document is None:  # the clinic has not published one: say so kindly, keep everything
        return render(request, "intake/no_consent.html", status=503)
    form = ConsentForm(_form_data(request), legal_name=intake.full_name)
    if request.method == "POST" and _pausing(request):
        return redirect("intake:pause")
    if request.method == "POST":
        if not form.is_valid():
            return _show_errors(request, form)
        services.consent_sign(intake=intake, document=document,
                              typed_name=form.cleaned_data["typed_name"],
                              ip_address=client_ip(request))
        return redirect("intake:review")
    return render(request, "intake/consent.html", {
        "form": form, "document": document, "today": timezone.localdate(),
        **_page_context(_journey(intake), _journey(intake).page(steps.CONSENT)),
    })


@_draft_required
def safety(request: HttpRequest, intake: Intake) -> HttpResponse:
    """Right after answers that suggest risk: help now ("call now" when the risk is now),
    then carry on, or stop for now if the client was pausing."""
    state = request.session.get(SESSION_SAFETY) or {}
    if state.get("after") not in battery.SAFETY_QUESTIONNAIRES:
        return redirect("intake:review")
    next_url = reverse("intake:pause") if state.get("then_pause") \
        else _next_url(intake, state["after"])
    template = "intake/safety_now.html" if state.get("acute") else "intake/safety.html"
    # "Our team has been told" only once the alert is queued (with the saved page).
    return render(request, template, {"next_url": next_url, "team_told": intake.urgent,
                                      "then_pause": state.get("then_pause")})


@require_http_methods(["GET", "POST"])
@_draft_required
def review(request: HttpRequest, intake: Intake) -> HttpResponse:
    if request.method == "POST":
        try:
            services.intake_submit(intake_id=intake.pk)
        except services.IntakeIncomplete as incomplete:
            messages.error(request, _("A few questions still need your answers."))
            return redirect(_journey(intake).entry_page(incomplete.missing[0]).url())
        request.session[SESSION_SUBMITTED] = str(intake.pk)
        return redirect("intake:done")
    journey = _journey(intake)
    responses = {r.questionnaire: r for r in intake.responses.current()}
    sections = []
    for code in journey.questionnaires:
        response = responses.get(code)
        if response is None or (not response.answers and not response.declined):
            continue  # not reached yet, or not asked
        section = journey.page(code).section
        definition = definitions.get(code, response.version).localized(get_language())
        sections.append({
            "page": journey.page(code),
            "sensitive": bool(section and section.content_warning),
            "questionnaire": definition,
            "declined": response.declined,
            "answers": [(row.item.text, row.shown) for row in answer_rows(
                definition, response.answers, response.not_asked) if row.answered],
        })
    missing = services.missing_pages(intake)
    return render(request, "intake/review.html", {
        "intake": intake, "sections": sections, "missing": missing,
        "asked": services.more_information_request(intake),
        "consent": getattr(intake, "consent", None),
        "missing_url": journey.entry_page(missing[0]).url() if missing else None,
        **_page_context(journey, journey.page(steps.REVIEW)),
    })


def done(request: HttpRequest) -> HttpResponse:
    """Confirmation. A double-submitted form lands here too, with nothing created twice."""
    intake_id = request.session.get(SESSION_SUBMITTED) or request.session.get(SESSION_DRAFT)
    intake = (
        Intake.objects.select_related("assessment").exclude(status=Intake.Status.DRAFT)
        .filter(pk=intake_id).first() if intake_id else None
    )
    if intake is None:
        return redirect("intake:start")
    # Shown once: on a shared device the next person finds no trace of the application.
    for key in (SESSION_DRAFT, SESSION_SUBMITTED, SESSION_SAFETY):
        request.session.pop(key, None)
    return render(request, "intake/done.html", {
        "first_name": intake.called,
        "sent_again": intake.resubmitted_at is not None,
        "urgent": intake.assessment.urgent,
        "acute": intake.assessment.acute,
    })
