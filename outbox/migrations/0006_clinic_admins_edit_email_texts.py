"""Clinic admins write the clinic's own email texts in the admin; clinicians do not."""

from django.db import migrations

from clinic.roles import Role, grant_in_migration

PERMISSIONS = [f"outbox.{action}_emailtext" for action in ("view", "add", "change", "delete")]


def forwards(apps, schema_editor):
    grant_in_migration(apps, Role.CLINIC_ADMIN, PERMISSIONS)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=Role.CLINIC_ADMIN.value).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label="outbox",
            codename__in=[name.split(".")[1] for name in PERMISSIONS]))


class Migration(migrations.Migration):
    dependencies = [("outbox", "0005_email_text"), ("clinic", "0003_staff_roles")]
    operations = [migrations.RunPython(forwards, backwards)]
