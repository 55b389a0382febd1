"""The candidacy engine: tiers in CLINICAL.md's order, three-valued findings, cited reasons."""

import json

import pytest

from screening import battery, definitions
from screening.candidacy import (
    RULES_VERSION,
    ClinicThresholds,
    Person,
    ResponseData,
    Tier,
    assess_intake,
)
from screening.examples import likely_answers
from screening.findings import Finding, Kind

NO_TRAUMA = {
    "candidacy": {"childhood-trauma": "no", "trauma-pattern": "none"},
    "pc-ptsd-5": {"102011-4": "LA32-8"},
    "ace": {"ace-1": "LA32-8", "ace-4": "LA32-8"},
}


def _assess(answers, thresholds=None, person=None, declined=()):
    responses = {
        code: ResponseData(definitions.get(code).version, given, code in declined)
        for code, given in answers.items()
        if battery.is_asked(code, answers)
    }
    return assess_intake(responses, thresholds, person)


def test_trauma_symptoms_and_prior_treatment_with_no_flags_is_likely():
    assessment = _assess(likely_answers())
    assert (assessment.tier, assessment.base_tier) == (Tier.LIKELY, Tier.LIKELY)
    assert not assessment.urgent
    assert assessment.rules_version == RULES_VERSION


def test_phq9_item9_above_zero_is_urgent_and_keeps_the_tier_beneath():
    assessment = _assess(likely_answers({"phq-9": {"44260-8": "LA6569-3"}}))
    assert assessment.tier is Tier.URGENT
    assert assessment.base_tier is Tier.LIKELY
    assert assessment.urgent and not assessment.acute
    reason = assessment.reason("phq9-item9")
    assert reason.finding is Finding.MET
    assert reason.answers[0].answer == "Several days"


def test_a_positive_asq_is_urgent_and_an_acute_one_is_acute():
    positive = _assess(likely_answers({"asq": {"asq-2": "yes", "asq-5": "no"}}))
    assert positive.urgent and not positive.acute
    acute = _assess(likely_answers({"asq": {"asq-1": "yes", "asq-5": "yes"}}))
    assert acute.urgent and acute.acute
    assert acute.reason("asq-acute").finding is Finding.MET


def test_no_trauma_indication_is_unlikely_and_pcl5_not_asked_counts_as_no():
    assessment = _assess(likely_answers(NO_TRAUMA))
    assert assessment.base_tier is Tier.UNLIKELY
    assert assessment.reason("ptsd").finding is Finding.NOT_MET
    assert assessment.reason("childhood-trauma").finding is Finding.NOT_MET


@pytest.mark.parametrize(
    ("questionnaire", "link_id", "answer", "code"),
    [
        ("psychiatric", "psychosis-history", "yes", "psychosis"),
        ("psychiatric", "hallucinations-now", "yes", "hallucinations"),
        ("psychiatric", "mania-now", "yes", "mania-now"),
        ("medical", "ketamine-reaction", "yes", "ketamine-reaction"),
        ("medical", "stroke-or-aneurysm", "yes", "stroke-or-aneurysm"),
    ],
)
def test_a_rule_out_flag_makes_unlikely_and_quotes_its_answer(
    questionnaire, link_id, answer, code
):
    assessment = _assess(likely_answers({questionnaire: {link_id: answer}}))
    assert assessment.base_tier is Tier.UNLIKELY
    reason = assessment.reason(code)
    assert (reason.kind, reason.finding) == (Kind.RULE_OUT, Finding.MET)
    assert reason.answers[0].link_id == link_id
    assert reason.answers[0].answer == "Yes"


def test_pregnancy_is_a_rule_out_only_where_it_is_asked():
    pregnant = likely_answers({"medical": {"sex-at-birth": "female", "pregnant": "yes"}})
    assert _assess(pregnant).reason("pregnant").finding is Finding.MET
    # For "male" the question is not asked, which is "not met", not "cannot tell".
    assert _assess(likely_answers()).reason("pregnant").finding is Finding.NOT_MET


def test_prefer_not_to_answer_is_cannot_tell_never_no():
    assessment = _assess(likely_answers({"psychiatric": {"psychosis-history": "prefer-not"}}))
    assert assessment.reason("psychosis").finding is Finding.CANNOT_TELL
    assert assessment.base_tier is Tier.POSSIBLE


def test_a_review_flag_keeps_a_candidate_possible():
    assessment = _assess(likely_answers({"medical": {"heart-condition": "yes"}}))
    assert assessment.base_tier is Tier.POSSIBLE
    assert assessment.reason("heart-disease").kind is Kind.REVIEW


def test_benzodiazepine_dose_is_converted_to_diazepam_equivalents():
    answers = likely_answers({"medications": {
        "benzodiazepine": "yes", "benzo-name": "Xanax (alprazolam)",
        "benzo-how-often": "daily", "benzo-daily-mg": "1.0"}})
    reason = _assess(answers).reason("benzodiazepine")
    assert reason.finding is Finding.MET
    assert "about 20 mg diazepam-equivalent" in reason.text
    assert "over 8 mg" in reason.text


def test_an_unknown_benzodiazepine_name_asks_the_clinician_to_check_the_dose():
    answers = likely_answers({"medications": {"benzodiazepine": "yes", "benzo-name": "pill",
                                              "benzo-daily-mg": "2"}})
    assert "could not be converted" in _assess(answers).reason("benzodiazepine").text


def test_blood_pressure_limits_come_from_the_clinic():
    answers = likely_answers({"medical": {"bp-systolic": 165, "bp-diastolic": 95}})
    default = _assess(answers)
    assert default.reason("uncontrolled-hypertension").finding is Finding.NOT_MET
    assert default.reason("hypertension-review").finding is Finding.MET
    strict = _assess(answers, ClinicThresholds(bp_rule_out=(160, 100)))
    assert strict.reason("uncontrolled-hypertension").finding is Finding.MET
    assert strict.base_tier is Tier.UNLIKELY
    assert strict.thresholds["bp_rule_out"] == [160, 100]


def test_the_pcl5_cut_off_comes_from_the_clinic():
    pc_ptsd_5_negative = {"102011-4": "LA33-6"} | {
        link: "LA32-8" for link in ("102012-2", "102013-0", "102014-8", "102015-5", "102016-3")
    }
    # PCL-5 total 30; the DSM-5 rule fails (cluster E needs two of items 15-20 at 2 or more).
    pcl5 = {f"pcl5-{n}": "2" for n in range(1, 16)} | {f"pcl5-{n}": "0" for n in range(16, 21)}
    answers = likely_answers(NO_TRAUMA | {"pc-ptsd-5": pc_ptsd_5_negative, "pcl-5": pcl5})
    at_30 = _assess(answers, ClinicThresholds(pcl5_cutoff=30))
    at_33 = _assess(answers, ClinicThresholds(pcl5_cutoff=33))
    assert at_30.reason("ptsd").finding is Finding.MET
    assert at_33.reason("ptsd").finding is Finding.NOT_MET
    assert at_33.thresholds["pcl5_cutoff"] == 33


def test_a_skipped_section_is_cannot_tell_not_no():
    answers = likely_answers({"candidacy": {"childhood-trauma": "no"}})
    answers["ace"] = {}
    assessment = _assess(answers, declined={"ace"})
    assert assessment.reason("childhood-trauma").finding is Finding.CANNOT_TELL
    assert "skipped" in assessment.reason("childhood-trauma").answers[0].answer


def test_age_and_state_rules_apply_when_the_intake_gives_them():
    answers = likely_answers()
    thresholds = ClinicThresholds(states_served=("CA", "OR"), minimum_age=21)
    young = _assess(answers, thresholds, Person(age=19, state="CA"))
    assert young.reason("under-minimum-age").finding is Finding.MET
    assert young.base_tier is Tier.UNLIKELY
    away = _assess(answers, thresholds, Person(age=30, state="TX"))
    assert away.reason("outside-states").finding is Finding.MET
    assert _assess(answers, thresholds, Person(age=30, state="OR")).base_tier is Tier.LIKELY


def test_dissociation_is_recorded_for_the_clinician_not_counted_in_favour():
    assessment = _assess(likely_answers({"candidacy": {"dissociation": "yes"}}))
    assert assessment.reason("dissociation").kind is Kind.REVIEW
    assert assessment.base_tier is Tier.POSSIBLE


def test_wish_to_heal_is_shown_but_does_not_change_the_tier():
    with_wish = _assess(likely_answers({"candidacy": {"wish-to-heal": "yes"}}))
    without = _assess(likely_answers({"candidacy": {"wish-to-heal": "no"}}))
    assert with_wish.base_tier is without.base_tier is Tier.LIKELY
    assert with_wish.reason("wish-to-heal").kind is Kind.SUPPORTING


def test_answers_under_an_old_version_are_still_assessed():
    answers = likely_answers()
    responses = {code: ResponseData(definitions.get(code).version, given)
                 for code, given in answers.items()}
    old = dict(answers["candidacy"])
    old.pop("dissociation")
    responses["candidacy"] = ResponseData("1", old)
    assessment = assess_intake(responses)
    assert assessment.reason("dissociation").finding is Finding.CANNOT_TELL
    assert assessment.base_tier is Tier.POSSIBLE


def test_audit_c_uses_the_sex_specific_cut_off():
    drinks = {"68518-0": "LA18926-8", "68519-8": "LA15695-2", "68520-6": "LA18933-4"}  # 3
    female = _assess(likely_answers({"audit-c": drinks,
                                     "medical": {"sex-at-birth": "female"}}))
    male = _assess(likely_answers({"audit-c": drinks}))
    assert female.reason("audit-c").finding is Finding.MET
    assert male.reason("audit-c").finding is Finding.NOT_MET


def test_no_tier_declines_anyone():
    """Every outcome is a tier a clinician reviews; there is no 'declined' outcome at all."""
    assert {t.value for t in Tier} == {"urgent", "likely", "possible", "unlikely"}


def test_the_result_is_json_ready_with_scores_and_thresholds():
    stored = json.loads(json.dumps(_assess(likely_answers()).as_dict()))
    assert stored["tier"] == "likely"
    assert stored["scores"]["phq-9"]["total"] == 0
    assert stored["thresholds"]["pcl5_cutoff"] == 33
    assert all(reason["text"] for reason in stored["reasons"])


@pytest.mark.parametrize(
    ("questionnaire", "gate", "answer", "code"),
    [
        ("dissociatives", "dissociative-ever", "prefer-not", "dissociative-misuse"),
        ("dissociatives", "dissociative-ever", "not-sure", "dissociative-past-year"),
        ("medical", "high-bp", "not-sure", "uncontrolled-hypertension"),
        ("psychiatric", "mania-or-bipolar", "not-sure", "bipolar-psychosis"),
    ],
)
def test_a_non_committal_gate_answer_leaves_the_questions_behind_it_unknown(
    questionnaire, gate, answer, code
):
    assessment = _assess(likely_answers({questionnaire: {gate: answer}}))
    assert assessment.reason(code).finding is Finding.CANNOT_TELL
    assert assessment.base_tier is not Tier.LIKELY


def test_a_definite_no_upstream_makes_the_questions_behind_it_not_met():
    assessment = _assess(likely_answers())  # dissociative-ever "no" skips two levels
    assert assessment.reason("dissociative-misuse").finding is Finding.NOT_MET


def test_a_positive_asq_with_the_acuity_question_unanswered_is_acute():
    """NIMH pathway (CLINICAL.md, safety pathway): treated as acute, never as "no"."""
    answers = likely_answers({"asq": {"asq-1": "yes"}})
    answers["asq"].pop("asq-5", None)
    assessment = _assess(answers)
    assert assessment.urgent and assessment.acute
    assert assessment.reason("asq-acute").finding is Finding.MET


@pytest.mark.parametrize("gap", [
    ("asq", "asq-2", None), ("asq", "asq-3", "refused"), ("phq-9", "44260-8", None)])
def test_a_missing_or_refused_safety_answer_is_urgent_safety_questions_not_answered(gap):
    code, link_id, value = gap
    answers = likely_answers()
    if value is None:
        answers[code].pop(link_id)
    else:
        answers[code][link_id] = value
    assessment = _assess(answers)
    assert assessment.urgent
    reason = assessment.reason("safety-unanswered")
    assert reason.finding is Finding.MET and "Safety questions not answered" in reason.text
    assert not _assess(likely_answers()).urgent  # every safety answer given: not urgent


@pytest.mark.parametrize("skipped", ["asq", "phq-9"])
def test_a_skipped_safety_questionnaire_is_urgent(skipped):
    answers = likely_answers()
    del answers[skipped]
    assert _assess(answers).reason("safety-unanswered").finding is Finding.MET


def test_a_yes_right_now_counts_even_after_all_noes():
    assessment = _assess(likely_answers({"asq": {"asq-5": "yes"}}))
    assert assessment.urgent and assessment.acute


def test_two_benzodiazepines_are_not_converted_with_one_factor():
    answers = likely_answers({"medications": {
        "benzodiazepine": "yes", "benzo-name": "clonazepam and diazepam",
        "benzo-daily-mg": "10.5"}})
    assert "could not be converted" in _assess(answers).reason("benzodiazepine").text


def test_brand_and_generic_of_one_drug_count_as_one():
    answers = likely_answers({"medications": {
        "benzodiazepine": "yes", "benzo-name": "Ativan (lorazepam)", "benzo-daily-mg": "2"}})
    assert "about 20 mg" in _assess(answers).reason("benzodiazepine").text


def test_half_a_blood_pressure_reading_is_cannot_tell_for_review():
    answers = likely_answers({"medical": {"bp-systolic": 130}})
    assert _assess(answers).reason("hypertension-review").finding is Finding.CANNOT_TELL
    high = likely_answers({"medical": {"bp-systolic": 150}})
    assert _assess(high).reason("hypertension-review").finding is Finding.MET


def test_symptom_reasons_quote_the_pcl5_numbing_items():
    reason = _assess(likely_answers()).reason("trauma-linked-symptoms")
    assert [a.link_id for a in reason.answers][:3] == ["pcl5-12", "pcl5-13", "pcl5-14"]


# -- rules v2 (CLINICAL.md, decisions on earlier open readings) ----------------------------

NO_PCL5_NUMBING = {"pcl5-12": 0, "pcl5-13": 0, "pcl5-14": 0}


def _symptoms_case(link, *, phq9_high=True):
    """No PCL-5 numbing; PHQ-9 at 10 or more (or not); the client's link as given."""
    answers = likely_answers()
    answers["pcl-5"] = answers["pcl-5"] | {k: str(v) for k, v in NO_PCL5_NUMBING.items()}
    if phq9_high:
        answers["phq-9"] = answers["phq-9"] | {
            link_id: "LA6571-9" for link_id in ("44250-9", "44255-8", "44259-0", "44254-1")}
    answers["candidacy"] = answers["candidacy"] | {"trauma-linked-symptoms": link}
    return _assess(answers).reason("trauma-linked-symptoms")


@pytest.mark.parametrize(("link", "finding"), [
    ("yes", Finding.MET), ("somewhat", Finding.MET), ("no", Finding.NOT_MET),
    ("prefer-not", Finding.CANNOT_TELL)])
def test_phq9_or_gad7_counts_for_indication_3_only_with_the_clients_link(link, finding):
    reason = _symptoms_case(link)
    assert reason.finding is finding
    if finding is Finding.NOT_MET:
        assert "does not connect it" in reason.text
    if finding is Finding.CANNOT_TELL:
        assert "is not known" in reason.text
    quoted = {answer.link_id for answer in reason.answers}
    assert "trauma-linked-symptoms" in quoted


def test_the_link_alone_without_high_scores_or_numbing_is_not_indication_3():
    assert _symptoms_case("yes", phq9_high=False).finding is Finding.NOT_MET


def test_pcl5_numbing_counts_on_its_own():
    answers = likely_answers()
    answers["candidacy"] = answers["candidacy"] | {"trauma-linked-symptoms": "no"}
    reason = _assess(answers).reason("trauma-linked-symptoms")
    assert reason.finding is Finding.MET and "PCL-5 items 12-14" in reason.text


def test_past_dissociative_misuse_is_a_review_flag_never_silence():
    answers = likely_answers({"dissociatives": {"dissociative-ever": "yes",
                                                "dissociative-past-year": "no"}})
    assessment = _assess(answers)
    assert assessment.reason("dissociative-ever").finding is Finding.MET
    assert assessment.base_tier != "likely"
    assert _assess(likely_answers()).reason("dissociative-ever").finding is Finding.NOT_MET


@pytest.mark.parametrize("gap", ["pc-ptsd-5", "pcl-5"])
def test_likely_is_never_reached_while_a_trauma_screen_cannot_tell(gap):
    assert _assess(likely_answers()).base_tier == "likely"
    answers = likely_answers()
    keep = 1 if gap == "pc-ptsd-5" else 8  # the gate and one item; 8 of 20 PCL-5 items
    answers[gap] = dict(list(answers[gap].items())[:keep])
    assessment = _assess(answers)
    assert assessment.scores[gap].positive is None  # the screen cannot tell
    assert assessment.base_tier == "possible"


@pytest.mark.parametrize("gap", ["pc-ptsd-5", "pcl-5"])
def test_a_skipped_trauma_screen_keeps_the_case_possible(gap):
    declined = ("pc-ptsd-5", "pcl-5") if gap == "pc-ptsd-5" else ("pcl-5",)
    answers = likely_answers()
    for code in declined:
        answers[code] = {}
    assert _assess(answers, declined=declined).base_tier == "possible"


def test_the_stored_thresholds_are_the_ones_the_scorers_applied():
    from screening.definitions import auditc, gad7, pcptsd5, phq9

    assessment = _assess(likely_answers(), thresholds=ClinicThresholds(pcl5_cutoff=31))
    used = assessment.thresholds
    assert used["pcl5_cutoff"] == 31 and "cut-off used: 31" in assessment.scores["pcl-5"].cutoff
    assert used["pcptsd5_cutoff"] == pcptsd5.DEFAULT_CUTOFF
    assert f"cut-off used: {pcptsd5.DEFAULT_CUTOFF}" in assessment.scores["pc-ptsd-5"].cutoff
    assert (used["phq9_cutoff"], used["gad7_cutoff"]) == (phq9.CUTOFF, gad7.CUTOFF)
    assert used["audit_c_cutoffs"] == {"male": auditc.CUTOFF_MEN, "female": auditc.CUTOFF_WOMEN,
                                       "not given": auditc.CUTOFF_WOMEN}
