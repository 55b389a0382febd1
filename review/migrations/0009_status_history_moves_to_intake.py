"""Status history moves to the intake app, whose status it records, so that the client's
own moves (submit, resubmit, withdraw) are written by the same service as the staff's. The
table is renamed by intake's migration 0010, not recreated: every row stays."""

import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0008_records_cannot_be_rewritten"),
    ]

    operations = [
        # The trigger's name comes from the model's label; intake's migration adds it again.
        pgtrigger.migrations.RemoveTrigger(model_name="statuschange", name="append_only"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StatusChange")],
            database_operations=[],
        ),
    ]
