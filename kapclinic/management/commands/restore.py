"""`manage.py restore FILE [--force]`: load a backup made by `manage.py backup` into the
configured database, then give the app's role its grants again (`db_roles`)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kapclinic.backups import BackupError, restore, user_objects

from ._owner import require_owner


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into the configured database, as "
            "the tables' owner (DATABASE_ROLE=owner); refuses a database that is not empty "
            "unless --force.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file to restore.")
        parser.add_argument(
            "--force", action="store_true",
            help="Restore over a database that is not empty: each object the backup holds "
                 "is dropped and made again from the backup.")

    def handle(self, *args: Any, file: Path, force: bool = False, **options: Any) -> None:
        require_owner("restore")
        name = connection.settings_dict["NAME"]
        found = user_objects(connection)
        if found and not force:
            raise CommandError(
                f"Database {name} is not empty (it holds {', '.join(found)}, ...). Restore "
                "into a new, empty database, or pass --force to replace what it holds with "
                "the backup's contents (stop the web servers and queue workers first).")
        try:
            done = restore(connection, file, replace=bool(found))
        except BackupError as error:
            raise CommandError(f"{error}\nNothing was restored: {name} is as it was.") from error
        self.stdout.write(f"Restored {file} into database {name} ({done['tables']} tables) "
                          f"with {done['tool'].path} (PostgreSQL {done['tool'].major}).")
        # The backup's grants were left out: the app's role gets its own from db_roles.
        embedded = settings.DATABASES["default"]["ENGINE"] == "kapclinic.embedded_postgres"
        call_command("db_roles", create=embedded, stdout=self.stdout, stderr=self.stderr)
        self._say_how_it_fits()

    def _say_how_it_fits(self) -> None:
        """A backup from another release: what to run next."""
        executor = MigrationExecutor(connection)
        graph = executor.loader.graph
        on_disk = executor.loader.disk_migrations
        unknown = [m for m in executor.loader.applied_migrations if m not in on_disk]
        missing = executor.migration_plan(graph.leaf_nodes())
        if unknown:
            self.stdout.write(self.style.WARNING(
                f"The backup was made by a newer release ({len(unknown)} migrations this code "
                "does not know, such as {0}.{1}): run that release's code.".format(*unknown[0])))
        elif missing:
            self.stdout.write(self.style.WARNING(
                f"The backup predates {len(missing)} migrations of this release: run "
                "`DATABASE_ROLE=owner python manage.py migrate`, then `db_roles`."))
        self.stdout.write("Check the audit trail with `python manage.py verify_audit` (it needs "
                          "the AUDIT_CHAIN_KEY the backed-up site used).")
