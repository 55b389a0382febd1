from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from intake.fhir import intake_bundle
from review.access import get_intake_for_user, staff_required
from review.models import AuditEvent
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
    })


@staff_required
def intake_fhir(request: HttpRequest, intake_id: UUID) -> HttpResponse:
    """The intake as a FHIR Bundle, for the client's chart; audited as an export."""
    intake = get_intake_for_user(request, intake_id, action=AuditEvent.Action.EXPORT)
    response = JsonResponse(intake_bundle(intake), content_type="application/fhir+json",
                            json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="intake-bundle.json"'
    return response
