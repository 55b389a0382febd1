"""What the scenarios work with, made on the benchmarks' database by the driver's process:
drafts to open and send, with their sessions, and seeded intakes to look at."""

from __future__ import annotations

import os

from bench.database import bench_env


def make(*, drafts_needed: int) -> dict[str, object]:
    os.environ.update(bench_env(DATABASE_ROLE="owner"))
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore

    from bench import seed
    from intake.models import Intake
    from intake.views import SESSION_DRAFT
    from screening.examples import answers_for

    def session(draft_id: str) -> str:
        store = SessionStore()
        store[SESSION_DRAFT] = draft_id
        store.create()
        return store.session_key

    from review.services import stats_snapshot_refresh

    stats_snapshot_refresh()  # what the worker's five-minute job keeps for the stats page
    template = seed.draft(9000)
    steps = [session(i) for i in seed.clone_drafts(template, 64)]
    submits = [session(i) for i in seed.clone_drafts(template, drafts_needed)]
    intake_ids = [str(pk) for pk in Intake.objects.filter(email__startswith="seed-")
                  .order_by("?").values_list("pk", flat=True)[:500]]
    form = {f"choice_{n}": str(n % 4) for n in range(10)} | {
        f"text_{n}": "a few words" for n in range(10)}
    return {"step_sessions": steps, "submit_sessions": submits, "intake_ids": intake_ids,
            "phq9_answers": answers_for("phq-9"), "form_answers": form}
