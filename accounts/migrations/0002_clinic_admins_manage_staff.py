"""Clinic admins manage staff on the app's own page (never through Django's user admin)."""

from django.db import migrations

from clinic.roles import Role, grant_in_migration


def forwards(apps, schema_editor):
    # Django makes an app's permissions after all migrations ran; this one needs it now.
    grant_in_migration(apps, Role.CLINIC_ADMIN, ["accounts.manage_staff"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_invitations"),
                    ("clinic", "0011_no_user_admin_for_clinic_admins")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
