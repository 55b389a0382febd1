"""The clinicians' statistics: counts made in PostgreSQL with a fixed number of queries,
and a page whose numbers are in each chart's text
alternative and in a table under it. Expected numbers are worked out by hand from the data
each test makes through the services."""

import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import services as intake_services
from intake import workflow
from review import services, stats
from review.charts import dashboard_charts
from review.stats import BinCount, Funnel, WeekCount
from screening import battery
from screening.definitions import gad7, phq9
from screening.examples import likely_answers
from tests import factories

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")  # the settings' TIME_ZONE: weeks are clinic weeks
NEARLY_EVERY_DAY = "LA6571-9"  # PHQ-9 item score 3
# Changes to likely_answers() for the other screening results (as in load_demo).
POSSIBLE = {"medical": {"heart-condition": "yes"}}
UNLIKELY = {
    "candidacy": {"childhood-trauma": "no", "trauma-pattern": "none",
                  "trauma-linked-symptoms": "no", "therapy-relief": "much"},
    "pc-ptsd-5": {"102011-4": "LA32-8"}, "ace": {"ace-1": "LA32-8", "ace-4": "LA32-8"},
}
URGENT = {"phq-9": {"44260-8": "LA6569-3"}}  # PHQ-9 item 9 above 0; base tier stays likely


@contextmanager
def clock(at: datetime):
    """Everything that asks django.utils.timezone for the time (services, auto_now_add)
    gets `at`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def _submitted_at(at: datetime, **kwargs):
    """A complete draft made now (the consent text must already be published), submitted at
    `at`."""
    draft = factories.draft_intake(**kwargs)
    with clock(at):
        return intake_services.intake_submit(intake_id=draft.pk)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# -- submissions_per_week ----------------------------------------------------------------

def test_submissions_per_week_counts_each_week_oldest_first_with_empty_weeks_as_zero():
    now = timezone.now()
    _submitted_at(now - timedelta(weeks=2), email="two-weeks@example.org")
    _submitted_at(now - timedelta(weeks=20), email="long-ago@example.org")  # outside
    latest = [factories.submitted_intake(email=f"now{n}@example.org") for n in range(3)]
    factories.draft_intake(email="draft@example.org")  # never submitted: not counted
    today = timezone.localdate(latest[-1].submitted_at)
    monday = _monday(today)

    assert stats.submissions_per_week(weeks=4, today=today) == [
        WeekCount(monday - timedelta(weeks=3), 0),
        WeekCount(monday - timedelta(weeks=2), 1),
        WeekCount(monday - timedelta(weeks=1), 0),
        WeekCount(monday, 3),
    ]
    twelve = stats.submissions_per_week(today=today)
    assert len(twelve) == 12
    assert twelve[0].week_start == monday - timedelta(weeks=11)
    assert [w.count for w in twelve] == [0] * 9 + [1, 0, 3]


def test_weeks_are_clinic_weeks_from_monday_in_the_clinic_time_zone():
    """Sunday 23:30 in New York is already Monday in UTC; it still counts in the week that
    began the Monday before."""
    sunday_night = datetime(2026, 3, 1, 23, 30, tzinfo=NEW_YORK)
    monday_morning = datetime(2026, 3, 2, 0, 30, tzinfo=NEW_YORK)
    _submitted_at(sunday_night, email="sun@example.org")
    _submitted_at(monday_morning, email="mon@example.org")
    assert stats.submissions_per_week(weeks=2, today=date(2026, 3, 4)) == [
        WeekCount(date(2026, 2, 23), 1),
        WeekCount(date(2026, 3, 2), 1),
    ]


# -- funnel ------------------------------------------------------------------------------

def test_funnel_counts_each_intake_once_at_every_step_it_reached(clinician):
    factories.draft_intake(email="draft@example.org")
    noted, approved, untouched = (factories.submitted_intake(email=f"{name}@example.org")
                                  for name in ("noted", "approved", "untouched"))
    urgent = factories.submitted_intake(email="urgent@example.org",
                                        answers=likely_answers(URGENT))
    # Two notes on one intake: still one reviewed intake.
    for body in ("Called, left a message.", "Called again."):
        services.note_add(intake=noted, author=clinician, body=body, ip_address=None)
    services.status_change(intake=approved, move=workflow.Move("in-review"), by=clinician,
                           ip_address=None)
    services.status_change(
        intake=approved, move=workflow.Move("approved", "indications-met", "Fits well."),
        by=clinician, ip_address=None)
    services.acknowledgement_record(intake=urgent, by=clinician,
                                    action_taken="Called; safety plan agreed.", ip_address=None)
    assert untouched.status == "submitted"

    assert stats.funnel() == Funnel(started=5, submitted=4, reviewed=3, approved=1)


def test_funnel_of_an_empty_clinic_is_all_zero():
    assert stats.funnel() == Funnel(started=0, submitted=0, reviewed=0, approved=0)


# -- tiers -------------------------------------------------------------------------------

def test_tiers_count_base_tiers_and_urgent_cases_on_top():
    factories.submitted_intake(email="likely@example.org")
    factories.submitted_intake(email="possible@example.org", answers=likely_answers(POSSIBLE))
    factories.submitted_intake(email="unlikely@example.org", answers=likely_answers(UNLIKELY))
    factories.submitted_intake(email="urgent@example.org", answers=likely_answers(URGENT))
    factories.draft_intake(email="draft@example.org")

    result = stats.tiers()
    assert [(row.tier, row.count) for row in result.rows] == [
        ("likely", 2), ("possible", 1), ("unlikely", 1)]
    assert str(result.rows[0].label) == "Likely candidate"
    assert (result.urgent, result.total) == (1, 4)


# -- median_hours_to_first_review --------------------------------------------------------

def test_median_hours_to_first_review_uses_each_intakes_first_clinician_action(clinician):
    t0 = timezone.now() - timedelta(days=3)
    note_after_1h = _submitted_at(t0, email="a@example.org")
    note_3h_then_status_5h = _submitted_at(t0, email="b@example.org")
    status_6h = _submitted_at(t0 + timedelta(hours=1), email="c@example.org")
    acknowledged_10h = _submitted_at(t0, email="d@example.org", answers=likely_answers(URGENT))
    _submitted_at(t0, email="never@example.org")  # not reviewed: left out
    factories.draft_intake(email="draft@example.org")

    with clock(t0 + timedelta(hours=1)):
        services.note_add(intake=note_after_1h, author=clinician, body="x", ip_address=None)
    with clock(t0 + timedelta(hours=3)):
        services.note_add(intake=note_3h_then_status_5h, author=clinician, body="x",
                          ip_address=None)
    with clock(t0 + timedelta(hours=5)):
        services.status_change(intake=note_3h_then_status_5h, move=workflow.Move("in-review"),
                               by=clinician, ip_address=None)
    with clock(t0 + timedelta(hours=7)):
        services.status_change(intake=status_6h, move=workflow.Move("in-review"),
                               by=clinician, ip_address=None)
    with clock(t0 + timedelta(hours=10)):
        services.acknowledgement_record(intake=acknowledged_10h, by=clinician,
                                        action_taken="Called.", ip_address=None)
        services.note_add(intake=acknowledged_10h, author=clinician, body="x",
                          ip_address=None)

    # Waits 1, 3, 6 and 10 hours: the median of four is the mean of the middle two.
    assert stats.median_hours_to_first_review() == pytest.approx(4.5)


def test_median_hours_to_first_review_is_none_while_nobody_was_reviewed():
    factories.submitted_intake()
    assert stats.median_hours_to_first_review() is None


# -- score_distribution ------------------------------------------------------------------

def _without(answers: dict, code: str, link_id: str) -> dict:
    del answers[code][link_id]
    return answers


@pytest.fixture
def four_scored(db):
    """PHQ-9 totals 0, 6, 15 and one missing an item; GAD-7 0, 0, missing, 0; PCL-5 40 for
    the three who were asked it, and not asked of the fourth (no trauma exposure)."""
    phq9_6 = {"44250-9": NEARLY_EVERY_DAY, "44255-8": NEARLY_EVERY_DAY}
    phq9_15 = {link_id: NEARLY_EVERY_DAY for link_id in phq9.PROBLEM_IDS[:5]}
    factories.submitted_intake(email="zero@example.org")
    factories.submitted_intake(email="six@example.org",
                               answers=likely_answers({"phq-9": phq9_6}))
    factories.submitted_intake(
        email="fifteen@example.org",
        answers=_without(likely_answers({"phq-9": phq9_15}), "gad-7", "69725-0"))
    factories.submitted_intake(
        email="missing@example.org",
        answers=_without(likely_answers({"pc-ptsd-5": {"102011-4": "LA32-8"}}),
                         "phq-9", "44250-9"))


def test_score_histograms_count_totals_by_bin_and_unscorable_totals_apart(four_scored):
    phq = stats.score_distribution("phq-9")
    assert [(b.label, b.count) for b in phq.bins] == [
        ("0\u20134", 1), ("5\u20139", 1), ("10\u201314", 0), ("15\u201319", 1), ("20\u201327", 0)]
    assert (phq.cannot_be_scored, phq.not_answered, phq.scored) == (1, 0, 3)

    gad = stats.score_distribution("gad-7")
    assert [b.count for b in gad.bins] == [3, 0, 0, 0]
    assert (gad.cannot_be_scored, gad.not_answered) == (1, 0)

    pcl = stats.score_distribution("pcl-5")
    assert pcl.bins == [BinCount(0, 19, 0), BinCount(20, 32, 0), BinCount(33, 49, 3),
                        BinCount(50, 80, 0)]
    assert (pcl.cannot_be_scored, pcl.not_answered) == (0, 1)


def test_score_histogram_takes_other_bins(four_scored):
    pcl = stats.score_distribution("pcl-5", bins=[(0, 39), (40, 80)])
    assert [b.count for b in pcl.bins] == [0, 3]


def test_a_declined_questionnaire_is_not_answered_rather_than_unscorable():
    answers = likely_answers()
    del answers["phq-9"]  # skipped before answering
    draft = factories.draft_intake(answers=answers)
    intake_services.section_decline(intake=draft, section=battery.section_of("phq-9"))
    intake_services.intake_submit(intake_id=draft.pk)
    phq = stats.score_distribution("phq-9")
    assert (phq.scored, phq.cannot_be_scored, phq.not_answered) == (0, 0, 1)


def test_phq9_and_gad7_bins_are_their_published_severity_bands():
    assert stats.SCORE_BINS["phq-9"] == tuple((b.low, b.high) for b in phq9.BANDS)
    assert stats.SCORE_BINS["gad-7"] == tuple((b.low, b.high) for b in gad7.BANDS)


# -- dashboard and the page --------------------------------------------------------------

def test_dashboard_query_count_does_not_grow_with_the_number_of_intakes(clinician):
    first = factories.submitted_intake(email="first@example.org")
    services.note_add(intake=first, author=clinician, body="x", ip_address=None)
    with CaptureQueriesContext(connection) as with_one:
        stats.dashboard()
    for n in range(20):
        intake = factories.submitted_intake(email=f"p{n}@example.org")
        if n % 3 == 0:
            services.note_add(intake=intake, author=clinician, body="x", ip_address=None)
    with CaptureQueriesContext(connection) as with_many:
        assert stats.dashboard().funnel.submitted == 21
    assert len(with_many.captured_queries) == len(with_one.captured_queries) == 6


class _Tables(HTMLParser):
    """Each <table> of a page as {caption: [[cell text, ...], ...]}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] = []
        self._caption: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self._rows, self._caption = [], []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.tables[" ".join("".join(self._caption or []).split())] = self._rows
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None and not self._rows:
            self._caption.append(data)


def _page() -> str:
    """The statistics page as the view renders it: the numbers and their charts."""
    numbers = stats.dashboard()
    return render_to_string("review/stats.html", {"stats": numbers,
                                                  "charts": dashboard_charts(numbers)})


def _tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_the_page_draws_each_chart_as_an_svg_image_with_its_numbers_in_a_table(
    clinician, four_scored,
):
    factories.submitted_intake(email="possible@example.org", answers=likely_answers(POSSIBLE))
    factories.draft_intake(email="draft@example.org")
    html = _page()

    assert "<h1>Statistics</h1>" in html
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 5  # per week, by tier, PHQ-9, GAD-7, PCL-5
    for svg in svgs:
        assert 'role="img"' in svg
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg)[1].split()
        assert re.search(rf'<title id="{labelled_by[0]}">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{labelled_by[1]}">[^<]+</desc>', svg)
    assert ('<desc id="chart-phq-9-desc">0\u20134: 2; 5\u20139: 1; 10\u201314: 0; '
            "15\u201319: 1; 20\u201327: 0. Total: 4.</desc>") in html

    tables = _tables(html)
    weekly = next(rows for caption, rows in tables.items() if caption.startswith("Submissions"))
    assert weekly[-1][1] == "5" and len(weekly) == 1 + 12
    funnel = tables["How far intakes have got, each step counting the intakes that reached it"]
    assert funnel[1:] == [
        ["Started (unfinished drafts included)", "6"], ["Submitted", "5"],
        ["Reviewed (a clinician changed the status, wrote a note or acknowledged an urgent "
         "case)", "0"],
        ["Approved for consultation", "0"]]
    tiers = next(rows for caption, rows in tables.items() if "screening result" in caption)
    # The fourth of `four_scored` has no PCL-5 and a PHQ-9 that cannot be scored, so only
    # the client's own link speaks for trauma-linked symptoms: "possible", not "likely".
    assert tiers[1:] == [
        ["Likely candidate", "3"], ["Possible candidate, needs review", "2"],
        ["Unlikely at this time, needs review", "0"],
        ["Of these, urgent safety follow-up", "0"], ["Total", "5"]]
    phq = tables["PHQ-9 total scores (depression)"]
    assert phq[1:] == [["0\u20134", "2"], ["5\u20139", "1"], ["10\u201314", "0"],
                       ["15\u201319", "1"], ["20\u201327", "0"],
                       ["Cannot be scored (items unanswered)", "1"],
                       ["Not answered (skipped or not asked)", "0"]]
    assert tables["PCL-5 total scores (PTSD symptoms)"][-1] == [
        "Not answered (skipped or not asked)", "1"]
    assert "No submitted intake has been reviewed yet" in html


def test_the_page_gives_the_median_wait_in_hours(clinician):
    t0 = timezone.now() - timedelta(days=1)
    intake = _submitted_at(t0)
    with clock(t0 + timedelta(hours=2, minutes=30)):
        services.note_add(intake=intake, author=clinician, body="x", ip_address=None)
    html = _page()
    assert "first action: 2.5 hours." in html
    assert "No submitted intake has been reviewed yet" not in html


def test_time_to_acknowledge_gives_the_median_and_the_90th_percentile(clinician):
    from intake.models import Intake

    assert stats.time_to_acknowledge() == stats.AcknowledgeTimes(0, None, None)
    urgent = likely_answers({"phq-9": {"44260-8": "LA6570-1"}})
    for n, minutes in enumerate((10, 20, 30, 40, 100)):
        intake = factories.submitted_intake(email=f"u{n}@example.org", answers=urgent)
        since = Intake.objects.get(pk=intake.pk).urgent_since
        with clock(since + timedelta(minutes=minutes)):
            services.acknowledgement_record(intake=intake, by=clinician, action_taken="Called.",
                                            ip_address=None)
    times = stats.time_to_acknowledge()
    # percentile_cont: the middle of 10..100, and 90% of the way along the sorted waits.
    assert times.acknowledged == 5 and times.median_minutes == pytest.approx(30)
    assert times.p90_minutes == pytest.approx(40 + 0.6 * 60)
    html = _page()
    assert "median 30 minutes, 90th percentile 76 minutes (5 acknowledged)" in html


# -- The kept numbers (a queue job every five minutes) -----------------------------------

def test_the_kept_numbers_read_back_as_counted(clinician, four_scored):
    numbers = stats.dashboard()
    assert stats.dashboard_from_json(stats.dashboard_to_json(numbers)) == numbers


def test_the_page_reads_the_kept_numbers_while_fresh_and_counts_afresh_when_stale(
        client, clinician, four_scored):
    from review.models import StatsSnapshot
    from review.tasks import stats_snapshot

    stats_snapshot(timestamp=0)  # the job, as the worker runs it
    factories.submitted_intake(email="later@example.org")  # after the count
    factories.staff_login(client, clinician)
    with CaptureQueriesContext(connection) as kept:
        html = client.get("/staff/stats/").content.decode()
    funnel = "How far intakes have got, each step counting the intakes that reached it"
    assert _tables(html)[funnel][2] == ["Submitted", "4"]  # as counted, not yet the fifth
    assert not any("percentile_cont" in q["sql"] for q in kept.captured_queries)
    assert "brought up to date every five minutes" in html

    StatsSnapshot.objects.update(computed_at=timezone.now() - stats.SNAPSHOT_FRESH_FOR
                                 - timedelta(seconds=1))  # the worker stopped
    html = client.get("/staff/stats/").content.decode()
    assert _tables(html)[funnel][2] == ["Submitted", "5"]
    assert StatsSnapshot.objects.get().data["funnel"][1] == 4  # the read kept nothing


def test_the_stats_page_takes_seven_queries_from_its_snapshot(client, clinician,
                                                              django_assert_num_queries):
    """The session, its user, their second-step device, their permissions (one query), the
    snapshot the worker refreshes every 5 minutes, the clinic with its crisis lines, and
    its email problems: whatever the number of intakes behind the figures."""
    factories.submitted_intake()
    services.stats_snapshot_refresh()
    factories.staff_login(client, clinician)
    client.get("/staff/stats/")  # the session's once-a-minute renewal happens here
    with django_assert_num_queries(7):
        response = client.get("/staff/stats/")
    assert response.status_code == 200
