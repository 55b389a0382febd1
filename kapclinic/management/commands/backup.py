"""`manage.py backup FILE`: the whole configured database in one file (pg_dump's custom
format), for `manage.py restore FILE` (README, Backup and restore)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from kapclinic.backups import BackupError, backup

from ._owner import require_owner


class Command(BaseCommand):
    help = ("Back the configured database up into FILE (pg_dump's custom format), as the "
            "tables' owner (DATABASE_ROLE=owner).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file to write (replaced "
                            "only once the new backup is complete).")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        require_owner("backup")
        try:
            made = backup(connection, file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up database {made['database']} ({made['tables']} tables, "
                          f"{made['size']:,} bytes) to {file} with {made['tool'].path} "
                          f"(PostgreSQL {made['tool'].major}).")
