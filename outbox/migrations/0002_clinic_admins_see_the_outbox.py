"""Clinic admins see outgoing messages (kind, recipient role, status: never a body)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from clinic.roles import Role, grant


def forwards(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs this one now.
    app_config = apps.get_app_config("outbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"),
          Role.CLINIC_ADMIN, ["outbox.view_outgoingmessage"])


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_outgoing_message"), ("clinic", "0003_staff_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
