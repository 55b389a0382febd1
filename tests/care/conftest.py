import re

import pytest
from django.core import mail

from care import services
from tests import factories


@pytest.fixture
def approved(clinician):
    """Approved, with the application's own emails already sent: what a test sees in
    the outbox is the course's."""
    from tests.jobs import run_due_jobs

    intake = factories.approved_intake(by=clinician)
    run_due_jobs()
    mail.outbox.clear()
    return intake


@pytest.fixture
def course(approved, clinician):
    return services.course_start(intake=approved, by=clinician, instruments=["phq-9", "pcl-5"],
                                 at_baseline=True, before_sessions=True, every_weeks=4,
                                 ip_address=None)


def check_in_links() -> list[str]:
    """The check-in links in the emails sent so far, oldest first."""
    return [path for message in mail.outbox
            for path in re.findall(r"https?://[^/\s]+(/care/check-in/[^/\s]+/)", message.body)]
