"""An intake as a FHIR Bundle, and `manage.py score` reading one back."""

import json

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.bundle import Bundle

from intake import services
from intake.fhir import intake_bundle
from intake.models import CandidacyAssessment, QuestionnaireResponse
from screening import battery
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db


def _resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_an_intake_exports_as_a_valid_bundle_with_a_patient(submitted_intake):
    bundle = intake_bundle(submitted_intake)
    Bundle.model_validate(bundle)
    patient = _resources(bundle, "Patient")[0]
    assert patient["name"][0] == {"use": "official", "family": "Silva", "given": ["Ana"]}
    responses = _resources(bundle, "QuestionnaireResponse")
    patient_url = bundle["entry"][0]["fullUrl"]
    assert all(r["subject"]["reference"] == patient_url for r in responses)
    assert {r["questionnaire"].split("/")[-1] for r in responses} >= {"phq-9|1", "pcl-5|1"}


def test_skipped_sections_are_stopped_and_not_asked_ones_left_out():
    answers = likely_answers({"pc-ptsd-5": {"102011-4": "LA32-8"}})
    del answers["ace"]  # not answered before the client skips it
    intake = factories.draft_intake(answers=answers)
    services.section_decline(intake=intake, section=battery.section_of("ace"))
    bundle = intake_bundle(intake)
    Bundle.model_validate(bundle)
    by_code = {r["questionnaire"].split("/")[-1].split("|")[0]: r
               for r in _resources(bundle, "QuestionnaireResponse")}
    assert "pcl-5" not in by_code  # not asked after "no" at the PC-PTSD-5 gate
    assert by_code["ace"]["status"] == "stopped" and "item" not in by_code["ace"]


def _write(tmp_path, data):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def _score(path, capsys):
    call_command("score", str(path))
    return json.loads(capsys.readouterr().out)


def test_score_reads_a_bundle_and_gives_scores_and_the_tier(submitted_intake, tmp_path, capsys):
    output = _score(_write(tmp_path, intake_bundle(submitted_intake)), capsys)
    pcl5 = next(r for r in output["responses"] if r["questionnaire"] == "pcl-5")
    assert (pcl5["version"], pcl5["total"], pcl5["positive"]) == ("1", 40, True)
    assert pcl5["subscales"] == {"B": 10, "C": 4, "D": 14, "E": 12}
    assert output["assessment"]["tier"] == submitted_intake.assessment.tier == "likely"
    assert output["assessment"]["thresholds"]["pcl5_cutoff"] == 33


def test_score_of_one_response_gives_its_score_without_a_tier(
    submitted_intake, tmp_path, capsys
):
    bundle = intake_bundle(submitted_intake)
    phq9 = next(r for r in _resources(bundle, "QuestionnaireResponse")
                if "phq-9" in r["questionnaire"])
    output = _score(_write(tmp_path, phq9), capsys)
    assert output["responses"][0]["questionnaire"] == "phq-9"
    assert output["responses"][0]["total"] == 0
    assert output["assessment"] is None
    assert "candidacy" in output["missing_for_assessment"]
    # No ASQ in it: whatever else is missing, that alone is urgent.
    assert output["safety"]["urgent"] is True
    unanswered = next(r for r in output["safety"]["reasons"]
                      if r["code"] == "safety-unanswered")
    assert unanswered["finding"] == "met"


def test_score_of_a_whole_bundle_reads_its_safety_answers(submitted_intake, tmp_path, capsys):
    output = _score(_write(tmp_path, intake_bundle(submitted_intake)), capsys)
    assert output["safety"]["urgent"] is False
    assert {r["code"] for r in output["safety"]["reasons"]} == {
        "safety-unanswered", "phq9-item9", "asq-positive", "asq-acute"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ({"resourceType": "Patient"}, "Expected a QuestionnaireResponse or a Bundle"),
        ({"resourceType": "Bundle", "type": "collection", "entry": []}, "no QuestionnaireRes"),
        ({"resourceType": "QuestionnaireResponse", "status": "completed",
          "questionnaire": "https://example.com/Questionnaire/x|1"}, "Unknown questionnaire"),
    ],
)
def test_score_refuses_bad_input_with_exit_status_2(tmp_path, content, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("score", str(_write(tmp_path, content)))
    assert raised.value.returncode == 2


def test_score_names_the_item_with_an_answer_outside_its_options_and_writes_nothing(
    submitted_intake, tmp_path
):
    bundle = intake_bundle(submitted_intake)
    gad7 = next(r for r in _resources(bundle, "QuestionnaireResponse")
                if "gad-7" in r["questionnaire"])
    gad7["item"][1]["answer"][0]["valueCoding"]["code"] = "LA0000-0"
    before = (QuestionnaireResponse.objects.count(), CandidacyAssessment.objects.count())
    with pytest.raises(CommandError, match="gad-7, item 68509-9") as raised:
        call_command("score", str(_write(tmp_path, bundle)))
    assert raised.value.returncode == 2
    assert (QuestionnaireResponse.objects.count(), CandidacyAssessment.objects.count()) \
        == before


def test_export_questionnaires_writes_one_file_per_definition_and_version(tmp_path):
    from screening import definitions

    call_command("export_questionnaires", str(tmp_path / "out"))
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(files) == len(definitions.REGISTRY)
    assert "candidacy-v1.json" in files and "candidacy-v2.json" in files
    phq9 = json.loads((tmp_path / "out" / "phq-9-v1.json").read_text())
    assert phq9["resourceType"] == "Questionnaire" and phq9["version"] == "1"


def test_the_emergency_contact_is_the_patients_contact():
    intake = factories.draft_intake()
    services.intake_save_contact(intake=intake, emergency_contact_name="Rosa Silva",
                                 emergency_contact_phone="555-0199",
                                 emergency_contact_relationship="sister")
    bundle = intake_bundle(intake)
    Bundle.model_validate(bundle)
    contact = _resources(bundle, "Patient")[0]["contact"]
    assert contact == [{
        "relationship": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "C",
            "display": "Emergency Contact"}], "text": "sister"}],
        "name": {"text": "Rosa Silva"},
        "telecom": [{"system": "phone", "value": "555-0199"}],
    }]
    assert "contact" not in _resources(intake_bundle(factories.draft_intake(
        email="other@example.org")), "Patient")[0]


def _only(bundle, *codes):
    """The Bundle with only the responses to these questionnaires."""
    return {**bundle, "entry": [e for e in bundle["entry"]
                                if e["resource"]["resourceType"] != "QuestionnaireResponse"
                                or any(f"/{c}|" in e["resource"]["questionnaire"]
                                       for c in codes)]}


def test_score_scores_a_pcl5_sent_without_a_pc_ptsd_5(submitted_intake, tmp_path, capsys):
    output = _score(_write(tmp_path, _only(intake_bundle(submitted_intake), "pcl-5")), capsys)
    pcl5 = next(r for r in output["responses"] if r["questionnaire"] == "pcl-5")
    assert (pcl5["total"], pcl5["positive"]) == (40, True)


def test_score_refuses_a_pcl5_the_bundles_own_answers_leave_out(submitted_intake, tmp_path):
    bundle = _only(intake_bundle(submitted_intake), "pc-ptsd-5", "pcl-5")
    gate = next(r for r in _resources(bundle, "QuestionnaireResponse")
                if "pc-ptsd-5" in r["questionnaire"])
    gate["item"] = [{"linkId": "102011-4", "answer": [{"valueCoding": {
        "system": "http://loinc.org", "code": "LA32-8", "display": "No"}}]}]
    with pytest.raises(CommandError, match="pcl-5 is answered, but the pc-ptsd-5") as raised:
        call_command("score", str(_write(tmp_path, bundle)))
    assert raised.value.returncode == 2


def test_score_refuses_audit_c_answers_after_never(tmp_path):
    never = {"valueCoding": {"system": "http://loinc.org", "code": "LA6270-8",
                             "display": "Never"}}
    two = {"valueCoding": {"system": "http://loinc.org", "code": "LA15695-2",
                           "display": "3 or 4"}}
    response = {"resourceType": "QuestionnaireResponse", "status": "completed",
                "questionnaire": "https://kapclinic.example.org/fhir/Questionnaire/audit-c|1",
                "item": [{"linkId": "68518-0", "answer": [never]},
                         {"linkId": "68519-8", "answer": [two]}]}
    with pytest.raises(CommandError, match="audit-c, item 68519-8: answered, but the "
                                           "answer to 68518-0 means it is not asked") as raised:
        call_command("score", str(_write(tmp_path, response)))
    assert raised.value.returncode == 2


def test_the_audit_c_form_cannot_store_answers_after_never():
    from screening import definitions
    from screening.forms import form_class_for

    form = form_class_for(definitions.get("audit-c"))(
        {"68518-0": "LA6270-8", "68519-8": "LA15695-2", "68520-6": "LA18933-4"})
    assert form.is_valid(), form.errors
    assert form.answers() == {"68518-0": "LA6270-8"}
    assert set(form.not_asked()) == {"68519-8", "68520-6"}
