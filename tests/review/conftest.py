"""Fixtures shared by the review tests."""

import pytest

from screening.examples import likely_answers
from tests import factories


@pytest.fixture
def three(db):
    """Three submitted intakes: a likely candidate, one with heart trouble to review, and
    an urgent one with a high PCL-5."""
    likely = factories.submitted_intake(first_name="Lia", email="lia@example.org")
    heart = factories.submitted_intake(
        first_name="Hal", email="hal@example.org",
        answers=likely_answers({"medical": {"heart-condition": "yes"}}))
    urgent = factories.submitted_intake(
        first_name="Uma", email="uma@example.org",
        answers=likely_answers({"phq-9": {"44260-8": "LA6569-3"},
                                "pcl-5": {f"pcl5-{n}": "4" for n in range(1, 21)}}))
    return likely, heart, urgent
