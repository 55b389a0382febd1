"""Definitions as FHIR R4 Questionnaires, and responses read back from FHIR."""

import pytest
from fhir.resources.R4B.observation import Observation as FhirObservation
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse as FhirQuestionnaireResponse,
)

from screening import definitions
from screening.examples import answers_for, likely_answers
from screening.fhir import (
    ORDINAL_VALUE,
    FhirInputError,
    canonical,
    questionnaire_resource,
    read_response,
    response_resource,
    score_observation,
    total_loinc,
)
from screening.scoring import score


@pytest.mark.parametrize("key", sorted(definitions.REGISTRY), ids="-v".join)
def test_every_definition_is_a_valid_r4_questionnaire(key):
    questionnaire = definitions.get(*key)
    resource = questionnaire_resource(questionnaire)
    FhirQuestionnaire.model_validate(resource)
    assert resource["url"] == questionnaire.url
    assert resource["version"] == questionnaire.version
    assert [i["linkId"] for i in resource["item"]] == [i.link_id for i in questionnaire.items]


def test_only_totals_whose_loinc_code_was_confirmed_are_sent_as_observations():
    confirmed = {code: total_loinc(definitions.get(code)) for code in definitions.CURRENT}
    assert {code: loinc for code, loinc in confirmed.items() if loinc} == {
        "phq-9": "44261-6", "gad-7": "70274-6", "audit-c": "75626-2", "pcl-5": "101698-9"}
    pc_ptsd_5 = definitions.get("pc-ptsd-5")  # CLINICAL.md: 102017-1 still to be checked
    assert pc_ptsd_5.loinc_total == "102017-1" and total_loinc(pc_ptsd_5) is None
    answers = likely_answers()["pc-ptsd-5"]
    assert score_observation(pc_ptsd_5, score(pc_ptsd_5, answers).as_dict(), resource_id="x",
                             subject="urn:uuid:p", effective="2026-12-01",
                             derived_from="urn:uuid:r") is None


def test_a_total_is_a_valid_survey_observation_and_a_missing_one_is_absent():
    phq9 = definitions.get("phq-9")
    answers = likely_answers()["phq-9"]
    kwargs = {"resource_id": "o", "subject": "urn:uuid:p", "effective": "2026-12-01T10:00:00+00:00",
              "derived_from": "urn:uuid:r"}
    scored = score(phq9, answers).as_dict()
    resource = score_observation(phq9, scored, **kwargs)
    FhirObservation.model_validate(resource)
    assert resource["valueInteger"] == scored["total"] and "dataAbsentReason" not in resource
    assert resource["interpretation"] == [{"text": scored["band"]}]
    partial = {k: v for k, v in answers.items() if k != "44250-9"}
    resource = score_observation(phq9, score(phq9, partial).as_dict(), **kwargs)
    FhirObservation.model_validate(resource)
    assert "valueInteger" not in resource and "interpretation" not in resource
    assert resource["dataAbsentReason"]["coding"][0]["code"] == "unknown"


def test_phq9_carries_loinc_codes_and_scores_as_ordinal_values():
    resource = questionnaire_resource(definitions.get("phq-9"))
    assert resource["code"] == [{"system": "http://loinc.org", "code": "44249-1"}]
    item9 = next(i for i in resource["item"] if i["linkId"] == "44260-8")
    assert item9["code"][0]["code"] == "44260-8"
    nearly_every_day = item9["answerOption"][3]
    assert nearly_every_day["valueCoding"] == {
        "system": "http://loinc.org", "code": "LA6571-9", "display": "Nearly every day"}
    assert nearly_every_day["extension"] == [{"url": ORDINAL_VALUE, "valueDecimal": 3}]


def test_branching_is_exported_as_enable_when():
    resource = questionnaire_resource(definitions.get("pc-ptsd-5"))
    first_symptom = resource["item"][1]
    assert first_symptom["enableWhen"] == [{
        "question": "102011-4", "operator": "=",
        "answerCoding": {"system": "http://loinc.org", "code": "LA33-6", "display": "Yes"},
    }]
    asq_acuity = next(i for i in questionnaire_resource(definitions.get("asq"))["item"]
                      if i["linkId"] == "asq-5")
    assert asq_acuity["enableBehavior"] == "any"
    assert len(asq_acuity["enableWhen"]) == 8  # a yes or a refusal to any of 1-4


def test_clinic_options_use_the_clinic_code_system():
    resource = questionnaire_resource(definitions.get("candidacy"))
    coding = resource["item"][0]["answerOption"][0]["valueCoding"]
    assert coding["system"].endswith("/CodeSystem/candidacy")
    assert coding["code"] == "yes"


def _response(code, answers):
    return response_resource(definitions.get(code), answers, resource_id="r1",
                             subject="urn:uuid:00000000-0000-0000-0000-000000000001",
                             authored="2026-11-27T10:00:00+00:00")


@pytest.mark.parametrize("code", sorted(definitions.CURRENT))
def test_responses_round_trip_through_fhir(code):
    answers = likely_answers().get(code) or answers_for(code)
    resource = _response(code, answers)
    FhirQuestionnaireResponse.model_validate(resource)
    questionnaire, read = read_response(resource)
    assert questionnaire is definitions.get(code)
    assert read == answers


def test_numbers_and_text_round_trip():
    answers = answers_for("medications", {"benzodiazepine": "yes", "benzo-name": "Ativan",
                                          "benzo-daily-mg": "1.5"})
    _questionnaire, read = read_response(_response("medications", answers))
    assert read["benzo-name"] == "Ativan"
    assert read["benzo-daily-mg"] == "1.5"


def test_an_answer_outside_the_options_is_refused_naming_the_item():
    resource = _response("phq-9", answers_for("phq-9"))
    resource["item"][2]["answer"][0]["valueCoding"]["code"] = "LA9999-9"
    with pytest.raises(FhirInputError, match="phq-9, item 44259-0: .*LA9999-9"):
        read_response(resource)


def test_a_code_from_another_system_is_refused():
    resource = _response("candidacy", answers_for("candidacy"))
    resource["item"][0]["answer"][0]["valueCoding"]["system"] = "http://loinc.org"
    with pytest.raises(FhirInputError, match="childhood-trauma"):
        read_response(resource)


def test_an_unknown_questionnaire_is_refused():
    resource = _response("phq-9", {})
    resource["questionnaire"] = "https://example.com/Questionnaire/other|1"
    with pytest.raises(FhirInputError, match="Unknown questionnaire"):
        read_response(resource)


def test_an_unknown_item_is_refused():
    resource = _response("gad-7", answers_for("gad-7"))
    resource["item"][0]["linkId"] = "nope"
    with pytest.raises(FhirInputError, match="no item 'nope'"):
        read_response(resource)


def test_the_version_in_the_reference_picks_the_definition():
    resource = _response("candidacy", {"childhood-trauma": "yes"})
    resource["questionnaire"] = canonical(definitions.get("candidacy", "1"))
    questionnaire, _answers = read_response(resource)
    assert questionnaire.version == "1"
