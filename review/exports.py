"""What leaves the app for a clinic's own systems: the queue as CSV, one intake as a PDF
for the chart or as a FHIR Bundle. Each export is audited. Everything in them reads as
words (statuses, reasons, tiers, findings), never as the codes the app keeps."""

import csv
import re
from datetime import date
from typing import Any
from urllib.parse import quote

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record, client_ip
from care.fhir import check_in_entries
from care.selectors import course_record, current_course
from clinic.selectors import clinic_profile
from intake import workflow
from intake.fhir import intake_bundle
from intake.models import Intake
from review.access import EXPORT_PERMISSION, permission_required
from review.decorators import intake_view
from review.forms import QueueFilterForm
from review.progress import course_charts
from review.selectors import filtered_queue, intake_record
from review.words import flags_met, staff_name
from screening import battery, definitions, words

# Every questionnaire of the battery that has a score, in the battery's order.
SCORED_CODES = tuple(code for code in battery.QUESTIONNAIRE_CODES
                     if definitions.get(code).scorer is not None)


def _flags(assessment: Any) -> str:
    """The flags that hold (safety, rule-out, review), in words, for one CSV cell."""
    if assessment is None:
        return ""
    return "; ".join(flags_met(assessment.reasons, kinds=words.FLAG_KINDS))


def _attachment(intake: Intake, day: date, extension: str) -> str:
    """A Content-Disposition naming the file after the client and the day: an ASCII name
    for every client, and the accented one (RFC 5987) for those that read it."""
    def stem(allow_unicode: bool) -> str:
        parts = ["intake", slugify(intake.last_name, allow_unicode=allow_unicode),
                 slugify(intake.first_name, allow_unicode=allow_unicode), day.isoformat()]
        return "-".join(part for part in parts if part)

    return (f'attachment; filename="{stem(False)}.{extension}"; '
            f"filename*=UTF-8''{quote(f'{stem(True)}.{extension}')}")


@permission_required(EXPORT_PERMISSION)
def queue_csv(request: HttpRequest) -> HttpResponse:
    """The filtered queue as CSV, for clinic admins; audited as an export. A fixed number
    of queries however many rows: the latest decisions come in one prefetch."""
    form = QueueFilterForm.from_session(request.session)
    status_change = Intake.status_changes.rel.related_model  # wherever the model lives
    decisions = Prefetch("status_changes", to_attr="decisions_newest_first",
                         queryset=status_change.objects.filter(
                             to_status__in=workflow.DECISIONS).order_by("-at", "-id"))
    intakes = list(filtered_queue(form.cleaned_data if form.is_valid() else {})
                   .prefetch_related(decisions))
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT,
                 ip_address=client_ip(request),
                 detail={"what": "queue-csv", "rows": len(intakes)})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="intakes-{timezone.localdate().isoformat()}.csv"')
    writer = csv.writer(response)
    # Titles as the PDF and the pages show them: an official translation where one exists.
    scored = [definitions.get(code).localized(get_language()) for code in SCORED_CODES]
    writer.writerow([
        _("submitted"), _("sent again"), _("first name"), _("last name"), _("email"),
        _("state"), _("status"),
        _("screening"), _("urgent"), _("assigned to"),
        *(_("%(questionnaire)s: total") % {"questionnaire": q.title} for q in scored),
        _("flags"), _("latest decision"), _("decision reason"), _("decision date"),
    ])
    for intake in intakes:
        assignment = getattr(intake, "assignment", None)
        assessment = intake.assessment  # none yet for an urgent draft
        scores = assessment.scores if assessment else {}
        decision = next(iter(intake.decisions_newest_first), None)
        row = [
            timezone.localtime(intake.submitted_at).strftime("%Y-%m-%d %H:%M")
            if intake.submitted_at else _("not sent yet"),
            timezone.localtime(intake.resubmitted_at).strftime("%Y-%m-%d %H:%M")
            if intake.resubmitted_at else "",
            intake.first_name, intake.last_name, intake.email, intake.get_state_display(),
            intake.get_status_display(),
            assessment.get_base_tier_display() if assessment else "",
            _("yes") if intake.urgent else _("no"),
            staff_name(assignment.clinician) if assignment else "",
            *(_total(scores.get(q.code)) if q.code in intake.questionnaires_asked
              else _("not asked") for q in scored),
            _flags(assessment),
            workflow.status_label(decision.to_status) if decision else "",
            workflow.reason_label(decision.reason_code) if decision else "",
            timezone.localtime(decision.at).strftime("%Y-%m-%d") if decision else "",
        ]
        writer.writerow([_csv_safe(str(value)) for value in row])
    return response


def _total(score: dict[str, Any] | None) -> str:
    """A score's total for its cell: blank when branching passed it by (or it was skipped),
    words when it cannot be scored. One the intake left out altogether says "not asked"."""
    if score is None:
        return ""
    return str(score["total"]) if score.get("total") is not None else _("not scored")


def _csv_safe(value: str) -> str:
    """Text a client typed, defused for spreadsheets (no formula can start a cell)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


_COUNTER = re.compile(r"%\((page|pages)\)s")


def _css_escaped(text: str) -> str:
    """Text for inside a CSS string: every character but ASCII letters, digits and spaces as
    a hex escape, so no quote, backslash or "</style>" can end it (nor does HTML escaping
    change it)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):06x}"
                   for c in text)


def page_counter_parts() -> list[tuple[str, str]]:
    """ "Page 2 of 5" in the active language, as the pieces of a CSS `content` value:
    ("text", escaped literal) or ("counter", "page" / "pages"), in the translation's order."""
    pieces = _COUNTER.split(_("Page %(page)s of %(pages)s"))
    return [("counter", piece) if index % 2 else ("text", _css_escaped(piece))
            for index, piece in enumerate(pieces) if piece]


@intake_view(action=AuditEvent.Action.EXPORT)
def intake_pdf(request: HttpRequest, intake: Intake) -> HttpResponse:
    """One intake as a PDF for the client's chart; audited as an export. Every page carries
    the client's name, date of birth and "page n of m", so a loose page finds its chart."""
    import weasyprint

    record = intake_record(intake)
    printed = timezone.localtime()
    course = current_course(intake)
    care = course_record(course) if course else None
    html = render_to_string("review/intake_pdf.html", {
        **record,
        "course": course,
        "charts": course_charts(course.instruments, care.totals, [
            (s.on_date, s.label, s.cancelled_at is not None) for s in care.sessions])
        if care else [],
        "decisions": [change for change in record["status_changes"]
                      if change.to_status in workflow.DECISIONS],
        "acknowledgement": getattr(intake, "acknowledgement", None),
        "page_counter": page_counter_parts(),
        "clinic": clinic_profile(),
        "printed": printed,
    }, request=request)
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _attachment(intake, printed.date(), "pdf")
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
    bundle["entry"] += check_in_entries(intake, bundle["entry"][0]["fullUrl"])
    response = JsonResponse(bundle, content_type="application/fhir+json",
                            json_dumps_params={"indent": 2})
    response["Content-Disposition"] = _attachment(intake, timezone.localdate(), "json")
    return response
