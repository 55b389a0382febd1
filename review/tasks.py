"""The review's periodic jobs, run by the worker (see outbox/tasks.py for how)."""

from procrastinate.contrib.django import app

from review.services import retention_apply, stats_snapshot_refresh, urgent_realerts_send


@app.periodic(cron="* * * * *", periodic_id="urgent-realerts")
@app.task(name="review.urgent_realerts", queueing_lock="review.urgent_realerts")
def urgent_realerts(timestamp: int) -> int:
    """Every minute: urgent cases nobody has acknowledged are alerted again, then
    escalated, until someone does."""
    return urgent_realerts_send()


@app.periodic(cron="41 3 * * *", periodic_id="retention")
@app.task(name="review.retention", queueing_lock="review.retention")
def retention(timestamp: int) -> dict[str, int]:
    """Nightly: the clinic's retention policy erases what it has kept long enough."""
    return retention_apply()


@app.periodic(cron="*/5 * * * *", periodic_id="stats-snapshot")
@app.task(name="review.stats_snapshot", queueing_lock="review.stats_snapshot")
def stats_snapshot(timestamp: int) -> str:
    """Every five minutes: the statistics counted again for the page to read."""
    return str(stats_snapshot_refresh())
