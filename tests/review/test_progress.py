"""The progress chart's geometry (review/progress.py): points by date and total, the course's
sessions on the time axis, and the change rules' levels from the first total."""

from datetime import date, timedelta

from review.progress import PAD_BOTTOM, PAD_LEFT, PAD_RIGHT, PAD_TOP, progress_chart

START = date(2026, 3, 2)


def _course_of_eight():
    """A baseline, then a PHQ-9 before each of 8 weekly sessions and one at the end."""
    sessions = [(START + timedelta(weeks=n, days=1), f"Session {n + 1}") for n in range(8)]
    totals = [(START, 18)] + [(START + timedelta(weeks=n + 1), t)
                              for n, t in enumerate([16, 15, 13, 12, 10, 8, 6, 4])]
    return totals, sessions


def test_a_course_of_eight_sessions_draws_each_total_in_its_place():
    totals, sessions = _course_of_eight()
    chart = progress_chart("phq-9", list(reversed(totals)), sessions)  # any order in
    left, top, right, bottom = chart.plot
    assert (left, top, right, bottom) == (PAD_LEFT, PAD_TOP, 560 - PAD_RIGHT, 240 - PAD_BOTTOM)
    assert chart.top == 27  # the PHQ-9's highest total is the top of the axis
    assert [p.total for p in chart.points] == [18, 16, 15, 13, 12, 10, 8, 6, 4]
    first, last = chart.points[0], chart.points[-1]
    assert first.x == left and last.x == right  # the answers span the time axis
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs) and len(set(xs)) == 9  # a week apart, left to right
    # The height is the total's share of 27, measured up from the bottom.
    for point in chart.points:
        assert abs(point.y - (bottom - (bottom - top) * point.total / 27)) < 0.06
    assert chart.path.startswith(f"M {first.x} {first.y} L ") and chart.path.count("L") == 8
    assert [m.label for m in chart.sessions] == [f"Session {n}" for n in range(1, 9)]
    assert all(left < m.x < right for m in chart.sessions)
    assert [m.x for m in chart.sessions] == sorted(m.x for m in chart.sessions)


def test_the_phq9_levels_come_from_the_first_total():
    totals, sessions = _course_of_eight()
    levels = {level.label: level.total for level in progress_chart("phq-9", totals).levels}
    assert levels == {"Smallest change that matters": 13, "Remission: under 5": 5,
                      "Reliably worse": 23}


def test_the_pcl5_draws_its_significant_total_only_from_above_it():
    high = {lv.label: lv.total for lv in progress_chart(
        "pcl-5", [(START, 52), (START + timedelta(days=30), 40)]).levels}
    assert high == {"Smallest change that matters": 42,
                    "Clinically significant: 28 or less": 28, "Reliably worse": 67}
    low = {lv.label for lv in progress_chart("pcl-5", [(START, 24)]).levels}
    assert "Clinically significant: 28 or less" not in low


def test_the_gad7_draws_no_levels_and_a_level_past_the_axis_is_left_out():
    assert progress_chart("gad-7", [(START, 15), (START + timedelta(weeks=2), 9)]).levels == []
    near_top = {lv.label for lv in progress_chart("phq-9", [(START, 24)]).levels}
    assert "Reliably worse" not in near_top  # 29 is past the PHQ-9's 27


def test_one_answer_sits_in_the_middle_and_no_answers_draw_nothing():
    one = progress_chart("phq-9", [(START, 9)])
    assert one.points[0].x == (PAD_LEFT + 560 - PAD_RIGHT) / 2 and one.path.count("L") == 0
    empty = progress_chart("phq-9", [])
    assert empty.points == [] and empty.path == "" and empty.levels == []
    assert [total for total, _y in empty.ticks] == [0, 7, 14, 20, 27]


def test_totals_of_one_day_keep_the_order_they_were_answered_in():
    """A baseline and a session's check-in are often answered the same day: the first
    answered stays the baseline, whatever its value."""
    from datetime import date as day_of

    from review.progress import progress_chart as chart_of

    same = day_of(2027, 3, 1)
    drawn = chart_of("pcl-5", [(same, 40), (same, 20), (same, 0)])
    assert [p.total for p in drawn.points] == [40, 20, 0]
    assert {level.total for level in drawn.levels} >= {30, 28}  # from 40: 40-10, and 28
