"""Test data, made through the same services the app uses."""

from typing import Any

import factory
from django.contrib.auth import get_user_model

from clinic.roles import Role
from clinic.services import staff_user_create
from intake import services
from intake.models import Intake

PASSWORD = "correct-horse-battery-staple"

LIKELY_ANSWERS: dict[str, object] = {
    "childhood-trauma": "yes",
    "trauma-pattern": "repeated",
    "trauma-linked-symptoms": "yes",
    "wish-to-heal": "yes",
    "therapy-relief": "little",
    "medication-relief": "never",
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
    answers: dict[str, object] | None = None,
) -> Intake:
    intake = services.intake_start()
    services.intake_save_contact(
        intake=intake, first_name=first_name, last_name=last_name, email=email, phone=""
    )
    services.response_save(
        intake=intake, questionnaire="candidacy", answers=answers or LIKELY_ANSWERS
    )
    return intake


def submitted_intake(**kwargs: Any) -> Intake:
    intake = draft_intake(**kwargs)
    return services.intake_submit(intake_id=intake.pk)
