"""The one sanctioned erasure of records that are otherwise never changed (DESIGN: reads
and writes). A function owned by the tables' owner does it, so the app's own role, which
may not change or remove those rows, can erase a person's data and nothing else: it lifts
the rows' triggers for its own statements only, and never touches the audit trail."""

from django.db import migrations

from clinic.roles import Role, grant_in_migration

FUNCTION = "review_erase_records"

CREATE = """
CREATE FUNCTION review_erase_records(target uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    lifted text;
BEGIN
    -- The protect triggers of exactly these tables (their names carry a hash).
    SELECT '{' || string_agg(tgname, ',') || '}' INTO lifted FROM pg_trigger
     WHERE tgrelid IN ('intake_questionnaireresponse'::regclass,
                       'intake_consentsignature'::regclass,
                       'intake_candidacyassessment'::regclass,
                       'intake_statuschange'::regclass, 'review_note'::regclass)
       AND (tgname LIKE 'pgtrigger_append_only_%'
            OR tgname LIKE 'pgtrigger_locked_once_submitted_%');
    PERFORM set_config('pgtrigger.ignore', lifted, true);
    DELETE FROM intake_questionnaireresponse WHERE intake_id = target;
    DELETE FROM intake_consentsignature WHERE intake_id = target;
    DELETE FROM review_note WHERE intake_id = target;
    -- Kept for the counts (tiers, moves, times); emptied of what was said or found.
    UPDATE intake_candidacyassessment SET reasons = '[]', scores = '{}'
     WHERE intake_id = target;
    UPDATE intake_statuschange SET note = '', message = '', revisit = '[]'
     WHERE intake_id = target;
    -- Lifted for these statements only, not for the rest of the transaction.
    PERFORM set_config('pgtrigger.ignore', '{}', true);
END $$;
REVOKE ALL ON FUNCTION review_erase_records(uuid) FROM PUBLIC;
"""


def grant_erasure(apps, schema_editor):
    grant_in_migration(apps, Role.CLINIC_ADMIN, ["intake.erase_intake"])


class Migration(migrations.Migration):
    dependencies = [("review", "0009_status_history_moves_to_intake"),
                    ("intake", "0012_erasure"), ("clinic", "0003_staff_roles")]
    operations = [
        migrations.RunSQL(CREATE, f"DROP FUNCTION {FUNCTION}(uuid)"),
        migrations.RunPython(grant_erasure, migrations.RunPython.noop),
    ]
