"""Test data, made through the same services the app uses."""

from typing import Any

import factory
from django.contrib.auth import get_user_model

from clinic.roles import Role
from clinic.services import staff_user_create
from intake import services
from intake.models import Intake
from screening import battery, definitions
from screening.schema import AnswerType

PASSWORD = "correct-horse-battery-staple"

# For each item, the first of these codes it offers is the "nothing to report" answer.
_QUIET_ANSWERS = ("no", "LA32-8", "none", "LA6568-5", "LA6270-8", "never-had", "male",
                  "not-now", "never")

LIKELY_OVERRIDES: dict[str, dict[str, object]] = {
    "candidacy": {
        "childhood-trauma": "yes", "trauma-pattern": "repeated",
        "trauma-linked-symptoms": "yes", "dissociation": "no", "wish-to-heal": "yes",
        "therapy-relief": "little", "medication-relief": "never",
    },
    "pc-ptsd-5": {"102011-4": "LA33-6", "102012-2": "LA33-6", "102013-0": "LA33-6",
                  "102014-8": "LA33-6", "102015-5": "LA32-8", "102016-3": "LA32-8"},
    "pcl-5": {f"pcl5-{n}": "2" for n in range(1, 21)},
    "ace": {"ace-1": "LA33-6", "ace-4": "LA33-6"},
    "drug-screen": {"68524-8": 0},
    "psychiatric": {"therapy-duration": "1-to-3-years", "medication-trials": "two",
                    "medication-six-weeks": "yes"},
}


def answers_for(code: str, overrides: dict[str, object] | None = None) -> dict[str, object]:
    """Complete answers to a questionnaire: `overrides`, and "nothing to report" elsewhere."""
    definition = definitions.get(code)
    overrides = overrides or {}
    answers: dict[str, object] = {}
    for item in definition.items:
        if item.link_id in overrides:
            answers[item.link_id] = overrides[item.link_id]
        elif item.answer_type is AnswerType.CHOICE and item.required:
            codes = [option.code for option in item.options]
            answers[item.link_id] = next((c for c in _QUIET_ANSWERS if c in codes), codes[0])
    return {k: v for k, v in answers.items()
            if definition.is_enabled(definition.item(k), answers)}


def likely_answers(
    changes: dict[str, dict[str, object]] | None = None,
) -> dict[str, dict[str, object]]:
    """Answers to every questionnaire of a likely candidate, with per-questionnaire changes
    ({code: {link_id: answer}}) on top."""
    changes = changes or {}
    return {
        code: answers_for(code, {**LIKELY_OVERRIDES.get(code, {}), **changes.get(code, {})})
        for code in battery.QUESTIONNAIRE_CODES
    }


def staff(role: Role, email: str) -> Any:
    return staff_user_create(email=email, role=role, password=PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A logged-in person with no staff role (for "non-staff are sent to login")."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


def draft_intake(
    *, first_name: str = "Ana", last_name: str = "Silva", email: str = "ana@example.org",
    answers: dict[str, dict[str, object]] | None = None,
) -> Intake:
    """A draft with every page done (contact details and every questionnaire)."""
    intake = services.intake_start()
    services.intake_save_contact(
        intake=intake, first_name=first_name, last_name=last_name, email=email, phone=""
    )
    for code, given in (answers or likely_answers()).items():
        if battery.is_asked(code, services.answers_by_questionnaire(intake) | {code: given}):
            services.response_save(intake=intake, questionnaire=code, answers=given)
    return intake


def submitted_intake(**kwargs: Any) -> Intake:
    intake = draft_intake(**kwargs)
    return services.intake_submit(intake_id=intake.pk)
