"""The intake's periodic jobs, run by the worker (see outbox/tasks.py for how)."""

from procrastinate.contrib.django import app

from intake.services import draft_reminders_send


@app.periodic(cron="17 * * * *", periodic_id="draft-reminders")
@app.task(name="intake.draft_reminders", queueing_lock="intake.draft_reminders")
def draft_reminders(timestamp: int) -> int:
    """Hourly: reminders go out 2 and 7 days after a draft was last touched."""
    return draft_reminders_send()
