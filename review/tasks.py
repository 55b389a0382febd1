"""The review's periodic jobs, run by the worker (see outbox/tasks.py for how)."""

from procrastinate.contrib.django import app

from review.services import urgent_realerts_send


@app.periodic(cron="* * * * *", periodic_id="urgent-realerts")
@app.task(name="review.urgent_realerts", queueing_lock="review.urgent_realerts")
def urgent_realerts(timestamp: int) -> int:
    """Every minute: urgent cases nobody has acknowledged are alerted again, then
    escalated, until someone does."""
    return urgent_realerts_send()
