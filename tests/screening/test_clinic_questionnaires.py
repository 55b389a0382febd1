"""The clinic's own safety questionnaires: medical, psychiatric, medications, dissociatives.

Candidacy rules read these answers by link id, so the tests pin the link ids, the branching
and the coverage of every contraindication in CLINICAL.md.
"""

import re

import pytest
from django import forms
from django.utils.functional import Promise

from screening.definitions.candidacy import PREFER_NOT
from screening.definitions.dissociatives import DISSOCIATIVES
from screening.definitions.medical import MEDICAL
from screening.definitions.medications import MEDICATIONS
from screening.definitions.psychiatric import PSYCHIATRIC
from screening.forms import form_class_for
from screening.schema import PREFER_NOT_TO_ANSWER, AnswerType, Questionnaire

ALL = (MEDICAL, PSYCHIATRIC, MEDICATIONS, DISSOCIATIVES)
BY_CODE = {q.code: q for q in ALL}
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Every contraindication in CLINICAL.md ("Candidacy: contraindications") that a client can
# answer here: (questionnaire, link ids that ask it, words the question or its help must
# contain). Not asked here, and why: under 18 / outside the states served (contact details),
# AUDIT-C and the drug screen (validated instruments), severe personality disorder
# (clinician judgement).
CONTRAINDICATIONS = {
    # Likely to rule KAP out, pending clinician review
    "schizophrenia-spectrum or other psychotic disorder, past or present": (
        "psychiatric", ("psychosis-history",), ("psychosis", "schizophrenia")),
    "current hallucinations": (
        "psychiatric", ("hallucinations-now",), ("heard or seen", "past month")),
    "current manic or mixed episode": (
        "psychiatric", ("mania-now",), ("past two weeks", "high", "mixed")),
    "bipolar disorder with psychosis": (
        "psychiatric", ("mania-or-bipolar", "mania-with-psychosis"), ("bipolar", "voices")),
    "pregnancy": ("medical", ("pregnant", "planning-pregnancy"), ("pregnant",)),
    "breastfeeding": ("medical", ("breastfeeding",), ("breastfeeding",)),
    "prior allergy or serious adverse reaction to ketamine": (
        "medical", ("ketamine-reaction",), ("allergic", "ketamine")),
    "resting blood pressure >= 180/100": (
        "medical", ("bp-systolic", "bp-diastolic"), ("top number", "bottom number", "mmhg")),
    "known uncontrolled hypertension": (
        "medical", ("high-bp", "bp-control"), ("high blood pressure", "under control")),
    "stroke, brain haemorrhage, aneurysm or arteriovenous malformation": (
        "medical", ("stroke-or-aneurysm",),
        ("stroke", "bleeding in or around the brain", "aneurysm", "arteriovenous")),
    "active misuse of ketamine, PCP or other dissociatives": (
        "dissociatives", ("dissociative-ever", "dissociative-past-year", "dissociative-now"),
        ("ketamine", "pcp", "dextromethorphan", "nitrous oxide", "past 12 months", "how often")),
    # Need medical or psychiatric review
    "blood pressure >= 140/90": ("medical", ("bp-systolic", "bp-diastolic"), ("at rest",)),
    "treated hypertension": ("medical", ("bp-treated",), ("medicine", "blood pressure")),
    "heart disease: angina, arrhythmia, heart failure, past heart attack": (
        "medical", ("heart-condition",),
        ("angina", "irregular heartbeat", "heart failure", "heart attack")),
    "eclampsia history": ("medical", ("ever-pregnant", "eclampsia"), ("eclampsia",)),
    "liver disease": ("medical", ("liver-disease",), ("liver",)),
    "untreated hyperthyroidism": (
        "medical", ("overactive-thyroid",), ("overactive thyroid", "isn't treated")),
    "raised intracranial pressure": ("medical", ("head-pressure",), ("pressure inside your head",)),
    "raised intraocular pressure (glaucoma)": (
        "medical", ("glaucoma",), ("glaucoma", "pressure in your eyes")),
    "bladder or cystitis problems": ("medical", ("bladder-problems",), ("bladder", "cystitis")),
    "substance use disorder in the past year": (
        "psychiatric", ("substance-problem-past-year",), ("past 12 months", "alcohol", "drug")),
    "first-degree relative with a psychotic disorder": (
        "psychiatric", ("family-psychosis",), ("parent", "brother", "sister", "child",
                                               "psychosis")),
    "benzodiazepines (over 8 mg diazepam-equivalent a day)": (
        "medications", ("benzodiazepine", "benzo-name", "benzo-daily-mg"),
        ("benzodiazepine", "diazepam", "milligrams")),
    "gabapentin or pregabalin": (
        "medications", ("gabapentin-pregabalin",), ("gabapentin", "pregabalin")),
    "lamotrigine": ("medications", ("lamotrigine",), ("lamotrigine",)),
    "MAOIs": ("medications", ("maoi",), ("maoi", "phenelzine")),
    "stimulants": ("medications", ("stimulant",), ("stimulant", "adhd")),
    "opioids including tramadol": ("medications", ("opioid",), ("opioid", "tramadol")),
    "strong CYP3A4 / CYP2B6 inducers or inhibitors": (
        "medications", ("enzyme-interacting",),
        ("seizure", "rifampicin", "st john's wort", "antifungal", "antibiotic", "hiv")),
    "BMI over 35": (
        "medical", ("height-feet", "height-inches", "weight-pounds"), ("feet", "inches",
                                                                       "pounds")),
}

# Items asked only after an earlier answer. Everything else is asked of everyone, so a safety
# question cannot be hidden behind a branch by accident.
BRANCHED = {
    "medical": {"bp-treated", "bp-control", "pregnant", "planning-pregnancy", "breastfeeding",
                "ever-pregnant", "eclampsia"},
    "psychiatric": {"mania-with-psychosis", "medication-six-weeks"},
    "medications": {"benzo-name", "benzo-how-often", "benzo-daily-mg"},
    "dissociatives": {"dissociative-which", "dissociative-past-year", "dissociative-now"},
}

# Optional details: numbers, names, free text.
OPTIONAL = {
    "medical": {
        "bp-systolic": AnswerType.INTEGER, "bp-diastolic": AnswerType.INTEGER,
        "height-feet": AnswerType.INTEGER, "height-inches": AnswerType.INTEGER,
        "weight-pounds": AnswerType.INTEGER,
    },
    "psychiatric": {},
    "medications": {
        "current-medications": AnswerType.TEXT, "benzo-name": AnswerType.STRING,
        "benzo-daily-mg": AnswerType.DECIMAL,
    },
    "dissociatives": {"dissociative-which": AnswerType.STRING},
}

PREGNANCY_ITEMS = ("pregnant", "planning-pregnancy", "breastfeeding", "ever-pregnant")


def _words(questionnaire, link_id):
    item = questionnaire.item(link_id)
    options = " ".join(str(option.display) for option in item.options)
    return f"{item.text} {item.help_text} {options}".lower()


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_each_definition_is_clinic_authored_version_1_with_source_and_licence(questionnaire):
    assert isinstance(questionnaire, Questionnaire)
    assert questionnaire.version == "1"
    assert questionnaire.validated is False
    assert questionnaire.source.startswith("Clinic-authored")
    assert "CLINICAL.md" in questionnaire.source
    assert questionnaire.licence == "Part of this project; same licence as the code."


def test_codes_are_the_ones_the_registry_and_rules_expect():
    assert [q.code for q in ALL] == ["medical", "psychiatric", "medications", "dissociatives"]


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_the_description_says_why_we_ask_and_that_a_clinician_reads_it(questionnaire):
    description = str(questionnaire.description).lower()
    assert "clinician reads" in description
    assert "safe" in description


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_link_ids_are_unique_and_kebab_case(questionnaire):
    link_ids = [item.link_id for item in questionnaire.items]
    assert len(link_ids) == len(set(link_ids))
    assert [link_id for link_id in link_ids if not KEBAB.match(link_id)] == []


def test_link_ids_are_unique_across_the_clinic_questionnaires_and_candidacy():
    """Rules read answers by link id, so one id must never mean two questions."""
    from screening.definitions.candidacy import CANDIDACY

    link_ids = [item.link_id for q in (*ALL, CANDIDACY) for item in q.items]
    assert sorted({x for x in link_ids if link_ids.count(x) > 1}) == []


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_option_codes_are_unique_and_kebab_case(questionnaire):
    for item in questionnaire.items:
        codes = [option.code for option in item.options]
        assert len(codes) == len(set(codes)), item.link_id
        assert all(KEBAB.match(code) for code in codes), item.link_id


@pytest.mark.parametrize(
    ("contraindication", "code", "link_ids", "words"),
    [(name, *entry) for name, entry in CONTRAINDICATIONS.items()],
    ids=list(CONTRAINDICATIONS),
)
def test_every_contraindication_in_clinical_md_has_an_item(contraindication, code, link_ids,
                                                           words):
    questionnaire = BY_CODE[code]
    asked = " ".join(_words(questionnaire, link_id) for link_id in link_ids)
    missing = [word for word in words if word not in asked]
    assert missing == [], f"{contraindication}: {missing}"


def test_every_item_is_in_the_contraindication_table_or_is_a_known_extra():
    """A new item is either a contraindication (add it to the table) or a named extra."""
    extras = {
        "medical": {"sex-at-birth"},
        "psychiatric": {"psych-hospital-stays", "therapy-duration", "medication-trials",
                        "medication-six-weeks"},
        "medications": {"current-medications", "benzo-how-often"},
        "dissociatives": {"dissociative-which"},
    }
    covered = {code: set() for code in BY_CODE}
    for code, link_ids, _ in CONTRAINDICATIONS.values():
        covered[code].update(link_ids)
    for code, questionnaire in BY_CODE.items():
        link_ids = {item.link_id for item in questionnaire.items}
        assert link_ids == covered[code] | extras[code], code


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_only_the_expected_items_are_branched(questionnaire):
    branched = {item.link_id for item in questionnaire.items if item.enable_when}
    assert branched == BRANCHED[questionnaire.code]


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_choice_items_are_required_and_offer_prefer_not(questionnaire):
    for item in questionnaire.items:
        if item.answer_type is AnswerType.CHOICE:
            assert item.required, item.link_id
            assert item.option(PREFER_NOT_TO_ANSWER) == PREFER_NOT, item.link_id


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_numbers_names_and_free_text_are_optional(questionnaire):
    free = {item.link_id: item.answer_type for item in questionnaire.items
            if item.answer_type is not AnswerType.CHOICE}
    assert free == OPTIONAL[questionnaire.code]
    assert all(not questionnaire.item(link_id).required for link_id in free)


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_all_client_facing_wording_is_translatable(questionnaire):
    texts = [questionnaire.title, questionnaire.description]
    for item in questionnaire.items:
        texts.append(item.text)
        if item.help_text:
            texts.append(item.help_text)
        texts.extend(option.display for option in item.options)
    assert [str(t) for t in texts if not isinstance(t, Promise)] == []


def test_the_blood_pressure_numbers_say_it_is_fine_to_leave_them_blank():
    for link_id in ("bp-systolic", "bp-diastolic"):
        assert "fine to leave this blank" in str(MEDICAL.item(link_id).help_text)


# Branching ------------------------------------------------------------------------------


@pytest.mark.parametrize("link_id", ["benzo-name", "benzo-how-often", "benzo-daily-mg"])
@pytest.mark.parametrize(("answer", "asked"), [("yes", True), ("no", False),
                                               ("not-sure", False), (None, False)])
def test_benzodiazepine_details_are_asked_only_of_people_who_take_one(link_id, answer, asked):
    answers = {} if answer is None else {"benzodiazepine": answer}
    assert MEDICATIONS.is_enabled(MEDICATIONS.item(link_id), answers) is asked


@pytest.mark.parametrize("link_id", PREGNANCY_ITEMS)
@pytest.mark.parametrize(("sex", "asked"), [("female", True), ("intersex", True),
                                            (PREFER_NOT_TO_ANSWER, True), ("male", False)])
def test_pregnancy_questions_are_asked_only_where_they_may_apply(link_id, sex, asked):
    assert MEDICAL.is_enabled(MEDICAL.item(link_id), {"sex-at-birth": sex}) is asked


@pytest.mark.parametrize(("answers", "asked"), [
    ({"sex-at-birth": "female", "ever-pregnant": "yes"}, True),
    ({"sex-at-birth": "intersex", "ever-pregnant": "yes"}, True),
    ({"sex-at-birth": "female", "ever-pregnant": "no"}, False),
    ({"sex-at-birth": "female", "ever-pregnant": PREFER_NOT_TO_ANSWER}, False),
    # "ever pregnant" itself is not asked here, so a stray answer to it does not count.
    ({"sex-at-birth": "male", "ever-pregnant": "yes"}, False),
])
def test_eclampsia_is_asked_only_after_a_pregnancy(answers, asked):
    assert MEDICAL.is_enabled(MEDICAL.item("eclampsia"), answers) is asked


@pytest.mark.parametrize("link_id", ["bp-treated", "bp-control"])
@pytest.mark.parametrize(("answer", "asked"), [("yes", True), ("no", False),
                                               ("not-sure", False)])
def test_blood_pressure_treatment_and_control_follow_a_known_high_blood_pressure(
        link_id, answer, asked):
    assert MEDICAL.is_enabled(MEDICAL.item(link_id), {"high-bp": answer}) is asked


def test_blood_pressure_readings_are_asked_of_everyone():
    for link_id in ("bp-systolic", "bp-diastolic"):
        assert MEDICAL.is_enabled(MEDICAL.item(link_id), {"high-bp": "no"})


@pytest.mark.parametrize(("answer", "asked"), [("yes", True), ("no", False),
                                               ("not-sure", False)])
def test_psychosis_with_mania_follows_a_history_of_mania(answer, asked):
    item = PSYCHIATRIC.item("mania-with-psychosis")
    assert PSYCHIATRIC.is_enabled(item, {"mania-or-bipolar": answer}) is asked


@pytest.mark.parametrize(("answer", "asked"), [
    ("none", False), ("one", True), ("two", True), ("three-or-four", True),
    ("five-or-more", True), ("not-sure", False), (PREFER_NOT_TO_ANSWER, False),
])
def test_length_of_a_medication_trial_is_asked_after_at_least_one_trial(answer, asked):
    item = PSYCHIATRIC.item("medication-six-weeks")
    assert PSYCHIATRIC.is_enabled(item, {"medication-trials": answer}) is asked


@pytest.mark.parametrize(("answers", "enabled"), [
    ({"dissociative-ever": "no"}, set()),
    ({"dissociative-ever": PREFER_NOT_TO_ANSWER}, set()),
    ({"dissociative-ever": "yes"}, {"dissociative-which", "dissociative-past-year"}),
    ({"dissociative-ever": "yes", "dissociative-past-year": "no"},
     {"dissociative-which", "dissociative-past-year"}),
    ({"dissociative-ever": "yes", "dissociative-past-year": "yes"},
     {"dissociative-which", "dissociative-past-year", "dissociative-now"}),
    ({"dissociative-ever": "no", "dissociative-past-year": "yes"}, set()),
])
def test_dissociative_use_is_asked_ever_then_past_year_then_now(answers, enabled):
    asked = {item.link_id for item in DISSOCIATIVES.enabled_items(answers)}
    assert asked == {"dissociative-ever"} | enabled


def test_the_overlap_with_candidacy_is_detail_not_the_same_question():
    """Candidacy asks how much therapy and medication helped; here we ask how long and how
    many, and never ask about relief again."""
    from screening.definitions.candidacy import CANDIDACY

    assert {"therapy-relief", "medication-relief"} <= {i.link_id for i in CANDIDACY.items}
    psychiatric_words = " ".join(str(i.text).lower() for i in PSYCHIATRIC.items)
    assert "how long" in psychiatric_words and "how many" in psychiatric_words
    assert "relief" not in psychiatric_words and "how much did" not in psychiatric_words


# Forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_a_form_renders_every_item_as_a_field_named_by_link_id(questionnaire):
    form = form_class_for(questionnaire)()
    assert list(form.fields) == [item.link_id for item in questionnaire.items]
    html = form.as_div()
    for item in questionnaire.items:
        assert f'name="{item.link_id}"' in html, item.link_id


def test_form_fields_match_the_answer_types():
    medical = form_class_for(MEDICAL)()
    medications = form_class_for(MEDICATIONS)()
    assert isinstance(medical.fields["bp-systolic"], forms.IntegerField)
    assert isinstance(medical.fields["weight-pounds"], forms.IntegerField)
    assert isinstance(medical.fields["ketamine-reaction"], forms.ChoiceField)
    assert isinstance(medications.fields["benzo-daily-mg"], forms.DecimalField)
    assert isinstance(medications.fields["current-medications"].widget, forms.Textarea)
    assert isinstance(medications.fields["benzo-name"].widget, forms.TextInput)


def _everyone_answers(questionnaire, choice):
    """Every choice item asked of everyone answered with `choice` (or the first option)."""
    answers = {}
    for item in questionnaire.items:
        if item.answer_type is AnswerType.CHOICE and not item.enable_when:
            answers[item.link_id] = choice if item.option(choice) else item.options[0].code
    return answers


def _answer_as_asked(questionnaire, choice, **given):
    """Walk the items in order, as a person would: each choice item that is asked, given the
    answers so far, is answered with `given[link_id]`, else `choice` (or the first option)."""
    answers = {}
    for item in questionnaire.items:
        if item.answer_type is not AnswerType.CHOICE:
            continue
        if not questionnaire.is_enabled(item, answers):
            continue
        default = choice if item.option(choice) else item.options[0].code
        answers[item.link_id] = given.get(item.link_id.replace("-", "_"), default)
    return answers


@pytest.mark.parametrize("questionnaire", ALL, ids=lambda q: q.code)
def test_prefer_not_to_every_question_is_a_complete_answer(questionnaire):
    answers = _answer_as_asked(questionnaire, PREFER_NOT_TO_ANSWER)
    form = form_class_for(questionnaire)(answers)
    assert form.is_valid(), form.errors
    assert form.answers() == answers


def test_prefer_not_to_the_sex_assigned_at_birth_still_asks_about_pregnancy():
    answers = _answer_as_asked(MEDICAL, PREFER_NOT_TO_ANSWER)
    assert set(PREGNANCY_ITEMS) <= set(answers)


def test_a_man_who_answers_no_is_not_asked_about_pregnancy():
    answers = {**_everyone_answers(MEDICAL, "no"), "sex-at-birth": "male"}
    answers.update({"ever-pregnant": "yes", "eclampsia": "no"})  # stray answers are dropped
    form = form_class_for(MEDICAL)(answers)
    assert form.is_valid(), form.errors
    assert not set(PREGNANCY_ITEMS + ("eclampsia",)) & set(form.answers())


def test_someone_who_may_be_pregnant_is_asked_the_pregnancy_questions():
    answers = {**_everyone_answers(MEDICAL, "no"), "sex-at-birth": "female"}
    form = form_class_for(MEDICAL)(answers)
    assert form.is_valid()  # asked, and (like every question) they may be left blank
    assert not set(PREGNANCY_ITEMS) & set(form.not_asked())
    assert "eclampsia" in form.not_asked()


def test_someone_who_has_been_pregnant_is_asked_about_eclampsia():
    answers = _answer_as_asked(MEDICAL, "no", sex_at_birth="female", ever_pregnant="yes")
    assert "eclampsia" in answers
    del answers["eclampsia"]
    form = form_class_for(MEDICAL)(answers)
    assert form.is_valid() and "eclampsia" not in form.not_asked()


def test_benzodiazepine_dose_is_kept_only_when_one_is_taken():
    answers = {**_everyone_answers(MEDICATIONS, "no"), "benzo-daily-mg": "10",
               "benzo-name": "diazepam"}
    form = form_class_for(MEDICATIONS)(answers)
    assert form.is_valid(), form.errors
    assert "benzo-daily-mg" not in form.answers()

    answers = {**answers, "benzodiazepine": "yes", "benzo-how-often": "daily"}
    form = form_class_for(MEDICATIONS)(answers)
    assert form.is_valid(), form.errors
    assert form.answers()["benzo-daily-mg"] == "10"
    assert form.answers()["benzo-name"] == "diazepam"


def test_every_choice_of_the_clinics_own_questionnaires_offers_prefer_not_to_answer():
    """The candidacy page says every personal question may be declined: it must be true
    (the validated instruments keep their published options)."""
    from screening import battery, definitions
    from screening.schema import PREFER_NOT_TO_ANSWER, AnswerType

    for code in battery.QUESTIONNAIRE_CODES:
        definition = definitions.get(code)
        if definition.validated:
            continue
        for item in definition.items:
            if item.answer_type is AnswerType.CHOICE:
                assert PREFER_NOT_TO_ANSWER in {o.code for o in item.options}, (code, item.link_id)
