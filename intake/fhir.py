"""One intake as a FHIR R4 Bundle: the client as a Patient; each questionnaire's answers as
a QuestionnaireResponse, and each confirmed-coded total as an Observation derived from it;
the urgent safety findings as Flags; the signed consent as a Consent."""

import base64
import uuid
from datetime import datetime
from typing import Any

from django.utils.translation import override

from intake import workflow
from intake.models import ConsentSignature, Intake
from screening import definitions
from screening.candidacy import TIER_LABELS, Tier
from screening.fhir import response_resource, score_observation
from screening.findings import Finding, Kind
from screening.schema import LOINC

FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"


def _urn(value: uuid.UUID) -> str:
    return f"urn:uuid:{value}"


def _emergency_contact(intake: Intake) -> dict[str, Any]:
    """Patient.contact, coded as an emergency contact (HL7 v2 table 0131, code C)."""
    relationship: dict[str, Any] = {"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "C",
        "display": "Emergency Contact"}]}
    if intake.emergency_contact_relationship:
        relationship["text"] = intake.emergency_contact_relationship
    contact: dict[str, Any] = {"relationship": [relationship]}
    if intake.emergency_contact_name:
        contact["name"] = {"text": intake.emergency_contact_name}
    if intake.emergency_contact_phone:
        contact["telecom"] = [{"system": "phone", "value": intake.emergency_contact_phone}]
    return contact


def _safety_flags(intake: Intake, patient_url: str, *,
                  acknowledged_at: datetime | None) -> list[dict[str, Any]]:
    """One Flag per urgent safety finding (suicide-risk screens, or safety questions left
    unanswered). Active while the case is open and no clinician has acknowledged it: that is
    when someone must act; afterwards inactive, its period saying from when to when."""
    if not intake.urgent:
        return []
    assessment = intake.assessment
    if assessment is not None:
        found = [(r["code"], r["text"]) for r in assessment.reasons
                 if r["kind"] == Kind.SAFETY and r["finding"] == Finding.MET]
    else:  # an urgent draft: not assessed yet, only the saved page's alarm
        with override("en"):
            text = str(TIER_LABELS[Tier.URGENT])
        found = [("urgent", f"{text} (acute)" if intake.urgent_acute else text)]
    active = acknowledged_at is None and intake.status not in workflow.CLOSED
    period = {"start": intake.urgent_since.isoformat()}
    if acknowledged_at is not None:
        period["end"] = acknowledged_at.isoformat()
    return [{
        "fullUrl": _urn(uuid.uuid5(intake.pk, f"flag-{code}")),
        "resource": {
            "resourceType": "Flag",
            "id": str(uuid.uuid5(intake.pk, f"flag-{code}")),
            "status": "active" if active else "inactive",
            "category": [{"coding": [{"system": FLAG_CATEGORY, "code": "clinical",
                                      "display": "Clinical"}]}],
            "code": {"text": text},
            "subject": {"reference": patient_url},
            "period": period,
        },
    } for code, text in found]


def _consent(intake: Intake, consent: ConsentSignature, patient_url: str) -> dict[str, Any]:
    """The signed consent. Its scope is privacy: the document agrees to the clinic using the
    answers to assess the application, and says it is no treatment decision and obliges to
    no treatment. The exact text signed travels with it, naming version and language."""
    document = consent.document
    named = f"{document.title}, version {document.version} ({document.language})"
    consent_id = uuid.uuid5(intake.pk, "consent")
    return {
        "fullUrl": _urn(consent_id),
        "resource": {
            "resourceType": "Consent",
            "id": str(consent_id),
            "status": "active",
            "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy",
                                  "display": "Privacy Consent"}]},
            "category": [{"coding": [{"system": LOINC, "code": "59284-0",
                                      "display": "Consent Document"}]}],
            "patient": {"reference": patient_url},
            "dateTime": consent.signed_at.isoformat(),
            "performer": [{"reference": patient_url}],
            "sourceAttachment": {
                "contentType": "text/plain; charset=utf-8",
                "language": document.language,
                "title": named,
                "data": base64.b64encode(document.body.encode()).decode("ascii"),
            },
            "policyRule": {"text": named},
        },
    }


def intake_bundle(intake: Intake, *, acknowledged_at: datetime | None = None) -> dict[str, Any]:
    """A "collection" Bundle; ids are derived from the intake's, so exports are stable.
    `acknowledged_at`: when a clinician acknowledged the urgent case, if one did (the review
    app knows); without it, an open urgent case's Flags are active, the safe side."""
    patient_url = _urn(intake.pk)
    patient: dict[str, Any] = {"resourceType": "Patient", "id": str(intake.pk)}
    name: dict[str, Any] = {"use": "official"}
    if intake.last_name:
        name["family"] = intake.last_name
    if intake.first_name:
        name["given"] = [intake.first_name]
    names = [name] if len(name) > 1 else []
    if intake.preferred_name:
        names.append({"use": "usual", "given": [intake.preferred_name]})
    if names:
        patient["name"] = names
    telecom = [{"system": "email", "value": intake.email}] if intake.email else []
    if intake.phone:
        telecom.append({"system": "phone", "value": intake.phone})
    if telecom:
        patient["telecom"] = telecom
    if intake.date_of_birth:
        patient["birthDate"] = intake.date_of_birth.isoformat()
    if intake.state:
        patient["address"] = [{"state": intake.state, "country": "US"}]
    if intake.emergency_contact_name or intake.emergency_contact_phone:
        patient["contact"] = [_emergency_contact(intake)]
    authored = (intake.submitted_at or intake.updated_at).isoformat()
    entries = [{"fullUrl": patient_url, "resource": patient}]
    observations = []
    assessment = intake.assessment  # none yet for an urgent draft
    for response in intake.responses.for_staff(intake):
        if not response.answers and not response.declined:
            continue  # a questionnaire branching passed by entirely was never put to them
        definition = definitions.get(response.questionnaire, response.version)
        response_id = uuid.uuid5(intake.pk, response.questionnaire)
        entries.append({
            "fullUrl": _urn(response_id),
            "resource": response_resource(
                definition,
                response.answers,
                resource_id=str(response_id),
                subject=patient_url,
                authored=authored,
                declined=response.declined,
            ),
        })
        # The score as assessed at submission; a draft's own page score before that.
        score = (assessment.scores.get(response.questionnaire) if assessment
                 else response.score if response.answers else None)
        if score is None:
            continue
        observation_id = uuid.uuid5(intake.pk, f"{response.questionnaire}-total")
        observation = score_observation(
            definition, score, resource_id=str(observation_id), subject=patient_url,
            effective=(response.submitted_at.isoformat() if response.submitted_at
                       else authored),
            derived_from=_urn(response_id))
        if observation is not None:
            observations.append({"fullUrl": _urn(observation_id), "resource": observation})
    entries += observations
    entries += _safety_flags(intake, patient_url, acknowledged_at=acknowledged_at)
    consent = getattr(intake, "consent", None)
    if consent is not None:
        entries.append(_consent(intake, consent, patient_url))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(intake.pk, "bundle")),
        "type": "collection",
        "timestamp": authored,
        "entry": entries,
    }
