"""Staff roles. Each is a Django group; data migrations gave each its permissions, and
ROLE_PERMISSIONS says what they hold now (a test checks the two agree)."""

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    CLINICIAN = "Clinician"
    CLINIC_ADMIN = "Clinic admin"


# The roles' names for people, in the active language (the groups' own names are English).
ROLE_LABELS: dict[Role, Any] = {Role.CLINICIAN: _("Clinician"),
                                Role.CLINIC_ADMIN: _("Clinic admin")}


_READ_INTAKES = [
    "intake.view_intake",
    "intake.view_questionnaireresponse",
    "intake.view_candidacyassessment",
    "intake.view_consentsignature",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CLINICIAN: _READ_INTAKES,
    Role.CLINIC_ADMIN: [
        *_READ_INTAKES,
        "intake.view_ineligiblevisit",
        "intake.erase_intake",
        "audit.view_auditevent",
        "audit.export_queue",
        "accounts.manage_staff",
        "outbox.view_outgoingmessage",
        "outbox.view_emailtext",
        "outbox.add_emailtext",
        "outbox.change_emailtext",
        "outbox.delete_emailtext",
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
        "clinic.view_consentdocument",
        "clinic.add_consentdocument",
        "clinic.change_consentdocument",
    ],
}


def role_of(user: Any) -> Role | None:
    """The staff role a person holds (each holds one), from the groups already loaded."""
    names = {group.name for group in user.groups.all()}
    return next((role for role in Role if role.value in names), None)


def grant(group_model: Any, permission_model: Any, role: Role, names: list[str]) -> None:
    """Add these permissions ("app.codename") to the role's group, making the group if
    needed. Takes the models so data migrations can pass their historical ones."""
    group, _ = group_model.objects.get_or_create(name=role.value)
    for name in names:
        app_label, codename = name.split(".")
        group.permissions.add(permission_model.objects.get(
            content_type__app_label=app_label, codename=codename))


def grant_in_migration(apps: Any, role: Role, names: list[str]) -> None:
    """For a data migration: make the named permissions now (Django makes permissions only
    after every migration has run), then add them to the role."""
    from django.contrib.auth.management import create_permissions

    for label in sorted({name.split(".")[0] for name in names}):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # a migration's app config leaves it unset
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), role, names)
