from typing import Any

from django.core.management.base import BaseCommand

from intake.services import draft_reminders_send


class Command(BaseCommand):
    help = ("Queue a reminder for clients whose draft was left unfinished for 2 days, and "
            "again after 7; never more than twice. The worker already does this every "
            "hour; this runs it once by hand.")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = draft_reminders_send()
        self.stdout.write(f"Queued {queued} reminder(s).")
