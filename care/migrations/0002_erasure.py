"""A person's erasure reaches their course of care: the answers of every check-in go with
the rest (DESIGN: reads and writes). As `review_erase_records` does for the application, a
function owned by the tables' owner removes the rows the app's own role may not delete,
lifting their trigger for its own statement only; the courses, sessions and measures the
app removes itself."""

from django.db import migrations

FUNCTION = "care_erase_records"

CREATE = """
CREATE FUNCTION care_erase_records(target uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    lifted text;
BEGIN
    SELECT '{' || string_agg(tgname, ',') || '}' INTO lifted FROM pg_trigger
     WHERE tgrelid = 'care_measureresponse'::regclass
       AND tgname LIKE 'pgtrigger_append_only_%';
    PERFORM set_config('pgtrigger.ignore', lifted, true);
    DELETE FROM care_measureresponse WHERE measure_id IN (
        SELECT m.id FROM care_measure m JOIN care_course c ON c.id = m.course_id
         WHERE c.intake_id = target);
    PERFORM set_config('pgtrigger.ignore', '{}', true);
END $$;
REVOKE ALL ON FUNCTION care_erase_records(uuid) FROM PUBLIC;
"""


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [migrations.RunSQL(CREATE, f"DROP FUNCTION {FUNCTION}(uuid)")]
