"""Clinic admins manage staff on the app's own page (never through Django's user admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from clinic.roles import Role, grant


def forwards(apps, schema_editor):
    # Django makes an app's permissions after all migrations ran; this one needs it now.
    config = apps.get_app_config("accounts")
    config.models_module = True  # a migration's app config leaves it unset
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    grant(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"),
          Role.CLINIC_ADMIN, ["accounts.manage_staff"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_invitations"),
                    ("clinic", "0011_no_user_admin_for_clinic_admins")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
