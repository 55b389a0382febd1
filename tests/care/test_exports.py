"""A course of care in the exports: each check-in in the FHIR Bundle as a
QuestionnaireResponse and an Observation with its day and recall window; the PDF carries
the progress charts with their numbers."""

import io
import json

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from care import services
from care.models import Measure, MeasureResponse
from screening.examples import likely_answers
from screening.fhir import read_response
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(course):
    measure = Measure.objects.get(course=course)
    for code in course.instruments:
        services.measure_answer(measure=measure, questionnaire=code,
                                answers=likely_answers()[code], not_asked=[])
    return course


def test_each_check_in_is_a_questionnaire_response_and_an_observation(client, clinician,
                                                                      answered):
    factories.staff_login(client, clinician)
    bundle = json.loads(client.get(reverse("review:intake-fhir",
                                           args=[answered.intake.pk])).content)
    resources = [e["resource"] for e in bundle["entry"]]
    patient = bundle["entry"][0]["fullUrl"]
    phq9 = MeasureResponse.objects.get(questionnaire="phq-9")
    times = {r.answered_at.isoformat() for r in MeasureResponse.objects.all()}
    responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"
                 and r["authored"] in times]
    assert len(responses) == 2 and all(r["subject"]["reference"] == patient
                                       for r in responses)
    definition, answers = read_response(responses[0])  # reads back as answered
    assert answers == likely_answers()[definition.code]
    total = [r for r in resources if r["resourceType"] == "Observation"
             and r.get("effectiveDateTime") == phq9.answered_at.isoformat()
             and "PHQ" in r["code"]["text"]]
    assert total[0]["valueInteger"] == phq9.total
    assert total[0]["note"] == [{"text": "Recall window: the past 14 days."}]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT,
                                     intake=answered.intake).exists()


def test_the_pdf_draws_the_progress_charts_with_their_numbers(client, clinician, answered):
    factories.staff_login(client, clinician)
    response = client.get(reverse("review:intake-pdf", args=[answered.intake.pk]))
    text = " ".join(" ".join(page.extract_text().split())
                    for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Course of care" in text
    pcl5 = MeasureResponse.objects.get(questionnaire="pcl-5")
    day = timezone.localtime(pcl5.answered_at).date().isoformat()
    assert "Smallest change that matters" in text
    assert f"{day} {pcl5.total}" in text  # the chart's table row
