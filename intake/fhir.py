"""One intake as a FHIR R4 Bundle: the client as a Patient and each questionnaire's answers
as a QuestionnaireResponse that refers to it."""

import uuid
from typing import Any

from intake.models import Intake
from screening import definitions
from screening.fhir import response_resource


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


def intake_bundle(intake: Intake) -> dict[str, Any]:
    """A "collection" Bundle; ids are derived from the intake's, so exports are stable."""
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
    for response in intake.responses.for_staff(intake):
        if not response.answers and not response.declined:
            continue  # a questionnaire branching passed by entirely was never put to them
        response_id = uuid.uuid5(intake.pk, response.questionnaire)
        entries.append({
            "fullUrl": _urn(response_id),
            "resource": response_resource(
                definitions.get(response.questionnaire, response.version),
                response.answers,
                resource_id=str(response_id),
                subject=patient_url,
                authored=authored,
                declined=response.declined,
            ),
        })
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(intake.pk, "bundle")),
        "type": "collection",
        "timestamp": authored,
        "entry": entries,
    }
