"""Which questionnaires the intake asks, in which order, and which apply to whom.

The order is clinical: what brings the person here first, then trauma behind a content
warning, mood, anxiety, the suicide-risk screen, childhood adversity behind a second
warning, substances, and the medical, psychiatric and medication history last.

A clinic may turn some off for new applications (`OPTIONAL_CODES`); `LOCKED` says which it
may not, and why. Each intake keeps the set it started with.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening import definitions
from screening.definitions import pcptsd5
from screening.schema import Questionnaire

Text = str | Promise

TRAUMA_WARNING = _(
    "The next questions ask about very stressful experiences, such as violence, abuse, a "
    "serious accident or a disaster, and how they affect you now. You won't be asked to "
    "describe what happened. Some people find these questions upsetting. Take your time, "
    "take a break whenever you need one, and know that you can skip this part."
)
CHILDHOOD_WARNING = _(
    "The next questions ask about your childhood, including neglect, abuse and hard "
    "things at home. They are a plain yes or no, and you won't be asked for details. If "
    "this feels like too much today, you can skip this part or stop and come back later."
)


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    questionnaires: tuple[str, ...]
    content_warning: Text = ""


SECTIONS: tuple[Section, ...] = (
    Section("candidacy", _("What brings you here"), ("candidacy",)),
    Section("trauma", _("Stressful experiences"), ("pc-ptsd-5", "pcl-5"), TRAUMA_WARNING),
    Section("mood", _("Mood"), ("phq-9",)),
    Section("anxiety", _("Worry and anxiety"), ("gad-7",)),
    Section("safety", _("Your safety"), ("asq",)),
    Section("childhood", _("Growing up"), ("ace",), CHILDHOOD_WARNING),
    Section("substances", _("Alcohol and other substances"),
            ("audit-c", "drug-screen", "dissociatives")),
    Section("medical", _("Your physical health"), ("medical",)),
    Section("psychiatric", _("Your mental health history"), ("psychiatric",)),
    Section("medications", _("Your medications"), ("medications",)),
    Section("goals", _("What you hope for"), ("goals",)),
)

QUESTIONNAIRE_CODES: tuple[str, ...] = tuple(
    code for section in SECTIONS for code in section.questionnaires
)
# What the candidacy rules read: every questionnaire but the client's own words.
ASSESSED_CODES: tuple[str, ...] = tuple(c for c in QUESTIONNAIRE_CODES if c != "goals")

# Score flags that change what the client sees next (CLINICAL.md, safety first).
SAFETY_QUESTIONNAIRES: tuple[str, ...] = ("phq-9", "asq")
URGENT_FLAGS = frozenset({"phq9-item9", "asq-positive"})
ACUTE_FLAGS = frozenset({"asq-acute"})

# Which questionnaires a clinic may not turn off, and why (docs/clinical.md, "Questionnaires
# a clinic may turn off"). The safer reading: the suicide-risk screens; the trauma screen the
# tiers rest on; and every questionnaire a contraindication flag reads. The rest only adds
# evidence for an indication that other answers can also carry, so leaving it out makes a
# case "cannot tell", never "not met".
_SAFETY = _("It screens for suicide risk: every application asks it, so that nobody at "
            "risk is missed.")
_TRAUMA = _("The screening result rests on this trauma screen.")
_FLAGS = _("Contraindication flags read its answers.")
LOCKED: dict[str, Text] = {
    "candidacy": _("The screening's indications and the dissociation flag read its answers."),
    "pc-ptsd-5": _TRAUMA,
    "pcl-5": _TRAUMA,
    "phq-9": _SAFETY,
    "asq": _SAFETY,
    "audit-c": _FLAGS,
    "drug-screen": _FLAGS,
    "dissociatives": _FLAGS,
    "medical": _FLAGS,
    "psychiatric": _FLAGS,
    "medications": _FLAGS,
}
# The ones a clinic may leave out of new applications, in the intake's order.
OPTIONAL_CODES: tuple[str, ...] = tuple(c for c in QUESTIONNAIRE_CODES if c not in LOCKED)

PC_PTSD_5_GATE = ("pc-ptsd-5", pcptsd5.GATE, pcptsd5.GATE_YES.code)  # questionnaire, item, yes

# A questionnaire asked or not depending on another's answers: which one it depends on.
DEPENDS_ON: dict[str, str] = {"pcl-5": PC_PTSD_5_GATE[0]}


def every_questionnaire() -> list[str]:
    """Every questionnaire of the battery: what an intake asks unless told otherwise."""
    return list(QUESTIONNAIRE_CODES)


def questionnaires_offered(turned_off: Iterable[str]) -> tuple[str, ...]:
    """The questionnaires a new intake asks, in order, given the ones a clinic turned off.

    A locked code among `turned_off` is asked all the same (a setting stored before a
    questionnaire was locked cannot turn it off), and unknown codes are ignored.
    """
    off = set(turned_off)
    return tuple(c for c in QUESTIONNAIRE_CODES if c in LOCKED or c not in off)


def in_order(codes: Collection[str]) -> tuple[str, ...]:
    """The battery's questionnaires among `codes`, in the intake's order."""
    return tuple(c for c in QUESTIONNAIRE_CODES if c in codes)


def omitted(asked: Collection[str]) -> tuple[str, ...]:
    """The battery's questionnaires an intake that asks `asked` leaves out."""
    return tuple(c for c in QUESTIONNAIRE_CODES if c not in asked)


def section_of(code: str) -> Section:
    return next(s for s in SECTIONS if code in s.questionnaires)


def is_asked(code: str, answers_by_questionnaire: Mapping[str, Mapping[str, object]]) -> bool:
    """Whether a whole questionnaire applies, given the answers to the others.

    The PCL-5 asks about "the stressful experience", so it follows only a "yes" to the
    PC-PTSD-5's trauma-exposure question.
    """
    if code == "pcl-5":
        questionnaire, gate, yes = PC_PTSD_5_GATE
        return answers_by_questionnaire.get(questionnaire, {}).get(gate) == yes
    return True


@dataclass(frozen=True)
class Listing:
    """One definition and version, as the clinic's list of questionnaires shows it."""

    definition: Questionnaire
    current: bool  # the version new answers are given under; older ones score old answers
    locked_because: Text  # why it cannot be turned off; "" when it can
    asked_in_new: bool  # whether applications started now ask it

    @property
    def items(self) -> int:
        return len(self.definition.items)


def catalogue(turned_off: Iterable[str]) -> list[Listing]:
    """Every definition and every version the code holds, in the intake's order (newest
    version first), with whether new applications ask it."""
    offered = questionnaires_offered(turned_off)
    codes = [*QUESTIONNAIRE_CODES,
             *dict.fromkeys(c for c, _v in definitions.REGISTRY if c not in QUESTIONNAIRE_CODES)]
    listed = []
    for code in codes:
        current = definitions.get(code)
        versions = [q for (c, _v), q in definitions.REGISTRY.items() if c == code]
        for definition in reversed(versions):
            listed.append(Listing(definition, definition is current, LOCKED.get(code, ""),
                                  code in offered))
    return listed
