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
    tiers = [intake.assessment.tier for intake in review_queue()
             if intake.status != "approved"]  # and one in care (below)
    assert tiers == ["urgent", "likely", "possible", "unlikely"]
    assert django_user_model.objects.filter(username__endswith="@example.org").count() == 2
    assert "clinician@example.org" in capsys.readouterr().out
    # One case shows a request for more information, answered.
    jordan = next(i for i in review_queue() if i.first_name == "Jordan")
    assert jordan.resubmitted_at and jordan.assessments.count() == 2


@override_settings(DEBUG=True)
def test_the_demo_course_of_eight_sessions_draws_its_charts(client):
    from django.urls import reverse

    from care.models import Course, DosingSession
    from tests import factories

    call_command("load_demo")
    course = Course.objects.get()
    assert DosingSession.objects.filter(course=course).count() == 8
    factories.staff_login(client, course.started_by)
    page = client.get(reverse("review:course", args=[course.intake_id]))
    charts = {chart.code: chart for chart in page.context["charts"]}
    assert set(charts) == {"phq-9", "pcl-5", "gad-7"}
    phq9 = charts["phq-9"]
    assert [p.total for p in phq9.points] == [18, 17, 15, 14, 12, 10, 9, 7]
    assert len(phq9.sessions) == 8
    assert phq9.end > phq9.points[-1].when  # the last session is still ahead
    from care.models import Measure

    assert Measure.objects.filter(course=course, completed_at__isnull=True).count() == 1
    xs = [p.x for p in phq9.points]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # one point a week, left to right
    ys = [p.y for p in phq9.points]
    assert ys == sorted(ys)  # falling totals rise on the page (lower is better, drawn lower)
    assert "Remission: under 5" in page.content.decode()
