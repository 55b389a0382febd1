from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench.seed import seed


class Command(BaseCommand):
    help = ("Benchmarks only (bench.settings): add N submitted intakes with their answers, "
            "assessments, status history, notes and audit rows, in bulk.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", nargs="?", type=int, default=100_000)

    def _refuse_other_databases(self) -> None:
        if connection.settings_dict["NAME"] in ("postgres", "kapclinic"):
            raise CommandError("seed fills the benchmarks' own database: run it with "
                               "DJANGO_SETTINGS_MODULE=bench.settings (make bench does).")

    def handle(self, *args: Any, count: int, **options: Any) -> None:
        self._refuse_other_databases()
        added = seed(count)
        self.stdout.write(", ".join(f"{table}: {rows}" for table, rows in added.items()))
