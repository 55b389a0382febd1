"""Where an intake can go next, and what each move needs: the one place that says so. It
lives with the intake, whose status it governs, so that the client's own moves (submit,
resubmit, withdraw) and the staff's are checked by the same table.

Plain Python: the services enforce it, the pages offer only what it allows, and the tests
read it directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from intake.models import Intake

S = Intake.Status

# Decisions close a review for now; each needs a reason code and a note.
DECISIONS = frozenset({S.APPROVED, S.NOT_SUITABLE, S.REFERRED})

# Closed for now: an urgent case leaves the top of the queue, and the default queue leaves
# it out (it is a filter away). Every other status is open, urgent drafts included.
CLOSED = frozenset({*DECISIONS, S.WITHDRAWN})
# Everything else: still being written, waiting for the clinic, or for the client.
OPEN = frozenset(status for status in S if status not in CLOSED)

# What staff may do from each status.
MOVES: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.IN_REVIEW, S.NEEDS_INFO, *DECISIONS, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.NEEDS_INFO, *DECISIONS, S.WITHDRAWN}),
    # Waiting for the client, who resubmits (back to "submitted"); staff may still close it.
    S.NEEDS_INFO: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    # Decisions and withdrawals can be reopened, never skipped past review.
    S.APPROVED: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    S.NOT_SUITABLE: frozenset({S.IN_REVIEW}),
    S.REFERRED: frozenset({S.IN_REVIEW}),
    S.WITHDRAWN: frozenset({S.IN_REVIEW}),
}

# What the client may do: send a draft, send it again with what the clinic asked for, or
# withdraw while the clinic waits for them (the only time they hold a link to it).
CLIENT_MOVES: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.NEEDS_INFO: frozenset({S.SUBMITTED, S.WITHDRAWN}),
}

REASON_CODES: dict[str, tuple[tuple[str, str], ...]] = {
    S.APPROVED: (
        ("indications-met", _("Indications met, no contraindication")),
        ("review-flags-cleared", _("Review flags discussed and cleared")),
    ),
    S.NOT_SUITABLE: (
        ("contraindication", _("Medical or psychiatric contraindication")),
        ("acute-risk", _("Acute risk: needs other care first")),
        ("no-indication", _("KAP not indicated")),
        ("substance-use", _("Current substance use")),
        ("client-choice", _("The client chose another path")),
    ),
    S.REFERRED: (
        ("higher-level-care", _("Needs a higher level of care")),
        ("other-therapy", _("Another therapy fits better")),
        ("outside-area", _("Outside the clinic's area or licensure")),
    ),
}


class MoveNotAllowed(Exception):
    """A status change the workflow does not allow; the message says why, for staff, and
    `field` names the part of the move at fault (for the form to show it there)."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Move:
    target: str
    reason_code: str = ""
    note: str = ""
    revisit: tuple[str, ...] = ()  # for "needs information": the questionnaires to revisit
    message: str = ""  # for "needs information": what the client is asked, behind their link


def allowed_moves(status: str, *, client: bool = False) -> frozenset[str]:
    return (CLIENT_MOVES if client else MOVES).get(status, frozenset())


def check_move(current: str, move: Move, *, client: bool = False) -> None:
    """Raise MoveNotAllowed unless `move` may happen to an intake in `current`, made by the
    client or by staff. (An urgent case's acknowledgement is the review app's to check.)"""
    if move.target not in allowed_moves(current, client=client):
        raise MoveNotAllowed(
            _("An intake that is “%(current)s” cannot become “%(target)s”.") % {
                "current": S(current).label, "target": S(move.target).label}, "target")
    if move.target == S.NEEDS_INFO and not move.revisit:
        raise MoveNotAllowed(_("Choose the parts the client should look at again."), "revisit")
    if move.target == S.NEEDS_INFO and not move.message.strip():
        raise MoveNotAllowed(_("Write the client a message saying what you need from them."),
                             "message")
    if move.target != S.NEEDS_INFO and move.message.strip():
        # Only a request for information reaches the client: a message with any other
        # move would be kept as if sent, and never read.
        raise MoveNotAllowed(_("Only “needs information” sends the client a message. Clear "
                               "the message, or choose that status."), "message")
    if move.target in DECISIONS:
        codes = {code for code, _label in REASON_CODES[move.target]}
        if move.reason_code not in codes:
            raise MoveNotAllowed(_("Choose the reason for this decision."), "reason_code")
        if not move.note.strip():
            raise MoveNotAllowed(_("A decision needs a note saying why."), "note")


_REASON_LABELS = {code: label for codes in REASON_CODES.values() for code, label in codes}


def reason_label(code: str) -> str:
    """A decision's reason as people read it ("" for none; an unknown code as it is)."""
    return str(_REASON_LABELS.get(code, code))


def status_label(status: str) -> str:
    """A status as people read it, in the active language."""
    return str(S(status).label) if status in S.values else status
