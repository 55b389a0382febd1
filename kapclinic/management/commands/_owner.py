"""What the backup commands ask of the role they connect as."""

from django.conf import settings
from django.core.management.base import CommandError


def require_owner(command: str) -> None:
    """Only the tables' owner reads every row (row-level security lets the app's role see
    less) and may create, drop and own the tables a restore brings back."""
    if settings.DATABASE_ROLE != "owner":
        raise CommandError(
            f"Run {command} as the tables' owner: DATABASE_ROLE=owner (and, on an external "
            "server, DATABASE_OWNER_URL set to the owner's connection).")
