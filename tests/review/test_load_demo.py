"""The development demo data."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from review.selectors import review_queue

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_outside_development():
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo")


@override_settings(DEBUG=True)
def test_load_demo_makes_staff_and_one_intake_per_tier(django_user_model, capsys):
    call_command("load_demo")
    call_command("load_demo")  # a second run (every `make run`) adds nothing
    tiers = [intake.assessment.tier for intake in review_queue()]
    assert tiers == ["urgent", "likely", "possible", "unlikely"]
    assert django_user_model.objects.filter(username__endswith="@example.org").count() == 2
    assert "clinician@example.org" in capsys.readouterr().out
    # One case shows a request for more information, answered.
    jordan = next(i for i in review_queue() if i.first_name == "Jordan")
    assert jordan.resubmitted_at and jordan.assessments.count() == 2
