"""The handover to the chart: the queue as CSV, one intake as a PDF and as a FHIR Bundle.
Who may export, that each export is audited, and that everything reads as words."""

import base64
import csv
import io
import uuid
from urllib.parse import quote

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import BaseModel

from audit.models import AuditEvent
from intake import workflow
from intake.fhir import intake_bundle
from intake.models import Intake
from review import exports, services
from screening import battery, definitions
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db
QUEUE = reverse("review:queue")
ASQ_YES = {"asq-1": "yes", "asq-5": "no"}


def _login(client, user):
    factories.staff_login(client, user)
    return client


def _decide(intake, by, target="approved", reason="indications-met", note="Discussed; fits."):
    services.status_change(intake=intake, move=workflow.Move("in-review"), by=by,
                           ip_address=None)
    return services.status_change(intake=intake, by=by, ip_address=None, move=workflow.Move(
        target, reason_code=reason, note=note))


# --- PDF ------------------------------------------------------------------------------

def _pdf_pages(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return [" ".join(page.extract_text().split())
            for page in pypdf.PdfReader(io.BytesIO(response.content)).pages]


@pytest.fixture
def decided(clinician):
    """A long record: every questionnaire answered, a decision, and notes."""
    intake = factories.submitted_intake(first_name="María José", last_name="García",
                                        email="maria@example.org")
    for n in range(4):
        services.note_add(intake=intake, author=clinician, ip_address=None,
                          body=f"Note {n}: " + "talked it through at length. " * 20)
    _decide(intake, clinician, note="Start in January; review the blood pressure first.")
    return intake


def test_every_page_of_the_pdf_names_the_client_and_says_page_n_of_m(client, clinician,
                                                                     decided):
    pages = _pdf_pages(_login(client, clinician).get(reverse("review:intake-pdf",
                                                             args=[decided.pk])))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "María José García" in text, number
        assert "Date of birth: 1988-03-14" in text, number
        assert f"Page {number} of {len(pages)}" in text, number
    last = pages[-1]
    assert "María José García" in last and f"Page {len(pages)} of {len(pages)}" in last


def test_the_pdf_gives_the_decision_and_the_status_history_in_words(client, clinician,
                                                                    decided):
    text = " ".join(_pdf_pages(_login(client, clinician).get(
        reverse("review:intake-pdf", args=[decided.pk]))))
    assert "Approved for consultation" in text
    assert "Reason: Indications met, no contraindication" in text
    assert "Note: Start in January; review the blood pressure first." in text
    assert "Submitted → In review" in text  # the history, in words
    assert "In review → Approved for consultation" in text
    assert "Indication · Met" in text  # the reasons' kind and finding
    for code in ("in-review", "indications-met", "rule-out", "cannot-tell", "not-met"):
        assert code not in text
    assert "Emergency contact" in text and "maria@example.org" in text
    assert "Confidential health information" in text
    assert "Patient Health Questionnaire-9 (PHQ-9)" in text  # scores and every answer
    assert "Little interest or pleasure in doing things" in text
    assert AuditEvent.objects.filter(intake=decided, action="export").count() == 1


def test_the_pdf_history_is_in_time_order_and_names_the_client_for_their_own_moves(
    client, clinician, decided
):
    text = " ".join(_pdf_pages(_login(client, clinician).get(
        reverse("review:intake-pdf", args=[decided.pk]))))
    sent, review, approved = (text.index(words) for words in (
        "The client Sent the application", "Submitted → In review",
        "In review → Approved for consultation"))
    assert sent < review < approved


def test_the_pdf_file_is_named_after_the_client_and_the_day(client, clinician, decided):
    response = _login(client, clinician).get(reverse("review:intake-pdf", args=[decided.pk]))
    day = timezone.localdate().isoformat()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="intake-garcia-maria-jose-{day}.pdf"' in disposition
    assert f"filename*=UTF-8''{quote(f'intake-garcía-maría-josé-{day}.pdf')}" in disposition


def test_the_pdf_gives_the_urgent_acknowledgement_who_when_and_what(client, clinician):
    intake = factories.submitted_intake(answers=likely_answers({"asq": ASQ_YES}))
    url = reverse("review:intake-pdf", args=[intake.pk])
    text = " ".join(_pdf_pages(_login(client, clinician).get(url)))
    assert "Urgent safety follow-up" in text and "Not acknowledged yet." in text
    services.acknowledgement_record(intake=intake, by=clinician, ip_address=None,
                                    action_taken="Called her; safety plan agreed.")
    text = " ".join(_pdf_pages(client.get(url)))
    assert f"Acknowledged by {clinician.get_username()}" in text
    assert "What was done: Called her; safety plan agreed." in text
    assert "Not acknowledged yet." not in text


def test_a_name_with_quotes_and_markup_stays_text_in_the_page_header(client, clinician):
    intake = factories.submitted_intake()
    Intake.objects.filter(pk=intake.pk).update(first_name='Zoë "</style><b>')
    pages = _pdf_pages(_login(client, clinician).get(reverse("review:intake-pdf",
                                                             args=[intake.pk])))
    assert all('Zoë "</style><b> Silva' in text for text in pages)


def test_the_page_counter_is_escaped_for_css_whatever_the_translation(monkeypatch):
    monkeypatch.setattr(exports, "_", lambda text: 'S. %(page)s "von" </style> %(pages)s')
    parts = exports.page_counter_parts()
    assert [kind for kind, _ in parts] == ["text", "counter", "text", "counter"]
    assert parts[1] == ("counter", "page") and parts[3] == ("counter", "pages")
    for _kind, value in parts:
        assert not set(value) & set("\"'<>&;{}"), value
    assert parts[2][1] == " \\000022von\\000022 \\00003c\\00002fstyle\\00003e "


def test_the_page_counter_follows_the_language():
    with translation.override("es"):
        parts = exports.page_counter_parts()
    assert parts[0] == ("text", "P\\0000e1gina ") and ("text", " de ") in parts


def test_the_pdf_is_built_without_fetching_anything():
    with pytest.raises(ValueError, match="not fetched"):
        exports._no_fetching("https://example.org/font.woff")


def test_the_pdf_export_needs_a_staff_role(client, plain_user, submitted_intake):
    url = reverse("review:intake-pdf", args=[submitted_intake.pk])
    assert client.get(url).status_code == 302
    assert _login(client, plain_user).get(url).status_code == 302
    assert not AuditEvent.objects.filter(intake__isnull=False).exists()


# --- FHIR -----------------------------------------------------------------------------

def _check_codes(model):
    """Every coded element with a fixed list of values (statuses above all) holds one of
    them: the library leaves that to its users."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        allowed = (field.json_schema_extra or {}).get("enum_values")
        if allowed and value is not None:
            assert value in allowed, f"{type(model).__name__}.{name}: {value!r}"
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, BaseModel):
                _check_codes(child)


def _validated(bundle):
    """The Bundle checked against the R4 models (fhir.resources' R4B, which leaves these
    resources as in R4): each entry by its own resource type, its codes, and every
    reference pointing at an entry of the Bundle."""
    Bundle.model_validate(bundle)
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        _check_codes(get_fhir_model_class(resource["resourceType"]).model_validate(resource))
        for key in ("subject", "patient"):
            if key in resource:
                assert resource[key]["reference"] in urls, (resource["resourceType"], key)
        for reference in resource.get("derivedFrom", []) + resource.get("performer", []):
            assert reference["reference"] in urls
    return bundle


def _resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _fhir(client, user, intake):
    response = _login(client, user).get(reverse("review:intake-fhir", args=[intake.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    return _validated(response.json())


def test_the_validation_catches_a_malformed_resource(submitted_intake):
    bundle = _validated(intake_bundle(submitted_intake))
    observation = _resources(bundle, "Observation")[0]
    observation["status"] = "done"  # not an Observation status
    with pytest.raises(AssertionError, match="Observation.status"):
        _validated(bundle)
    observation["status"] = "final"
    del observation["code"]
    with pytest.raises(ValueError, match="code"):
        _validated(bundle)
    observation["code"] = {"text": "x"}
    observation["valueInteger"] = "many"
    with pytest.raises(ValueError, match="valueInteger"):
        _validated(bundle)


def test_each_confirmed_total_is_an_observation_coded_from_its_definition(
    client, clinician, submitted_intake
):
    bundle = _fhir(client, clinician, submitted_intake)
    observations = {o["code"]["coding"][0]["code"]: o for o in _resources(bundle, "Observation")}
    # PC-PTSD-5's total code (102017-1) is not confirmed (CLINICAL.md): left out.
    assert set(observations) == {"44261-6", "70274-6", "75626-2", "101698-9"}
    confirmed = {d.code: d.loinc_total for d in definitions.CURRENT.values()
                 if d.loinc_total_confirmed}
    assert set(observations) == set(confirmed.values())
    scores = submitted_intake.assessment.scores
    responses = {r["questionnaire"].split("/")[-1].split("|")[0]: e["fullUrl"]
                 for e in bundle["entry"] if (r := e["resource"])["resourceType"]
                 == "QuestionnaireResponse"}
    patient_url = bundle["entry"][0]["fullUrl"]
    sent_at = {r.questionnaire: r.submitted_at.isoformat()
               for r in submitted_intake.responses.all()}
    for code, loinc in confirmed.items():
        observation = observations[loinc]
        assert observation["status"] == "final"
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        assert observation["subject"] == {"reference": patient_url}
        assert observation["valueInteger"] == scores[code]["total"]
        assert observation["derivedFrom"] == [{"reference": responses[code]}]
        assert observation["effectiveDateTime"] == sent_at[code]
        assert observation["code"]["coding"][0]["system"] == "http://loinc.org"
    assert observations["44261-6"]["interpretation"] == [{"text": scores["phq-9"]["band"]}]
    assert "interpretation" not in observations["75626-2"]  # AUDIT-C has no bands


def test_a_total_that_cannot_be_scored_is_sent_as_absent_never_as_zero():
    answers = likely_answers()
    del answers["phq-9"]["44250-9"]
    intake = factories.submitted_intake(answers=answers)
    assert intake.assessment.scores["phq-9"]["total"] is None
    bundle = _validated(intake_bundle(intake))
    phq9 = next(o for o in _resources(bundle, "Observation")
                if o["code"]["coding"][0]["code"] == "44261-6")
    assert "valueInteger" not in phq9
    assert phq9["dataAbsentReason"]["coding"][0]["code"] == "unknown"


def test_urgent_findings_are_flags_active_until_acknowledged(client, clinician):
    intake = factories.submitted_intake(answers=likely_answers({"asq": ASQ_YES}))
    flags = _resources(_fhir(client, clinician, intake), "Flag")
    assert {f["code"]["text"] for f in flags} == {
        r["text"] for r in intake.assessment.reasons
        if r["kind"] == "safety" and r["finding"] == "met"}
    assert any(text.startswith("ASQ positive") for text in (f["code"]["text"] for f in flags))
    assert {f["status"] for f in flags} == {"active"}
    assert all(f["period"] == {"start": intake.urgent_since.isoformat()} for f in flags)
    acknowledgement = services.acknowledgement_record(
        intake=intake, by=clinician, action_taken="Called.", ip_address=None)
    flags = _resources(_fhir(client, clinician, intake), "Flag")
    assert {f["status"] for f in flags} == {"inactive"}
    assert all(f["period"]["end"] == acknowledgement.at.isoformat() for f in flags)


def test_a_closed_urgent_case_has_inactive_flags_and_a_routine_one_none(client, clinician):
    intake = factories.submitted_intake(answers=likely_answers({"asq": ASQ_YES}))
    Intake.objects.filter(pk=intake.pk).update(status="withdrawn")
    intake.refresh_from_db()
    assert {f["status"] for f in _resources(intake_bundle(intake), "Flag")} == {"inactive"}
    assert _resources(_validated(intake_bundle(factories.submitted_intake(
        email="routine@example.org"))), "Flag") == []


def test_an_urgent_draft_has_one_flag_and_no_assessment_yet():
    draft = factories.draft_intake(answers=likely_answers({"asq": ASQ_YES}))
    draft.refresh_from_db()
    assert draft.urgent and draft.assessment is None
    flags = _resources(_validated(intake_bundle(draft)), "Flag")
    assert [f["code"]["text"] for f in flags] == ["Urgent safety follow-up"]


def test_the_signed_consent_is_a_consent_with_the_text_signed(submitted_intake):
    bundle = _validated(intake_bundle(submitted_intake))
    [consent] = _resources(bundle, "Consent")
    signature = submitted_intake.consent
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
    assert consent["category"][0]["coding"][0] == {
        "system": "http://loinc.org", "code": "59284-0", "display": "Consent Document"}
    assert consent["patient"] == {"reference": bundle["entry"][0]["fullUrl"]}
    assert consent["dateTime"] == signature.signed_at.isoformat()
    document = signature.document
    attachment = consent["sourceAttachment"]
    assert base64.b64decode(attachment["data"]).decode() == document.body
    assert attachment["language"] == document.language
    assert f"version {document.version} ({document.language})" in attachment["title"]
    assert consent["policyRule"]["text"] == attachment["title"]


def test_ids_are_stable_from_one_export_to_the_next(submitted_intake):
    first, second = intake_bundle(submitted_intake), intake_bundle(submitted_intake)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert all(uuid.UUID(e["fullUrl"].removeprefix("urn:uuid:")) for e in first["entry"])


def test_the_fhir_export_is_a_download_and_is_audited_as_an_export(
    client, clinician, submitted_intake
):
    url = reverse("review:intake-fhir", args=[submitted_intake.pk])
    response = _login(client, clinician).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["resourceType"] == "Bundle"
    assert AuditEvent.objects.get(intake__isnull=False).action == "export"


def test_the_fhir_export_needs_a_staff_role(client, plain_user, submitted_intake):
    url = reverse("review:intake-fhir", args=[submitted_intake.pk])
    assert client.get(url).status_code == 302
    assert _login(client, plain_user).get(url).status_code == 302
    assert not AuditEvent.objects.filter(intake__isnull=False).exists()


# --- CSV ------------------------------------------------------------------------------

def _csv(client):
    response = client.get(reverse("review:queue-csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], rows[0]


def test_the_csv_has_every_score_the_flags_and_the_latest_decision_in_words(
    client, clinic_admin, clinician, three
):
    likely, heart, urgent = three
    _decide(likely, clinician, target="referred", reason="other-therapy", note="EMDR.")
    rows, header = _csv(_login(client, clinic_admin))
    scored = [code for code in battery.QUESTIONNAIRE_CODES
              if definitions.get(code).scorer is not None]
    assert {"pc-ptsd-5", "pcl-5", "phq-9", "gad-7", "audit-c", "asq", "ace"} <= set(scored)
    totals = [f"{definitions.get(code).title}: total" for code in scored]
    assert [h for h in header if h.endswith(": total")] == totals
    assert header[:4] == ["submitted", "sent again", "first name", "last name"]
    client.post(QUEUE, {"status": "all"})
    by_name = {row["first name"]: row for row in _csv(client)[0]}
    lia, hal, uma = by_name["Lia"], by_name["Hal"], by_name["Uma"]
    for code in scored:
        total = likely.assessment.scores[code]["total"]
        assert lia[f"{definitions.get(code).title}: total"] == ("" if total is None
                                                              else str(total))
    assert uma["PTSD Checklist for DSM-5 (PCL-5): total"] == "80"
    assert lia["status"] == "Referred elsewhere" and lia["state"] == "California"
    assert lia["latest decision"] == "Referred elsewhere"
    assert lia["decision reason"] == "Another therapy fits better"
    assert lia["decision date"] == timezone.localdate().isoformat()
    assert hal["latest decision"] == "" and hal["status"] == "Submitted"
    assert lia["screening"] == "Likely candidate" and hal["screening"] == (
        "Possible candidate, needs review")
    assert "Heart disease (angina, arrhythmia, heart failure or past heart attack)." in (
        hal["flags"].split("; "))
    assert uma["flags"].startswith("PHQ-9 item 9 above 0") and uma["urgent"] == "yes"
    codes = {"referred", "other-therapy", "likely", "possible", "submitted", "CA",
             "heart-disease", "phq9-item9"}
    assert not codes & {cell for row in (lia, hal, uma) for cell in row.values()}


def test_clinic_admins_export_the_filtered_queue_as_csv(client, clinic_admin, three):
    likely, *_ = three
    Intake.objects.filter(pk=likely.pk).update(first_name="=HYPERLINK(1)",
                                               last_name="@SUM(A1)", email="+1@x.org")
    _login(client, clinic_admin).post(QUEUE, {"flag": "urgent"})
    rows, _header = _csv(client)
    assert [r["first name"] for r in rows] == ["Uma"]
    client.post(QUEUE, {"action": "clear"})
    row = next(r for r in _csv(client)[0] if r["first name"].startswith("'"))
    # No formula runs in a spreadsheet.
    assert (row["first name"], row["last name"], row["email"]) == (
        "'=HYPERLINK(1)", "'@SUM(A1)", "'+1@x.org")
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_the_csv_speaks_the_staff_members_language(client, clinic_admin, three):
    _login(client, clinic_admin)
    client.cookies["django_language"] = "es"
    rows, header = _csv(client)
    assert header[:7] == ["enviada", "enviada de nuevo", "nombre", "apellidos",
                          "correo electrónico", "estado de residencia", "situación"]
    assert "Cuestionario sobre la salud del paciente-9 (PHQ-9): puntuación total" in header
    assert {row["situación"] for row in rows} == {"Enviada"}
    assert {row["urgente"] for row in rows} == {"sí", "no"}
    # The flags too: their labels, not the English sentence stored with the assessment.
    assert any(row["alertas"].startswith("Enfermedad cardiaca") for row in rows)


def test_the_csv_takes_the_same_queries_for_three_intakes_as_for_eight(
    client, clinic_admin, clinician, three, django_assert_num_queries
):
    _login(client, clinic_admin).post(QUEUE, {"status": "all"})
    for intake in three[:2]:
        _decide(intake, clinician)
    # Session, user, second step, permissions (1), the people the assignee filter may
    # name, the intakes, their decisions; the audit row (lock, chain head, insert: 3).
    # The session is not written (renewed once a minute).
    with django_assert_num_queries(10) as captured:
        rows, _header = _csv(client)
    assert len(rows) == 3
    assert sum("statuschange" in q["sql"] for q in captured.captured_queries) == 1
    for n in range(5):
        intake = factories.submitted_intake(first_name=f"P{n}", email=f"p{n}@example.org")
        _decide(intake, clinician, target="not-suitable", reason="client-choice")
    with django_assert_num_queries(10):
        rows, _header = _csv(client)
    assert len(rows) == 8
    assert {r["latest decision"] for r in rows} == {"Approved for consultation",
                                                   "Not suitable at this time", ""}


def test_clinicians_cannot_export_the_queue(client, clinician, three):
    _login(client, clinician)
    response = client.get(reverse("review:queue-csv"))
    assert response.status_code == 403  # logged in, but not their role: said so plainly
    assert b"Download these intakes as CSV" not in client.get(QUEUE).content



def test_the_bundle_and_the_csv_are_named_for_what_they_hold(client, clinic_admin, decided):
    _login(client, clinic_admin)
    day = timezone.localdate().isoformat()
    bundle = client.get(reverse("review:intake-fhir", args=[decided.pk]))
    assert f'filename="intake-garcia-maria-jose-{day}.json"' in bundle["Content-Disposition"]
    csv_file = client.get(reverse("review:queue-csv"))
    assert csv_file["Content-Disposition"] == f'attachment; filename="intakes-{day}.csv"'


def test_the_csv_says_when_a_case_was_sent_again(client, clinic_admin, clinician, three):
    from intake import services as intake_services

    likely = three[0]
    services.status_change(intake=likely, by=clinician, ip_address=None, move=workflow.Move(
        "needs-info", revisit=("medications",), message="More, please."))
    likely.refresh_from_db()
    intake_services.response_save(intake=likely, questionnaire="medications",
                                  answers=likely_answers()["medications"])
    intake_services.intake_submit(intake_id=likely.pk)
    likely.refresh_from_db()
    rows, _header = _csv(_login(client, clinic_admin))
    sent_again = {row["first name"]: row["sent again"] for row in rows}
    assert sent_again[likely.first_name] == timezone.localtime(
        likely.resubmitted_at).strftime("%Y-%m-%d %H:%M")
    assert sum(1 for value in sent_again.values() if value) == 1
