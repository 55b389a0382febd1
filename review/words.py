"""What the staff pages say in words where the data holds codes or ids: a person's name
(marked when the account is no longer active), a flag's label, an audit row's details.
One home for each: the filters, the queue and the audit trail read them from here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intake import workflow
from screening import words as screening_words
from screening.findings import Finding, Kind

# -- People ------------------------------------------------------------------------------


def staff_name(user: Any) -> str:
    """A member of staff as people know them; a deactivated account says so, so that
    their cases are still found (and handed over) rather than looking unassigned."""
    name = user.get_full_name() or user.username
    if not user.is_active:
        return str(_("%(name)s (no longer active)") % {"name": name})
    return name


# -- Flags -------------------------------------------------------------------------------

# The queue's own flags and the screening rules' flags without an item behind them; the
# item flags' texts live with their rules (`screening.rules.ITEM_FLAGS`).
_QUEUE_FLAGS: dict[str, Promise] = {
    "urgent": _("Urgent safety follow-up"),
    "acute": _("Acute suicide risk"),
    "needs-acknowledgement": _("Urgent, not yet acknowledged"),
    "uncontrolled-hypertension": _("Uncontrolled hypertension"),
    "hypertension-review": _("Hypertension to review"),
    "benzodiazepine": _("Benzodiazepine"),
    "audit-c": _("AUDIT-C positive"),
    "drug-screen": _("Drug screen positive"),
    "bmi": _("BMI over 35"),
}
# Kinds of reason shown as flags in the queue: the screening's flag kinds but safety, which
# shows as the urgent badge.
QUEUE_FLAG_KINDS = screening_words.FLAG_KINDS - {Kind.SAFETY}


def flag_labels() -> dict[str, str | Promise]:
    """Every flag the queue can filter by, code to label, in the filter's order."""
    from screening.rules import ITEM_FLAGS

    return {**_QUEUE_FLAGS, **{flag.code: flag.text for flag in ITEM_FLAGS}}


def flags_met(reasons: Iterable[Mapping[str, Any]],
              kinds: frozenset[str] = QUEUE_FLAG_KINDS) -> list[str]:
    """The flags of these kinds an assessment found, in words: the flag's label, or the
    reason's own sentence for one without a label, never its code."""
    labels = flag_labels()
    return [str(labels.get(r["code"], r.get("text") or "")) for r in reasons
            if r.get("kind") in kinds and r.get("finding") == Finding.MET]


# -- Audit details -----------------------------------------------------------------------

# Keys of `detail` that hold a person's id (accounts.services, review.services).
_PERSON_KEYS = ("clinician", "handover_from", "user")


def _people_ids(detail: Mapping[str, Any], action: str) -> set[int]:
    ids = {detail.get(key) for key in _PERSON_KEYS}
    ids.update(detail.get("users") or [])
    if action == "handover":  # there "from" and "to" are people, elsewhere statuses, roles
        ids.update((detail.get("from"), detail.get("to")))
    return {i for i in ids if isinstance(i, int)}


def audit_details(events: Iterable[Any]) -> list[tuple[Any, str]]:
    """Each audit row with its details in words ("from In review to Approved", "assigned
    to Dana Reyes"), naming everyone mentioned with one query for the whole page."""
    events = list(events)
    ids = set().union(*(_people_ids(e.detail or {}, e.action) for e in events))
    people = {u.pk: staff_name(u) for u in get_user_model().objects.filter(pk__in=ids)}
    return [(event, describe(event.action, event.detail or {}, people)) for event in events]


def describe(action: str, detail: Mapping[str, Any], people: Mapping[int, str]) -> str:
    """One audit row's details as a sentence fragment; "" when there are none. A key this
    does not know is still shown, as "key: value", so nothing recorded is hidden."""
    from outbox.models import OutgoingMessage

    def person(pk: object) -> str:
        if pk is None:
            return str(_("nobody"))
        return people.get(pk, str(_("account %(id)s") % {"id": pk}))  # type: ignore[arg-type]

    def choice(choices: Any, value: object) -> str:
        return str(dict(choices).get(value, value))

    parts: list[str] = []
    rest = dict(detail)

    def take(*keys: str) -> list[Any]:
        return [rest.pop(key, None) for key in keys]

    if action == "status":
        before, after = take("from", "to")
        parts.append(_("from %(before)s to %(after)s") % {
            "before": workflow.status_label(before or ""),
            "after": workflow.status_label(after or "")})
    elif action == "role-change":
        before, after = take("from", "to")
        parts.append(_("role from %(before)s to %(after)s") % {
            "before": _role(before), "after": _role(after)})
    elif action == "handover":
        before, after, cases = take("from", "to", "cases")
        parts.append(ngettext("%(n)s open case of %(before)s to %(after)s",
                              "%(n)s open cases of %(before)s to %(after)s", cases or 0)
                     % {"n": cases or 0, "before": person(before), "after": person(after)})
    elif action == "erase":
        why, rule = take("why", "rule")
        parts.append({"request": str(_("at a clinic admin's request")),
                      "retention": str(_("by the retention policy: closed case")
                                       if rule == "closed" else
                                       _("by the retention policy: unfinished application"))
                      }.get(why, str(why)))
    elif action == "retention":
        closed, drafts, closed_days, draft_days = take("closed", "drafts", "closed_days",
                                                       "draft_days")
        parts.append(_("%(closed)s closed cases (after %(closed_days)s days) and %(drafts)s "
                       "unfinished applications (after %(draft_days)s days) erased") % {
            "closed": closed or 0, "drafts": drafts or 0,
            "closed_days": closed_days or "—", "draft_days": draft_days or "—"})
    if "clinician" in rest:
        (clinician,) = take("clinician")
        parts.append(_("assigned to %(name)s") % {"name": person(clinician)})
    if "handover_from" in rest:
        (before,) = take("handover_from")
        parts.append(_("handed over from %(name)s") % {"name": person(before)})
    if "user" in rest:
        (user,) = take("user")
        parts.append(_("for %(name)s") % {"name": person(user)})
    if "users" in rest:
        (users,) = take("users")
        parts.append(", ".join(person(u) for u in users) if users
                     else str(_("no account matched")))
    if "role" in rest:
        (role,) = take("role")
        parts.append(_("as %(role)s") % {"role": _role(role)})
    if "page" in rest:
        page, intakes = take("page", "intakes")
        count = len(intakes or [])
        parts.append(ngettext("page %(page)s, %(n)s record", "page %(page)s, %(n)s records",
                              count) % {"page": page, "n": count})
    if "what" in rest:
        what, rows = take("what", "rows")
        what_label = _("the queue as CSV") if what == "queue-csv" else what
        parts.append(ngettext("%(what)s, %(n)s row", "%(what)s, %(n)s rows", rows or 0)
                     % {"what": what_label, "n": rows or 0})
    if "message" in rest:
        message, kind, recipient, status = take("message", "kind", "recipient", "status")
        words = [str(_("email %(id)s") % {"id": message})]
        if kind:
            words.append(choice(OutgoingMessage.Kind.choices, kind))
        if recipient:
            words.append(str(_("to %(whom)s") % {
                "whom": choice(OutgoingMessage.Recipient.choices, recipient)}))
        if status:
            words.append(choice(OutgoingMessage.Status.choices, status))
        parts.append(", ".join(words))
    if "tries" in rest:
        tries, error = take("tries", "error")
        parts.append(ngettext("%(n)s try", "%(n)s tries", tries or 0) % {"n": tries or 0})
        if error:
            parts.append(_("last error: %(error)s") % {"error": error})
    if "method" in rest:
        method, while_ = take("method", "while")
        parts.append(str(_METHODS.get(method, method)))
        if while_ == "enrolling":
            parts.append(_("while setting it up"))
    if "count" in rest:
        (count,) = take("count")
        parts.append(ngettext("%(n)s code", "%(n)s codes", count or 0) % {"n": count or 0})
    if "username" in rest:
        (username,) = take("username")
        parts.append(_("name tried: %(name)s") % {"name": username})
    if "object" in rest:
        obj, pk, change, fields = take("object", "id", "change", "fields")
        parts.append(_admin_change(obj, pk, change, fields or []))
    parts.extend(f"{key}: {value}" for key, value in rest.items())
    return "; ".join(str(part) for part in parts)


_METHODS: dict[str, Promise] = {
    "authenticator-app": _("authenticator app"),
    "passkey": _("passkey"),
    "code": _("a code"),
    "backup-code": _("backup code"),
}


def _role(value: object) -> str:
    """A role's name in the active language; "none" before the first."""
    from clinic.roles import ROLE_LABELS

    labels = {role.value: label for role, label in ROLE_LABELS.items()}
    return str(labels.get(value, value)) if value else str(_("none"))


_CHANGES: dict[str, Promise] = {"added": _("added"), "changed": _("changed"),
                                "deleted": _("deleted")}


def _admin_change(obj: object, pk: object, change: object, fields: Any) -> str:
    """A change made in the admin: what, which fields (by their names on the form), and
    for settings the values before and after."""
    try:
        model = apps.get_model(str(obj))
    except (LookupError, ValueError):
        return f"{obj} {pk} {change}"

    def field_name(name: str) -> str:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    text = _("%(what)s %(id)s %(change)s") % {
        "what": str(model._meta.verbose_name).capitalize(), "id": pk,
        "change": _CHANGES.get(str(change), change)}
    if isinstance(fields, Mapping):
        changed = [_("%(field)s from “%(before)s” to “%(after)s”") % {
            "field": field_name(name), "before": before, "after": after}
            for name, (before, after) in fields.items()]
    else:
        changed = [field_name(name) for name in fields]
    return f"{text}: {', '.join(str(c) for c in changed)}" if changed else str(text)
