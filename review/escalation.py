"""When an urgent case nobody has acknowledged is alerted again. Plain Python: the
periodic job applies it, the tests read it directly.

The first alert goes when the case turns urgent. The second goes to the clinicians after
the clinic's re-alert time; from the third on, every escalation interval, clinic admins and
the clinic's own address are told as well, until someone acknowledges the case.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def next_alert_due(*, urgent_since: datetime, alerts_sent: int, realert_after: timedelta,
                   escalate_every: timedelta) -> datetime:
    """When the next alert is due, given how many were sent (at least the first)."""
    if alerts_sent <= 1:
        return urgent_since + realert_after
    return urgent_since + realert_after + (alerts_sent - 1) * escalate_every


def escalates(alert_number: int) -> bool:
    """Whether this alert (1 = the first) goes beyond the clinicians."""
    return alert_number >= 3
