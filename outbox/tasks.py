"""Jobs of the outbox, run by the worker (`manage.py queue_worker`).

A periodic job is a function with two decorators here or in another app's `tasks.py`:
`@app.periodic(cron=...)` over `@app.task(...)`. Workers defer it; the database makes sure
each period is deferred once, however many workers run.
"""

from django.db import InterfaceError, OperationalError
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from outbox import services


# A try cut short by the database going away (a restart, a failover) recorded nothing:
# it runs again every few seconds for a few minutes, rather than waiting for the sweep
# (which still catches one whose database stayed away longer).
@app.task(name=services.DELIVER_TASK, retry=RetryStrategy(
    max_attempts=50, wait=5, retry_exceptions={OperationalError, InterfaceError}))
def deliver(message_id: int) -> str:
    return services.message_deliver(message_id=message_id)


@app.periodic(cron="*/5 * * * *", periodic_id="outbox-sweep")
@app.task(name="outbox.sweep", queueing_lock="outbox.sweep")
def sweep(timestamp: int) -> int:
    return services.messages_sweep()


# Jobs of a worker that died (killed, machine lost) stay "doing"; other workers notice its
# heartbeat stopped and run them again. Nothing is lost, and a message already sent is
# recorded as such, so it is not sent twice.
@app.periodic(cron="* * * * *", periodic_id="retry-stalled-jobs")
@app.task(name="outbox.retry_stalled_jobs", queueing_lock="retry-stalled-jobs")
async def retry_stalled_jobs(timestamp: int) -> int:
    stalled = list(await app.job_manager.get_stalled_jobs())
    for job in stalled:
        await app.job_manager.retry_job(job)
    return len(stalled)
