"""Clinic admins see outgoing messages (kind, recipient role, status: never a body)."""

from django.db import migrations

from clinic.roles import Role, grant_in_migration


def forwards(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs this one now.
    grant_in_migration(apps, Role.CLINIC_ADMIN, ["outbox.view_outgoingmessage"])


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_outgoing_message"), ("clinic", "0003_staff_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
