"""Whether a client is ready for a dosing session, from their pre-session check: the one
place that says which answers need the team's attention. Plain Python, no database: the
course page shows what it returns, with the answers behind it.

The safer reading throughout: only a clear answer counts as ready. A question left blank,
"not sure" or "prefer not to answer" needs attention as much as a "yes" to alcohol does,
and a check not done at all is never shown as ready.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening.battery import ACUTE_FLAGS, URGENT_FLAGS
from screening.rules import ClinicThresholds, bp_at_or_over

# (item, the one answer that is ready, what the clinician reads otherwise)
_READY_WHEN = (
    ("fasting", "yes", _("Fasting instructions: not followed, or not sure")),
    ("ride-home", "yes", _("No ride home (or nobody staying) arranged, or not sure")),
    ("alcohol-24h", "no", _("Alcohol in the last 24 hours, or not said")),
    ("benzodiazepines-24h", "no", _("A benzodiazepine in the last 24 hours, or not said")),
    ("other-substances-24h", "no", _("Another substance in the last 24 hours, or not said")),
    ("new-medications", "no", _("Medication changed since the last visit, or not sure")),
)


@dataclass(frozen=True)
class Concern:
    code: str
    text: Promise


def concerns(check: Mapping[str, object] | None, asq_flags: Iterable[str],
             asq_complete: bool, thresholds: ClinicThresholds) -> list[Concern] | None:
    """What needs attention before the session; [] when ready; None when the check has
    not been answered (`check` None). `asq_flags`: the ASQ's score flags (a positive
    answer counts even on a screen left part-blank); `asq_complete`: it could be scored."""
    if check is None:
        return None
    found: list[Concern] = []
    if set(asq_flags) & (URGENT_FLAGS | ACUTE_FLAGS):
        found.append(Concern("suicide-risk", _("The suicide-risk screen (ASQ) was positive: "
                                               "see the urgent follow-up")))
    elif not asq_complete:
        found.append(Concern("asq-missing", _("The suicide-risk screen (ASQ) was not answered "
                                              "in full")))
    for link_id, ready, text in _READY_WHEN:
        if check.get(link_id) != ready:
            found.append(Concern(link_id, text))
    systolic, diastolic = check.get("bp-systolic"), check.get("bp-diastolic")
    if bp_at_or_over(systolic, diastolic, thresholds.bp_rule_out):
        found.append(Concern("bp-rule-out", _("Blood pressure at or over the clinic's limit "
                                              "of %(limits)s") % {
            "limits": "/".join(map(str, thresholds.bp_rule_out))}))
    elif bp_at_or_over(systolic, diastolic, thresholds.bp_review):
        found.append(Concern("bp-review", _("Blood pressure at or over %(limits)s: to check "
                                            "before dosing") % {
            "limits": "/".join(map(str, thresholds.bp_review))}))
    if str(check.get("changes") or "").strip():
        found.append(Concern("changes", _("Something changed since the last visit: read "
                                          "it below")))
    return found
