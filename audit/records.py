"""Records that cannot be rewritten, as database triggers (django-pgtrigger). The second
line of defence: the app's own PostgreSQL role is not granted UPDATE or DELETE on these
tables in the first place (`manage.py db_roles`), and these triggers refuse the statements
for every role, the owner's included.

The one sanctioned erasure (retention, "erase this person") lifts a trigger for that
statement alone with `pgtrigger.ignore`, in one service that leaves an audit row.
"""

import pgtrigger

# Trigger names the database-role setup reads to know which tables to protect.
APPEND_ONLY = "append_only"
LOCKED_ONCE_SUBMITTED = "locked_once_submitted"


def append_only() -> pgtrigger.Protect:
    """Rows are added, never changed or removed (a correction is a new row)."""
    return pgtrigger.Protect(name=APPEND_ONLY, operation=pgtrigger.Update | pgtrigger.Delete)


def locked_once_submitted() -> pgtrigger.Protect:
    """Editable while the client is still writing; frozen from the moment the row's
    `submitted_at` is set (the submission itself is the last change allowed)."""
    return pgtrigger.Protect(
        name=LOCKED_ONCE_SUBMITTED, operation=pgtrigger.Update | pgtrigger.Delete,
        condition=pgtrigger.Q(old__submitted_at__isnull=False))


def protected_tables(trigger_name: str) -> list[str]:
    """The tables of every model that carries the named trigger."""
    from django.apps import apps

    return sorted(
        model._meta.db_table for model in apps.get_models()
        if any(t.name == trigger_name for t in getattr(model._meta, "triggers", ()))
    )
