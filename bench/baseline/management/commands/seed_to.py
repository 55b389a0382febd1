from typing import Any

from django.core.management.base import CommandParser

from bench.baseline.management.commands.seed import Command as Seed
from bench.seed import seed_to


class Command(Seed):
    help = "Benchmarks only: seed until the database holds N seeded intakes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("total", type=int)

    def handle(self, *args: Any, total: int, **options: Any) -> None:
        self._refuse_other_databases()
        added = seed_to(total)
        self.stdout.write(", ".join(f"{table}: {rows}" for table, rows in added.items())
                          or "nothing to add")
