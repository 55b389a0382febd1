"""Which pre-session answers need the team's attention (care/readiness.py), read directly:
only clear answers are ready, the safer reading."""

from care.readiness import concerns
from screening.rules import ClinicThresholds

LIMITS = ClinicThresholds(bp_rule_out=(180, 100), bp_review=(140, 90))
READY = {"fasting": "yes", "ride-home": "yes", "alcohol-24h": "no",
         "benzodiazepines-24h": "no", "other-substances-24h": "no", "new-medications": "no"}


def _codes(check, flags=(), complete=True):
    found = concerns(check, flags, complete, LIMITS)
    return None if found is None else [c.code for c in found]


def test_clear_answers_and_a_negative_screen_are_ready():
    assert _codes(READY) == []
    assert _codes({**READY, "bp-systolic": 128, "bp-diastolic": 82}) == []


def test_a_check_not_done_is_never_ready():
    assert _codes(None) is None


def test_each_answer_that_is_not_clearly_ready_needs_attention():
    assert _codes({**READY, "alcohol-24h": "yes"}) == ["alcohol-24h"]
    assert _codes({**READY, "benzodiazepines-24h": "prefer-not-to-answer"}) == [
        "benzodiazepines-24h"]
    without_ride = {k: v for k, v in READY.items() if k != "ride-home"}
    assert _codes(without_ride) == ["ride-home"]  # left blank
    assert _codes({**READY, "changes": "Started a new job, sleeping badly."}) == ["changes"]
    assert _codes({**READY, "changes": "   "}) == []


def test_blood_pressure_against_the_clinics_limits():
    assert _codes({**READY, "bp-systolic": 150, "bp-diastolic": 85}) == ["bp-review"]
    assert _codes({**READY, "bp-systolic": 130, "bp-diastolic": 104}) == ["bp-rule-out"]
    assert _codes({**READY, "bp-systolic": 185}) == ["bp-rule-out"]  # half a reading counts


def test_the_asq_positive_or_unfinished_needs_attention():
    assert _codes(READY, flags=("asq-positive",), complete=False) == ["suicide-risk"]
    assert _codes(READY, complete=False) == ["asq-missing"]
