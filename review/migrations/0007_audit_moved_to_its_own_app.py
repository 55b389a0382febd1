"""AuditEvent now belongs to the audit app (its migration renames the table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("review", "0006_needs_information"), ("audit", "0001_move_audit_from_review")]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
