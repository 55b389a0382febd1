import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outbox.models import OutgoingMessage
from outbox.services import test_email_send


class Command(BaseCommand):
    help = ("Queue a test email to a staff address; with --wait, wait for a worker to send "
            "it (exit status 1 if none did in time). Checks mail settings and workers.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address")
        parser.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                            help="Wait up to this long for the email to be marked sent.")

    def handle(self, *args: Any, address: str, wait: float, **options: Any) -> None:
        message = test_email_send(address=address)
        self.stdout.write(f"Queued test email #{message.pk}.")
        deadline = time.monotonic() + wait
        while wait:
            message.refresh_from_db()
            if message.status == OutgoingMessage.Status.SENT:
                self.stdout.write(f"Sent after {message.attempts} try(s).")
                return
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Not sent after {wait:g} s (status: {message.status}, last error: "
                    f"{message.last_error or 'none'}). Is a worker running?")
            time.sleep(0.2)
