"""Clinic admins no longer hold Django's user and group permissions: in Django's admin those
let them make themselves superuser or set anyone's password. Staff accounts are made with
`create_staff_user` (and, later, a staff page of the app's own)."""

from django.db import migrations

REVOKED = ["view_user", "add_user", "change_user", "view_group"]


def forwards(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Clinic admin").first()
    if group is not None:
        group.permissions.remove(*apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="auth", codename__in=REVOKED))


class Migration(migrations.Migration):
    dependencies = [("clinic", "0010_urgent_alert_times"), ("clinic", "0003_staff_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
