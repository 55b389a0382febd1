"""Each intake keeps the questionnaires it asks, fixed when it starts: the clinic may turn
some off for new applications only. Intakes started before this change asked every
questionnaire there was, and say so; every intake asks the suicide-risk screens; and a
trigger keeps the set as it was made."""

import django.contrib.postgres.fields
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

import screening.battery

# Every questionnaire of the battery when this migration was written, in the intake's order.
EVERY_QUESTIONNAIRE_THEN = [
    "candidacy", "pc-ptsd-5", "pcl-5", "phq-9", "gad-7", "asq", "ace", "audit-c",
    "drug-screen", "dissociatives", "medical", "psychiatric", "medications", "goals",
]


def backfill(apps, schema_editor):
    """Intakes started before: they were asked every questionnaire."""
    Intake = apps.get_model("intake", "Intake")
    Intake.objects.update(questionnaires_asked=EVERY_QUESTIONNAIRE_THEN)


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0010_status_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="questionnaires_asked",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=50),
                default=screening.battery.every_questionnaire, size=None),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name="intake",
            trigger=pgtrigger.compiler.Trigger(name="questionnaires_asked_fixed", sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."questionnaires_asked" IS DISTINCT FROM (NEW."questionnaires_asked"))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash="080bdc01a56fdbadc4c698cf867955120c579325", operation="UPDATE", pgid="pgtrigger_questionnaires_asked_fixed_bbae0", table="intake_intake", when="BEFORE")),
        ),
        migrations.AddConstraint(
            model_name="intake",
            constraint=models.CheckConstraint(
                condition=models.Q(("questionnaires_asked__contains", ["phq-9", "asq"])),
                name="intake_asks_the_safety_questionnaires"),
        ),
    ]
