from typing import Any

from django.core.management.base import BaseCommand

from intake.services import draft_reminders_send


class Command(BaseCommand):
    help = ("Email a resume link to clients whose draft was left unfinished for 2 days, and "
            "again after 7; never more than twice. Meant for cron, e.g. hourly.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = draft_reminders_send()
        self.stdout.write(f"Sent {sent} reminder(s).")
