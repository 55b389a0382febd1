"""A course of care's check-ins for the intake's FHIR Bundle: each questionnaire answered as
an R4 QuestionnaireResponse, and its total, where the instrument has a confirmed LOINC
code, as an Observation with the day it was answered and its recall window. Ids derive
from the course's, so exports are stable."""

from __future__ import annotations

import uuid
from typing import Any

from care.models import MeasureResponse
from intake.models import Intake
from screening import definitions
from screening.fhir import response_resource, score_observation


def check_in_entries(intake: Intake, patient_url: str) -> list[dict[str, Any]]:
    """Entries for every answered check-in of the intake's courses, oldest first."""
    entries: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    answered = (MeasureResponse.objects.filter(measure__course__intake=intake)
                .select_related("measure").order_by("answered_at", "id"))
    for response in answered:
        course_id = response.measure.course_id
        definition = definitions.get(response.questionnaire, response.version)
        response_id = uuid.uuid5(course_id, f"{response.measure_id}-{response.questionnaire}")
        url = f"urn:uuid:{response_id}"
        when = response.answered_at.isoformat()
        entries.append({"fullUrl": url, "resource": response_resource(
            definition, response.answers, resource_id=str(response_id), subject=patient_url,
            authored=when)})
        if response.score is None:
            continue
        observation_id = uuid.uuid5(course_id, f"{response.measure_id}-{response.questionnaire}"
                                               "-total")
        observation = score_observation(definition, response.score,
                                        resource_id=str(observation_id), subject=patient_url,
                                        effective=when, derived_from=url)
        if observation is None:
            continue
        if response.recall_days:
            observation["note"] = [{"text": f"Recall window: the past {response.recall_days} "
                                            "days."}]
        observations.append({"fullUrl": f"urn:uuid:{observation_id}", "resource": observation})
    return entries + observations
