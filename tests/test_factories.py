"""The factories' shortcut: a draft answered as one before it gets that one's stored
answers in one insert; the rows, the urgent alerts and what submitting makes of them are
those that saving page by page through the services gives."""

import pytest

from intake.models import Intake
from outbox.models import OutgoingMessage
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db


def _stored(intake: Intake) -> tuple:
    intake = Intake.objects.select_related("assessment").get(pk=intake.pk)
    responses = list(intake.responses.order_by("questionnaire").values(
        "questionnaire", "version", "answers", "not_asked", "declined", "complete", "score"))
    messages = [(kind, recipient, {k: v for k, v in params.items() if k != "intake"}, status)
                for kind, recipient, params, status in OutgoingMessage.objects.filter(
                    params__intake=str(intake.pk)).order_by("pk").values_list(
                    "kind", "recipient", "params", "status")]
    assessment = intake.assessment
    return (responses, messages, intake.status, intake.urgent_since is not None,
            intake.urgent_acute, intake.urgent_alerts,
            (assessment.tier, assessment.base_tier, assessment.urgent, assessment.acute,
             assessment.reasons, assessment.scores))


ASQ_ACUTE = {"asq-1": "yes", "asq-5": "yes"}  # a yes, and thoughts of suicide right now


@pytest.mark.parametrize(("answers", "alerts"), [
    (None, []),
    (likely_answers({"medical": {"heart-condition": "yes"}}), []),
    (likely_answers({"phq-9": {"44260-8": "LA6569-3"},
                     "pcl-5": {f"pcl5-{n}": "4" for n in range(1, 21)}}), [False]),
    # Urgent at PHQ-9's item 9, then acute at the ASQ: alerted twice.
    (likely_answers({"phq-9": {"44260-8": "LA6569-3"}, "asq": ASQ_ACUTE}), [False, True]),
], ids=["likely", "heart", "urgent", "turning-acute"])
def test_a_draft_answered_as_one_before_is_stored_the_same(monkeypatch, answers, alerts):
    monkeypatch.setattr(factories, "_ANSWERED", {})  # the first goes through the services
    through_services = factories.submitted_intake(email="first@example.org", answers=answers)
    assert len(factories._ANSWERED) == 1
    copied = factories.submitted_intake(email="second@example.org", answers=answers)
    stored = _stored(copied)
    assert stored == _stored(through_services)
    assert [params["acute"] for kind, _, params, _ in stored[1]
            if kind == OutgoingMessage.Kind.URGENT_ALERT] == alerts


def test_other_thresholds_are_answered_afresh(monkeypatch):
    from clinic.models import ClinicProfile

    monkeypatch.setattr(factories, "_ANSWERED", {})
    factories.draft_intake()
    ClinicProfile.objects.update(pcl5_cutoff=40)
    factories.draft_intake(email="second@example.org")
    assert len(factories._ANSWERED) == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_on_committed_data(monkeypatch, committed_clinic_defaults):
    """Outside a test's transaction too (browser and fault tests), urgent alerts included."""
    monkeypatch.setattr(factories, "_ANSWERED", {})
    answers = likely_answers({"phq-9": {"44260-8": "LA6569-3"}, "asq": ASQ_ACUTE})
    through_services = factories.submitted_intake(email="first@example.org", answers=answers)
    copied = factories.submitted_intake(email="second@example.org", answers=answers)
    assert _stored(copied) == _stored(through_services)
