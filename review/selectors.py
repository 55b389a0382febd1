from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from intake import workflow
from intake.answers import answer_rows
from intake.models import Intake
from intake.services import client_by_email
from review import history
from review.models import Acknowledgement
from screening import battery, definitions, words

# Open urgent cases come first: those nobody has acknowledged on top, acute before the
# others, the longest waiting first. Then the rest, newest first. A closed urgent case
# (decided, referred, withdrawn) is ordered like any other.
URGENT_OPEN = Q(urgent_since__isnull=False) & ~Q(status__in=workflow.CLOSED)
URGENT_ORDER = (F("needs_acknowledgement").desc(), F("urgent_acute").desc(),
                F("urgent_since").asc(), F("pk"))
# (Only open urgent cases lack a sending time: the urgent drafts, ordered above. So the
# rest's order is the newest-first index's own, intake_newest_idx.)
REST_ORDER = (F("submitted_at").desc(), F("pk"))


def review_queue() -> QuerySet[Intake]:
    """Submitted intakes, and drafts a saved page made urgent, in one query, in the order
    above. (A page of it is read by `UrgentFirst`, without sorting every row.)"""
    acknowledged = Exists(Acknowledgement.objects.filter(intake=OuterRef("pk")))
    urgent_open = URGENT_OPEN
    return (
        Intake.objects.exclude(status=Intake.Status.DRAFT, urgent_since__isnull=True)
        .filter(erased_at__isnull=True)  # an erased case is counted in the stats only
        .select_related("assessment", "assignment__clinician")
        .annotate(
            acknowledged=acknowledged,
            urgent_open=Case(When(urgent_open, then=Value(True)), default=Value(False),
                             output_field=BooleanField()),
            needs_acknowledgement=Case(
                When(urgent_open, acknowledged=False, then=Value(True)),
                default=Value(False), output_field=BooleanField(),
            ),
            # The client sent it again after being asked for more, and it is still open.
            sent_again=Case(
                When(Q(resubmitted_at__isnull=False) & ~Q(status__in=workflow.CLOSED),
                     then=Value(True)),
                default=Value(False), output_field=BooleanField(),
            ),
        )
        .order_by(F("urgent_open").desc(), *URGENT_ORDER_ALL, *REST_ORDER)
    )


# In one query, the urgent order applies to the open urgent cases only.
URGENT_ORDER_ALL = (
    F("needs_acknowledgement").desc(),
    Case(When(URGENT_OPEN, then=F("urgent_acute")), default=Value(False)).desc(),
    Case(When(URGENT_OPEN, then=F("urgent_since"))).asc(nulls_last=True),
)


class UrgentFirst:
    """The queue for a paginator: the open urgent cases (few) in their order, then the
    rest newest first, each part read through its own index up to the page asked for:
    never a sort of every row. Counting is one query for the whole, one for the urgent
    part when a page needs to know where it ends."""

    def __init__(self, queue: QuerySet[Intake]) -> None:
        # A row of the page never shows the assessment's scores or thresholds.
        queue = queue.defer("assessment__scores", "assessment__thresholds")
        self.urgent = queue.filter(URGENT_OPEN).order_by(*URGENT_ORDER)
        self.rest = queue.exclude(URGENT_OPEN).order_by(*REST_ORDER)
        self.queue = queue
        self._urgent_count: int | None = None

    ordered = True  # for the paginator: the order is the queue's own

    def count(self) -> int:
        return self.queue.order_by().count()

    def __getitem__(self, page: slice) -> list[Intake]:
        start, stop = page.start or 0, page.stop
        rows = list(self.urgent[start:stop]) if self._urgent_count is None or \
            start < self._urgent_count else []
        if len(rows) < stop - start:
            if self._urgent_count is None:
                self._urgent_count = (start + len(rows) if rows or start == 0
                                      else self.urgent.count())
            skip = max(0, start - self._urgent_count)
            rows += list(self.rest[skip:skip + (stop - start) - len(rows)])
        return rows


# The assignee filter's value for cases nobody is assigned to.
UNASSIGNED = "none"
SCORE_FILTERS = {"pcl5": "pcl-5", "phq9": "phq-9", "gad7": "gad-7"}


def filtered_queue(filters: dict[str, Any]) -> QuerySet[Intake]:
    """The queue narrowed by the filter form's cleaned data; still one query."""
    queue = review_queue()
    if filters.get("q"):
        words = filters["q"].split()
        for word in words:
            queue = queue.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                 | Q(preferred_name__icontains=word)
                                 | Q(email__icontains=word))
    status = filters.get("status") or ""
    if status == "":  # the default: open cases; closed ones are a filter away
        queue = queue.filter(status__in=workflow.OPEN)  # (by the status index)
    elif status == "closed":
        queue = queue.filter(status__in=workflow.CLOSED)
    elif status != "all":
        queue = queue.filter(status=status)
    if filters.get("tier"):
        queue = queue.filter(assessment__tier=filters["tier"])
    flag = filters.get("flag")
    if flag == "urgent":
        queue = queue.filter(urgent_since__isnull=False)
    elif flag == "acute":
        queue = queue.filter(urgent_acute=True)
    elif flag == "needs-acknowledgement":
        queue = queue.filter(needs_acknowledgement=True)
    elif flag:
        queue = queue.filter(assessment__reasons__contains=[{"code": flag, "finding": "met"}])
    assignee = filters.get("assignee")
    if assignee == UNASSIGNED:
        queue = queue.filter(assignment__isnull=True)
    elif assignee:
        queue = queue.filter(assignment__clinician=assignee)
    if filters.get("state"):
        queue = queue.filter(state=filters["state"])
    if filters.get("submitted_from"):
        queue = queue.filter(submitted_at__date__gte=filters["submitted_from"])
    if filters.get("submitted_to"):
        queue = queue.filter(submitted_at__date__lte=filters["submitted_to"])
    for prefix, code in SCORE_FILTERS.items():
        total = f"assessment__scores__{code}__total"
        if filters.get(f"{prefix}_min") is not None:
            queue = queue.filter(**{f"{total}__gte": filters[f"{prefix}_min"]})
        if filters.get(f"{prefix}_max") is not None:
            queue = queue.filter(**{f"{total}__lte": filters[f"{prefix}_max"]})
    return queue


def status_counts() -> list[tuple[str, str, int]]:
    """(status, its name for people, how many) for each status but drafts, in one query."""
    statuses = [s for s in Intake.Status if s != Intake.Status.DRAFT]
    # Grouped, so PostgreSQL can count from the status index alone.
    counts = dict(Intake.objects.filter(erased_at__isnull=True, status__in=statuses)
                  .order_by().values_list("status").annotate(n=Count("*")))
    return [(status.value, status.label, counts.get(status.value, 0)) for status in statuses]


def earlier_intakes(intake: Intake) -> QuerySet[Intake]:
    """The same person's other applications: the client their email address makes them,
    read by the client's index (an urgent draft has no client yet: found by its address).
    Matching the addresses themselves read every intake (80 ms at 100,000)."""
    client = (Q(client_id=intake.client_id) if intake.client_id is not None else
              Q(client__in=client_by_email(intake.email).values("pk")) if intake.email else
              Q(pk__in=[]))
    return (Intake.objects.exclude(status=Intake.Status.DRAFT).exclude(pk=intake.pk)
            .filter(client, erased_at__isnull=True).select_related("assessment")
            .order_by("-submitted_at"))


def open_cases_of(user: Any) -> QuerySet[Intake]:
    """The open cases assigned to one person (what a handover has to move)."""
    return (Intake.objects.filter(assignment__clinician=user)
            .exclude(status__in=workflow.CLOSED).order_by("submitted_at"))


def intake_record(intake: Intake) -> dict[str, Any]:
    """Everything the intake page and its PDF show about one client's record."""
    assessment = getattr(intake, "assessment", None)  # none yet for an urgent draft
    changes = list(intake.status_changes.select_related("by"))
    notes = list(intake.notes.select_related("author", "corrects"))
    responses = []
    for response in intake.responses.for_staff(intake):
        # A draft has no assessment yet: each page's own score, for pages answered.
        score = (assessment.scores.get(response.questionnaire) if assessment
                 else response.score if response.answers else None)
        definition = definitions.get(response.questionnaire, response.version)
        responses.append({
            "definition": definition,
            "declined": response.declined,
            "score": score,
            "all_not_asked": bool(response.not_asked) and not response.answers,
            "answers": answer_rows(definition, response.answers, response.not_asked),
        })
    return {
        "intake": intake,
        "responses": responses,
        # Left out of this application altogether (turned off when it started).
        "not_asked": [definitions.get(code) for code in
                      battery.omitted(intake.questionnaires_asked)],
        "reasons": assessment.reasons if assessment else [],
        "age": intake.age_on(timezone.localdate()),
        "consent": getattr(intake, "consent", None),
        "notes": notes,
        "corrected": {note.corrects_id for note in notes if note.corrects_id},
        "reason_groups": words.grouped(assessment.reasons if assessment else []),
        "status_changes": changes,
        "timeline": history.timeline(intake, changes),
        "resubmissions": history.resubmissions(intake, changes),
    }
