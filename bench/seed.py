"""Realistic data, fast: N submitted intakes with their answers, assessments, consent,
status history, notes, acknowledgements and audit rows (`manage.py seed`).

A handful of real applications are made first, through the app's own services (so their
answers, scores and assessments are exactly what the app computes); every seeded intake
then copies one of them in bulk, SQL statements over `generate_series`, with its own
person, dates and outcome. The audit rows join the hash chain as the app's own do
(`audit_record_many`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from audit.models import AuditEvent
from audit.services import audit_record_many
from clinic.roles import Role
from clinic.selectors import current_consent
from clinic.services import staff_user_create
from intake import services as intake_services
from intake.models import Intake
from screening import battery
from screening.examples import likely_answers

# The kinds of application the seeded ones copy (answers changed from a likely candidate).
PROFILES: list[dict[str, object]] = [
    {},
    {"medications": {"benzodiazepine": "yes", "benzo-name": "alprazolam",
                     "benzo-how-often": "daily", "benzo-daily-mg": "1.5"},
     "medical": {"heart-condition": "yes"}},
    {"candidacy": {"childhood-trauma": "no", "trauma-pattern": "none",
                   "trauma-linked-symptoms": "no", "therapy-relief": "much"},
     "pc-ptsd-5": {"102011-4": "LA32-8"}},
    {"gad-7": "highest"},  # severe anxiety: every item at its top answer
    {"phq-9": {"44260-8": "LA6569-3"}},  # urgent: thoughts of self-harm on several days
]
# Outcomes, in the proportions a busy clinic's history might hold: the last two months
# still open in part, everything older settled.
STATUSES = ["submitted"] * 3 + ["in-review"] * 2 + ["needs-info", "approved", "approved",
                                                     "not-suitable", "referred", "withdrawn"]
SETTLED = ["approved", "approved", "not-suitable", "referred", "withdrawn"]
OPEN_DAYS = 60
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Iris", "Jon",
         "Kemi", "Luis", "Mia", "Noor", "Omar", "Pia", "Quinn", "Rosa", "Sol", "Tariq"]
LAST = ["Silva", "Nguyen", "Okafor", "Garcia", "Smith", "Kowalski", "Haddad", "Ito",
        "Martin", "Rossi", "Dubois", "Jensen", "Patel", "Cohen", "Reyes", "Kim"]
STATES = ["CA", "NY", "TX", "WA", "OR", "CO", "IL", "MA"]
BATCH = 20_000

Progress = Callable[[str, int, int], None]


def bar(stage: str, done: int, total: int) -> None:
    """A progress bar on stderr."""
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r{stage:<22} [{'#' * filled}{'.' * (width - filled)}] "
                     f"{done:>7}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _staff() -> tuple[int, int]:
    users = get_user_model().objects
    ids = []
    for email, role in (("bench.clinician@example.org", Role.CLINICIAN),
                        ("bench.admin@example.org", Role.CLINIC_ADMIN)):
        user = users.filter(username=email).first() or staff_user_create(
            email=email, role=role, password="bench-only-password-2026",  # noqa: S106
            first_name="Bench", last_name=role.value)
        ids.append(user.pk)
    return ids[0], ids[1]


def _highest(code: str) -> dict[str, object]:
    from screening import definitions

    return {item.link_id: item.options[-1].code
            for item in definitions.get(code).items if item.options}


def draft(n: int, changes: dict[str, object] | None = None) -> Intake:
    """One real draft with every page done, through the services."""
    answers = likely_answers({code: _highest(code) if given == "highest" else given
                              for code, given in (changes or {}).items()})
    intake = intake_services.intake_start()
    intake_services.intake_save_contact(
        intake=intake, first_name="Template", last_name=str(n), phone="",
        email=f"bench-template-{n}-{time.time_ns()}@example.org",
        date_of_birth=date(1985, 6, 1), state="CA")
    for code in battery.QUESTIONNAIRE_CODES:
        if battery.is_asked(code, intake_services.answers_by_questionnaire(intake)
                            | {code: answers[code]}):
            intake_services.response_save(intake=intake, questionnaire=code,
                                          answers=answers[code])
    intake_services.consent_sign(intake=intake, document=current_consent(),
                                 typed_name=intake.full_name, ip_address=None)
    return intake


def _template(n: int, changes: dict[str, object]) -> Intake:
    """One real application, through the services, to copy."""
    return intake_services.intake_submit(intake_id=draft(n, changes).pk)


def clone_drafts(template: Intake, count: int) -> list[str]:
    """`count` copies of a draft with every page done (each can be sent once)."""
    from intake.models import ConsentSignature, QuestionnaireResponse

    with transaction.atomic():
        _sql("CREATE TEMP TABLE seed_drafts ON COMMIT DROP AS SELECT g, gen_random_uuid() "
             "AS id FROM generate_series(1, %s) AS g", [count])
        _sql(_copy(Intake, "FROM seed_drafts b JOIN intake_intake t ON t.id = %s", {
            "id": "b.id", "email": "'draft-' || b.id || '@example.org'",
            "created_at": "now()", "updated_at": "now()"}), [template.pk])
        _sql(_copy(QuestionnaireResponse, "FROM seed_drafts b JOIN "
                   "intake_questionnaireresponse t ON t.intake_id = %s",
                   {"intake_id": "b.id"}), [template.pk])
        _sql(_copy(ConsentSignature, "FROM seed_drafts b JOIN intake_consentsignature t "
                   "ON t.intake_id = %s", {"intake_id": "b.id"}), [template.pk])
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM seed_drafts ORDER BY g")
            return [str(row[0]) for row in cursor.fetchall()]


def seeded() -> int:
    return Intake.objects.filter(email__startswith="seed-").count()


def seed_to(total: int, *, progress: Progress = bar) -> dict[str, int]:
    """Seed until `total` seeded intakes exist, and the baseline's table holds as many
    rows as the issue's bare list needs (100,000)."""
    added = seed(total - seeded(), progress=progress) if seeded() < total else {}
    rows = _sql("INSERT INTO baseline_row (name, value, created_at) SELECT 'row ' || g, "
                "g %% 10, now() FROM generate_series((SELECT count(*) FROM baseline_row) + 1, "
                "%s) AS g", [100_000])
    if rows:
        added["baseline_row"] = rows
        _sql("ANALYZE baseline_row")
    return added


def _sql(statement: str, params: list[object] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.rowcount


def seed(count: int, *, progress: Progress = bar) -> dict[str, int]:
    """Add `count` submitted intakes (more may be added by running it again). Returns how
    many rows each table gained. Runs as the tables' owner (DATABASE_ROLE=owner)."""
    if count <= 0:
        return {}
    started = time.perf_counter()
    clinician, admin = _staff()
    progress("templates", 0, len(PROFILES))
    templates = []
    for n, changes in enumerate(PROFILES):
        templates.append(_template(n, changes))
        progress("templates", n + 1, len(PROFILES))
    template_ids = [str(t.pk) for t in templates]
    urgent = [str(t.pk) for t in templates if t.urgent]
    added: dict[str, int] = {}
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        with transaction.atomic():
            for table, rows in _batch(size, template_ids, urgent, clinician).items():
                added[table] = added.get(table, 0) + rows
            events = _audit_rows(clinician, admin)
            audit_record_many(events)
            added["audit_auditevent"] = added.get("audit_auditevent", 0) + len(events)
            _sql("DROP TABLE seed_batch")
        progress("intakes", offset + size, count)
    _sql("ANALYZE")
    added["seconds"] = int(time.perf_counter() - started)
    return added


def _columns(model: type) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _copy(model: type, source: str, overrides: dict[str, str], *, alias: str = "t") -> str:
    """INSERT … SELECT copying every column of the template rows, but those given: new
    columns (another field on the model) are copied without this file knowing them."""
    columns = [c for c in _columns(model) if c != "id" or "id" in overrides]
    values = [overrides.get(c, f"{alias}.{c}") for c in columns]
    return (f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} {source}")


def _batch(size: int, templates: list[str], urgent: list[str],
           clinician: int) -> dict[str, int]:
    """One batch of seeded intakes, a table at a time, from a temporary table that says
    who each one is, which template it copies, and where it stands."""
    from intake.models import (
        CandidacyAssessment,
        Client,
        ConsentSignature,
        QuestionnaireResponse,
        StatusChange,
    )
    from review.models import Acknowledgement, Note

    # Most applications are ordinary; the urgent template is the rarest.
    weighted = [t for t in templates for _ in range(1 if t in urgent else 3)]
    _sql("""
        CREATE TEMP TABLE seed_batch ON COMMIT DROP AS
        SELECT g, gen_random_uuid() AS id,
               nextval(pg_get_serial_sequence('intake_client', 'id')) AS client_id,
               nextval(pg_get_serial_sequence('intake_candidacyassessment', 'id'))
                   AS assessment_id,
               (%(templates)s::uuid[])[1 + (g * 7919) %% cardinality(%(templates)s::uuid[])]
                   AS template,
               CASE WHEN (g * 37) %% (730 * 24 * 60) < %(open_minutes)s
                    THEN (%(statuses)s::text[])[1 + (g * 104729) %%
                                                 cardinality(%(statuses)s::text[])]
                    ELSE (%(settled)s::text[])[1 + (g * 104729) %%
                                                cardinality(%(settled)s::text[])] END AS status,
               (%(first)s::text[])[1 + g %% cardinality(%(first)s::text[])] AS first_name,
               (%(last)s::text[])[1 + (g / 7) %% cardinality(%(last)s::text[])] AS last_name,
               (%(states)s::text[])[1 + g %% cardinality(%(states)s::text[])] AS state,
               now() - make_interval(mins => ((g * 37) %% (730 * 24 * 60))::int) AS at
          FROM generate_series(1, %(size)s) AS g
    """, {"templates": weighted, "statuses": STATUSES, "settled": SETTLED,
          "open_minutes": OPEN_DAYS * 24 * 60, "first": FIRST,
          "last": LAST, "states": STATES, "size": size})
    rows = {}
    rows["intake_client"] = _sql(
        "INSERT INTO intake_client (id, email, created_at) "
        "SELECT client_id, 'seed-' || id || '@example.org', at FROM seed_batch")
    urgent_case = "t.urgent_since IS NOT NULL"
    rows["intake_intake"] = _sql(_copy(Intake, "FROM seed_batch b JOIN intake_intake t "
                                       "ON t.id = b.template", {
        "id": "b.id", "client_id": "b.client_id", "status": "b.status",
        "first_name": "b.first_name", "last_name": "b.last_name", "preferred_name": "''",
        "email": "'seed-' || b.id || '@example.org'", "state": "b.state",
        "phone": "'555-' || lpad((b.g %% 10000)::text, 4, '0')",
        "created_at": "b.at - interval '2 hours'", "updated_at": "b.at",
        "submitted_at": "b.at", "resubmitted_at": "NULL",
        "urgent_since": f"CASE WHEN {urgent_case} THEN b.at - interval '1 hour' END",
        "urgent_alerts": f"CASE WHEN {urgent_case} THEN 1 ELSE 0 END",
        "assessment_id": "b.assessment_id"}))
    rows["intake_questionnaireresponse"] = _sql(_copy(
        QuestionnaireResponse, "FROM seed_batch b JOIN intake_questionnaireresponse t "
        "ON t.intake_id = b.template", {"intake_id": "b.id", "updated_at": "b.at",
                                         "submitted_at": "b.at"}))
    rows["intake_candidacyassessment"] = _sql(_copy(
        CandidacyAssessment, "FROM seed_batch b JOIN intake_intake i ON i.id = b.template "
        "JOIN intake_candidacyassessment t ON t.id = i.assessment_id",
        {"id": "b.assessment_id", "intake_id": "b.id", "created_at": "b.at"}))
    rows["intake_consentsignature"] = _sql(_copy(
        ConsentSignature, "FROM seed_batch b JOIN intake_consentsignature t "
        "ON t.intake_id = b.template", {
            "intake_id": "b.id", "typed_name": "b.first_name || ' ' || b.last_name",
            "signed_on": "b.at::date", "signed_at": "b.at - interval '1 minute'",
            "submitted_at": "b.at"}))
    moves = [
        # (which intakes, from, to, minutes after sending, by staff, reason, note, message)
        ("true", "draft", "submitted", 0, False, "", "", ""),
        ("b.status <> 'submitted'", "submitted", "in-review", 60, True, "", "", ""),
        ("b.status = 'needs-info'", "in-review", "needs-info", 120, True, "", "",
         "Could you tell us more about the medicines you take?"),
        ("b.status = 'approved'", "in-review", "approved", 2880, True, "indications-met",
         "Good fit; consultation booked.", ""),
        ("b.status = 'not-suitable'", "in-review", "not-suitable", 2880, True,
         "contraindication", "Blood pressure needs treating first.", ""),
        ("b.status = 'referred'", "in-review", "referred", 2880, True, "other-therapy",
         "Referred to a trauma-focused therapist.", ""),
        ("b.status = 'withdrawn'", "in-review", "withdrawn", 2880, True, "", "", ""),
    ]
    rows["intake_statuschange"] = 0
    for which, before, after, minutes, staff, reason, note, message in moves:
        rows["intake_statuschange"] += _sql(
            "INSERT INTO intake_statuschange (intake_id, from_status, to_status, "  # noqa: S608
            "reason_code, note, message, revisit, by_id, at) "
            f"SELECT b.id, %s, %s, %s, %s, %s, %s, %s, b.at + make_interval(mins => %s) "
            f"FROM seed_batch b WHERE {which}",
            [before, after, reason, note, message,
             '["medications"]' if after == "needs-info" else "[]",
             clinician if staff else None, minutes])
    rows["review_note"] = _sql(
        "INSERT INTO review_note (intake_id, author_id, body, corrects_id, created_at) "
        "SELECT b.id, %s, 'Called the client; they would like a consultation.', NULL, "
        "b.at + interval '90 minutes' FROM seed_batch b "
        "WHERE b.status <> 'submitted' AND b.g %% 3 = 0", [clinician])
    # Urgent cases are acknowledged, all but a few still waiting at the top of the queue.
    rows["review_acknowledgement"] = _sql(
        "INSERT INTO review_acknowledgement (intake_id, by_id, at, action_taken) "
        "SELECT b.id, %s, b.at + interval '10 minutes', 'Called the client: safe, plan made.' "
        "FROM seed_batch b WHERE b.template = ANY(%s::uuid[]) AND b.g %% 97 <> 0",
        [clinician, urgent])
    del Client, Note, StatusChange, Acknowledgement  # (imported for their tables' names)
    return rows


def _audit_rows(clinician: int, admin: int) -> list[AuditEvent]:
    """Each seeded intake was looked at and moved by staff: a view, and a row per move."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT b.id, b.status, b.at FROM seed_batch b ORDER BY b.g")
        batch = cursor.fetchall()
    from datetime import timedelta

    events = []
    for intake_id, status, at in batch:
        events.append(AuditEvent(actor_id=clinician, action=AuditEvent.Action.VIEW,
                                 intake_id=intake_id, created_at=at + timedelta(minutes=55),
                                 detail={}))
        if status != "submitted":
            events.append(AuditEvent(actor_id=clinician, action=AuditEvent.Action.STATUS,
                                     intake_id=intake_id,
                                     created_at=at + timedelta(minutes=60),
                                     detail={"from": "submitted", "to": "in-review"}))
        if status not in ("submitted", "in-review"):
            events.append(AuditEvent(actor_id=clinician, action=AuditEvent.Action.STATUS,
                                     intake_id=intake_id,
                                     created_at=at + timedelta(days=2),
                                     detail={"from": "in-review", "to": status}))
    return events
