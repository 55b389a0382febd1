"""What leaves the app for a clinic's own systems: the queue as CSV, one intake as a PDF
for the chart or as a FHIR Bundle. Each export is audited."""

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from clinic.selectors import clinic_profile
from intake.fhir import intake_bundle
from intake.models import Intake
from review.access import EXPORT_PERMISSION, permission_required
from review.decorators import intake_view
from review.forms import QueueFilterForm
from review.selectors import filtered_queue, intake_record


@permission_required(EXPORT_PERMISSION)
def queue_csv(request: HttpRequest) -> HttpResponse:
    """The filtered queue as CSV, for clinic admins; audited as an export."""
    form = QueueFilterForm.from_session(request.session)
    intakes = list(filtered_queue(form.cleaned_data if form.is_valid() else {}))
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT,
                 ip_address=client_ip(request),
                 detail={"what": "queue-csv", "rows": len(intakes)})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="intakes.csv"'
    writer = csv.writer(response)
    writer.writerow(["submitted", "first name", "last name", "email", "state", "status",
                     "tier", "urgent", "assigned to"])
    for intake in intakes:
        assignment = getattr(intake, "assignment", None)
        assessment = getattr(intake, "assessment", None)  # none yet for an urgent draft
        writer.writerow([
            timezone.localtime(intake.submitted_at).strftime("%Y-%m-%d %H:%M")
            if intake.submitted_at else "not sent yet",
            *(_csv_safe(v) for v in (intake.first_name, intake.last_name, intake.email)),
            intake.state, intake.status, assessment.base_tier if assessment else "",
            "yes" if intake.urgent else "no",
            _csv_safe(assignment.clinician.get_username()) if assignment else "",
        ])
    return response


def _csv_safe(value: str) -> str:
    """Text a client typed, defused for spreadsheets (no formula can start a cell)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@intake_view(action=AuditEvent.Action.EXPORT)
def intake_pdf(request: HttpRequest, intake: Intake) -> HttpResponse:
    """One intake as a PDF for the client's chart; audited as an export."""
    import weasyprint

    html = render_to_string("review/intake_pdf.html", {**intake_record(intake), "clinic":
                            clinic_profile(), "printed": timezone.localtime()},
                            request=request)
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="intake.pdf"'
    return response


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The PDF is built from our own HTML alone: it never loads anything from anywhere."""
    raise ValueError(f"not fetched: {url[:40]}")


@intake_view(action=AuditEvent.Action.EXPORT)
def intake_fhir(request: HttpRequest, intake: Intake) -> HttpResponse:
    """The intake as a FHIR Bundle, for the client's chart; audited as an export."""
    acknowledgement = getattr(intake, "acknowledgement", None)
    bundle = intake_bundle(intake, acknowledged_at=acknowledgement.at if acknowledgement
                           else None)
    response = JsonResponse(bundle, content_type="application/fhir+json",
                            json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="intake-bundle.json"'
    return response
