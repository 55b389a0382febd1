"""Staff read an intake by the questionnaires it asked: one the clinic had turned off when
it started is named as not asked (on the page, in the PDF and the CSV), never shown as
left blank or as a negative screen, and cannot be sent back to the client to answer."""

import csv
import io

import pytest
from django.urls import reverse

from clinic.models import ClinicProfile
from intake.fhir import intake_bundle
from review.forms import StatusForm
from tests import factories
from tests.review.test_exports import _pdf_pages

pytestmark = pytest.mark.django_db

NOTE = "Not asked in this application (turned off in the clinic's settings when it was started)"


@pytest.fixture
def without_gad7(db):
    ClinicProfile.objects.filter(pk=1).update(questionnaires_off=["gad-7"])
    intake = factories.submitted_intake(first_name="Noa", email="noa@example.org")
    ClinicProfile.objects.filter(pk=1).update(questionnaires_off=[])
    return intake


def test_the_intake_page_names_what_was_not_asked(client, clinician, without_gad7):
    factories.staff_login(client, clinician)
    html = client.get(reverse("review:intake", args=[without_gad7.pk])).content.decode()
    assert f"{NOTE}: Generalized Anxiety Disorder 7-item (GAD-7) scale." in html
    # Among the answers behind a reason: the score quoted as not asked, not as missing.
    assert "(GAD-7) scale — <strong>not asked in this application</strong>" in html
    full = factories.submitted_intake(email="all@example.org")
    html = client.get(reverse("review:intake", args=[full.pk])).content.decode()
    assert "Not asked in this application" not in html


def test_the_pdf_names_it_too(client, clinician, without_gad7):
    factories.staff_login(client, clinician)
    text = " ".join(_pdf_pages(client.get(reverse("review:intake-pdf",
                                                  args=[without_gad7.pk]))))
    assert f"{NOTE}: Generalized Anxiety Disorder 7-item (GAD-7) scale." in text


def test_the_csv_says_not_asked_where_the_intake_did_not_ask(client, clinic_admin,
                                                            without_gad7):
    factories.submitted_intake(first_name="Ada", email="ada@example.org")
    factories.staff_login(client, clinic_admin)
    response = client.get(reverse("review:queue-csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_name = {row["first name"]: row for row in rows}
    column = "Generalized Anxiety Disorder 7-item (GAD-7) scale: total"
    assert by_name["Noa"][column] == "not asked"
    assert by_name["Ada"][column] == "0"


def test_the_fhir_bundle_holds_no_answers_for_it(without_gad7):
    bundle = intake_bundle(without_gad7)
    asked = {entry["resource"]["questionnaire"].rsplit("/", 1)[-1].split("|")[0]
             for entry in bundle["entry"]
             if entry["resource"]["resourceType"] == "QuestionnaireResponse"}
    assert "gad-7" not in asked and "phq-9" in asked


def test_only_what_was_asked_can_be_sent_back_to_look_at_again(without_gad7):
    choices = [code for code, _title in StatusForm(intake=without_gad7).fields["revisit"]
               .choices]
    assert "gad-7" not in choices and "phq-9" in choices
