from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from intake.fhir import intake_bundle
from review import services
from review.access import client_ip, get_intake_for_user, staff_required
from review.forms import AcknowledgeForm, AssignForm, NoteForm, StatusForm
from review.models import AuditEvent, Note
from review.selectors import review_queue
from screening import definitions


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(review_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "review/queue.html", {"page": page})


@staff_required
def intake_detail(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    intake = get_intake_for_user(request, intake_id)
    scores = intake.assessment.scores
    responses = []
    for response in intake.responses.all():
        definition = definitions.get(response.questionnaire, response.version)
        not_asked = set(response.not_asked)
        responses.append({
            "definition": definition,
            "declined": response.declined,
            "score": scores.get(response.questionnaire),
            "all_not_asked": bool(not_asked) and not response.answers,
            "answers": [
                (item,
                 "not-asked" if item.link_id in not_asked
                 else item.display(response.answers[item.link_id])
                 if item.link_id in response.answers else None)
                for item in definition.items
            ],
        })
    return render(request, "review/intake_detail.html", {
        "intake": intake,
        "responses": responses,
        "reasons": intake.assessment.reasons,
        "age": intake.age_on(timezone.localdate()),
        "needs_acknowledgement": services.needs_acknowledgement(intake),
        "notes": intake.notes.select_related("author", "corrects").all(),
        "status_changes": intake.status_changes.select_related("by").all(),
        "forms": {
            "acknowledge": AcknowledgeForm(), "assign": AssignForm(), "note": NoteForm(),
            "status": StatusForm(intake=intake),
        },
    })


@staff_required
def intake_fhir(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    """The intake as a FHIR Bundle, for the client's chart; audited as an export."""
    intake = get_intake_for_user(request, intake_id, action=AuditEvent.Action.EXPORT)
    response = JsonResponse(intake_bundle(intake), content_type="application/fhir+json",
                            json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="intake-bundle.json"'
    return response


def _write(form_class: Callable[..., Any], write: Callable[..., Any]) -> Callable[..., Any]:
    """A POST that validates a form and calls one service; errors come back as messages,
    and the clinician lands on the intake page again either way."""

    @staff_required
    @require_POST
    def view(request: HttpRequest, intake_id: UUID) -> HttpResponse:
        intake = get_intake_for_user(request, intake_id)
        kwargs = {"intake": intake} if form_class is StatusForm else {}
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                write(request, intake, form)
            except services.ReviewError as refused:
                messages.error(request, str(refused))
        return redirect("review:intake", intake.pk)

    return view


acknowledge = _write(AcknowledgeForm, lambda request, intake, form: (
    services.acknowledgement_record(intake=intake, by=request.user,
                                    action_taken=form.cleaned_data["action_taken"],
                                    ip_address=client_ip(request))))

assign = _write(AssignForm, lambda request, intake, form: services.assignment_set(
    intake=intake, clinician=form.cleaned_data["clinician"], by=request.user,
    ip_address=client_ip(request)))

note = _write(NoteForm, lambda request, intake, form: services.note_add(
    intake=intake, author=request.user, body=form.cleaned_data["body"],
    ip_address=client_ip(request),
    corrects=Note.objects.filter(pk=form.cleaned_data["corrects"], intake=intake).first()
    if form.cleaned_data["corrects"] else None))

change_status = _write(StatusForm, lambda request, intake, form: services.status_change(
    intake=intake, move=form.move(), by=request.user, ip_address=client_ip(request)))
