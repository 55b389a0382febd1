"""The staff roles as groups with their permissions (names as in clinic/roles.py).

Clinicians read intakes. Clinic admins read intakes too, edit the clinic's content and
settings, manage staff accounts, and read the audit trail.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Clinician": [
        "intake.view_intake",
        "intake.view_questionnaireresponse",
        "intake.view_candidacyassessment",
    ],
    "Clinic admin": [
        "intake.view_intake",
        "intake.view_questionnaireresponse",
        "intake.view_candidacyassessment",
        "review.view_auditevent",
        "clinic.view_clinicprofile",
        "clinic.change_clinicprofile",
        "clinic.view_crisisresource",
        "clinic.add_crisisresource",
        "clinic.change_crisisresource",
        "clinic.delete_crisisresource",
        "clinic.view_contentpage",
        "clinic.add_contentpage",
        "clinic.change_contentpage",
        "clinic.delete_contentpage",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0002_default_content"),
        ("intake", "0001_initial"),
        ("review", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
