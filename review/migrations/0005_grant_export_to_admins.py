"""Clinic admins may export the queue as CSV (clinicians may not)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.get(name="Clinic admin")
    group.permissions.add(apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="review", codename="export_queue"))


class Migration(migrations.Migration):
    dependencies = [("review", "0004_export_permission"), ("clinic", "0003_staff_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
