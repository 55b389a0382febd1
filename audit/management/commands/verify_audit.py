"""Walk the audit trail's hash chain and name the first row that was changed, inserted or
removed after it was written (audit.chain)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit import chain
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit 1 at the first break."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = AuditEvent.objects.order_by("id").only(
            "id", "created_at", "actor_id", "action", "intake_id", "ip_address", "detail",
            "prev_hash", "hash").iterator(chunk_size=2000)
        count = 0

        def counted() -> Any:
            nonlocal count
            for row in rows:
                count += 1
                yield row

        first = next(chain.breaks(counted()), None)
        if first is not None:
            raise CommandError(str(first))
        self.stdout.write(f"The audit trail's {count} rows are as they were written.")
