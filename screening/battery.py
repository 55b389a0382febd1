"""Which questionnaires the intake asks, in which order, and which apply to whom.

The order is clinical: what brings the person here first, then trauma behind a content
warning, mood, anxiety, the suicide-risk screen, childhood adversity behind a second
warning, substances, and the medical, psychiatric and medication history last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening.definitions import pcptsd5

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

PC_PTSD_5_GATE = ("pc-ptsd-5", pcptsd5.GATE, pcptsd5.GATE_YES.code)  # questionnaire, item, yes


# A questionnaire asked or not depending on another's answers: which one it depends on.
DEPENDS_ON: dict[str, str] = {"pcl-5": PC_PTSD_5_GATE[0]}


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
