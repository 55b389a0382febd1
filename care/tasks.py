"""The course of care's periodic job, run by the worker (see outbox/tasks.py for how)."""

from procrastinate.contrib.django import app

from care.services import measures_ask


@app.periodic(cron="23 * * * *", periodic_id="care-measures")
@app.task(name="care.measures_ask", queueing_lock="care.measures_ask")
def ask_measures(timestamp: int) -> dict[str, int]:
    """Hourly: each measure asked on its day (care/plan.py), one reminder two days on."""
    return measures_ask()
