from datetime import timedelta

from django.utils import timezone
from procrastinate.contrib.django import app

from throttle.services import hits_forget


@app.periodic(cron="23 * * * *", periodic_id="throttle-forget")
@app.task(name="throttle.forget", queueing_lock="throttle.forget")
def forget(timestamp: int) -> int:
    """Hourly: counters of windows over a day old (every limit's window is shorter)."""
    return hits_forget(before=timezone.now() - timedelta(days=1))
