"""A first consent document for the intake, and the new permissions for the staff roles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

CONSENT_BODY = """This application helps our clinic understand whether ketamine-assisted psychotherapy (KAP) may be safe and helpful for you. Please read this before you send it.

What happens to your answers. Your answers are stored securely and read only by our clinical staff and the people who run this service for us. We use them to decide with you what care may help. We do not sell them or share them for advertising. We keep them as the law on health records requires.

This is not a diagnosis or a treatment decision. The questionnaires help a clinician prepare; a clinician reviews everything and talks with you before anything is decided. Sending this application does not mean you will be offered KAP, and it does not oblige you to start any treatment.

This is not an emergency service. We may not read your application straight away. If you are thinking about ending your life or are in danger, call or text 988, or call 911.

How we contact you. We will use the email address and phone number you gave us about this application. Our emails do not contain your answers.

Your choices. You can skip questions you would rather not answer, stop at any time, and ask us to see, correct or delete what you have sent. Contact the clinic to do so.

By typing your name below, you confirm that the information you give is true to the best of your knowledge, and that you agree to the clinic using it as described here."""

NEW_PERMISSIONS = {
    "Clinician": ["intake.view_consentsignature"],
    "Clinic admin": [
        "intake.view_consentsignature",
        "clinic.view_consentdocument",
        "clinic.add_consentdocument",
        "clinic.change_consentdocument",
        "intake.view_ineligiblevisit",
    ],
}


def create_consent(apps, schema_editor):
    ConsentDocument = apps.get_model("clinic", "ConsentDocument")
    if not ConsentDocument.objects.exists():
        ConsentDocument.objects.create(
            version=1, title="Consent to this application", body=CONSENT_BODY,
            published_at=timezone.now(),
        )


def forwards(apps, schema_editor):
    create_consent(apps, schema_editor)
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in NEW_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0005_consent_document"),
        ("clinic", "0003_staff_roles"),
        ("intake", "0004_resume_consent_gate"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
