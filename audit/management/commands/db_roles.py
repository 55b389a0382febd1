"""Give the app's PostgreSQL role what it needs and nothing more. Run as the tables' owner
(DATABASE_ROLE=owner) after every migrate: `make migrate` does."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from audit.records import APPEND_ONLY, protected_tables


class Command(BaseCommand):
    help = ("Grant the app's database role reading and writing, except changing or "
            "removing audit rows, assessments, notes and status history.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--create", action="store_true",
                            help="Create the role if it does not exist (the embedded server).")

    def handle(self, *args: Any, create: bool = False, **options: Any) -> None:
        role = settings.APP_DATABASE_ROLE
        quoted = connection.ops.quote_name(role)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            (owner,) = cursor.fetchone()
            if owner == role:
                raise CommandError(
                    f"Connected as {role}, the app's own role: run this as the owner of the "
                    "tables (DATABASE_ROLE=owner, and DATABASE_OWNER_URL on an external "
                    "server).")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                if not create:
                    raise CommandError(f"The database role {role} does not exist; create it "
                                       "(README, Database roles) or pass --create.")
                cursor.execute(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB "
                               "NOCREATEROLE NOBYPASSRLS")
            elif found[0]:
                raise CommandError(f"{role} is a superuser: the app must run as a role that "
                                   "is not.")
            database = connection.ops.quote_name(connection.settings_dict["NAME"])
            append_only = protected_tables(APPEND_ONLY)
            statements = [
                f"GRANT CONNECT ON DATABASE {database} TO {quoted}",
                f"GRANT USAGE ON SCHEMA public TO {quoted}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                f"TO {quoted}",
                f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
                f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public "
                f"FROM {quoted}",
                # Rows added, never changed or removed (audit.records).
                *(f"REVOKE UPDATE, DELETE ON {connection.ops.quote_name(t)} FROM {quoted}"
                  for t in append_only),
                # The schema is the owner's: the app reads which migrations ran, no more.
                f"REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {quoted}",
            ]
            # The sanctioned operations the app may not do row by row: functions that run
            # as the owner (the one erasure, review/migrations/0010_erasure.py), for the app
            # alone (PostgreSQL lets everyone run a new function, and a restore, which
            # leaves the grants out, makes them anew).
            cursor.execute("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace "
                           "n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND "
                           "p.prosecdef")
            statements += [statement for (name,) in cursor.fetchall() for statement in (
                f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC",
                f"GRANT EXECUTE ON FUNCTION {name} TO {quoted}")]
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"{role}: may read and write; may not change or remove rows of "
                          f"{', '.join(append_only)}; sent answers and signatures only as "
                          "drafts (row-level security).")
