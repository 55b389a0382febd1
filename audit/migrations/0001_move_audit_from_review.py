"""The audit trail moves from the review app into its own, below every other app. The table
is renamed, not recreated: every row stays, and so do the permissions (their content type
is moved along)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label="review", model="auditevent").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label="audit", model="auditevent").first()
    if new is None:
        old.app_label = "audit"
        old.save(update_fields=["app_label"])
        return
    # Both exist (permissions were created for the new app first): keep the groups' grants.
    for permission in Permission.objects.filter(content_type=old):
        target, _ = Permission.objects.get_or_create(
            content_type=new, codename=permission.codename, defaults={"name": permission.name})
        for group in permission.group_set.all():
            group.permissions.add(target)
        permission.delete()
    old.delete()


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("review", "0006_needs_information"),
        ("intake", "0007_client_language"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("action", models.CharField(max_length=30)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("detail", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="audit_events", to=settings.AUTH_USER_MODEL)),
                        ("intake", models.ForeignKey(
                            blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                            related_name="audit_events", to="intake.intake")),
                    ],
                    options={
                        "db_table": "review_auditevent",
                        "ordering": ["-created_at"],
                        "permissions": [("export_queue", "Can export the intake queue as CSV")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
        migrations.AlterModelTable(name="auditevent", table=None),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True, help_text="Empty for what the app did by itself.", null=True,
                on_delete=django.db.models.deletion.PROTECT, related_name="audit_events",
                to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=[
                ("view", "Viewed"), ("export", "Exported"),
                ("acknowledge", "Acknowledged an urgent case"), ("assign", "Assigned"),
                ("note", "Wrote a note"), ("status", "Changed the status"),
                ("message-failed", "An email failed for good"),
                ("message-seen", "Marked an email problem as seen"),
                ("test-email", "Sent a test email")], max_length=30),
        ),
    ]
