"""Status history, now owned here (see review's migration 0009): the table is renamed and
kept; a request for more information gains its message to the client; and intakes sent
before this change get the rows of their own moves (first submission, resubmission), so
the history of every intake reads the same way."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="review", model="statuschange").first()
    if old is None:
        return
    if ContentType.objects.filter(app_label="intake", model="statuschange").exists():
        old.delete()  # nothing grants its permissions
    else:
        old.app_label = "intake"
        old.save(update_fields=["app_label"])


def client_moves(apps, schema_editor):
    """The client's moves of intakes sent before: one row for the first submission, and one
    for the latest resubmission (earlier ones were not kept anywhere)."""
    Intake = apps.get_model("intake", "Intake")
    StatusChange = apps.get_model("intake", "StatusChange")
    rows = []
    for intake in Intake.objects.filter(submitted_at__isnull=False).only(
            "pk", "submitted_at", "resubmitted_at"):
        rows.append(StatusChange(intake_id=intake.pk, from_status="draft",
                                 to_status="submitted", at=intake.submitted_at))
        if intake.resubmitted_at:
            rows.append(StatusChange(intake_id=intake.pk, from_status="needs-info",
                                     to_status="submitted", at=intake.resubmitted_at))
    StatusChange.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0009_records_cannot_be_rewritten"),
        ("review", "0009_status_history_moves_to_intake"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatusChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("from_status", models.CharField(max_length=20)),
                        ("to_status", models.CharField(max_length=20)),
                        ("reason_code", models.CharField(blank=True, max_length=40)),
                        ("note", models.TextField(blank=True)),
                        ("revisit", models.JSONField(blank=True, default=list)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("by", models.ForeignKey(
                            help_text="Empty when the client moved it.", null=True,
                            on_delete=django.db.models.deletion.PROTECT, related_name="+",
                            to=settings.AUTH_USER_MODEL)),
                        ("intake", models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="status_changes", to="intake.intake")),
                    ],
                    options={"ordering": ["at", "id"], "db_table": "review_statuschange"},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="statuschange", table=None),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="statuschange", name="at",
            field=models.DateTimeField(default=timezone.now),
        ),
        migrations.AlterField(
            model_name="statuschange", name="note",
            field=models.TextField(blank=True, help_text="For staff only."),
        ),
        migrations.AddField(
            model_name="statuschange", name="message",
            field=models.TextField(
                blank=True, help_text="For \"needs information\": what the client is shown "
                "behind their link (never in the email)."),
        ),
        migrations.AddIndex(
            model_name="statuschange",
            index=models.Index(fields=["intake", "at"], name="intake_status_history_idx"),
        ),
        migrations.RunPython(client_moves, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name="statuschange",
            trigger=pgtrigger.compiler.Trigger(name="append_only", sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash="4bdbef153308f59fe80f61c42892b9c8cf474d0c", operation="UPDATE OR DELETE", pgid="pgtrigger_append_only_0fa79", table="intake_statuschange", when="BEFORE")),  # noqa: E501
        ),
    ]
