"""Test data, made through the same services the app uses (a draft answered as one before
it gets that one's stored answers at once: `_answer_every_page`)."""

import copy
import json
import time
from datetime import date
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.db import transaction

from clinic.roles import Role
from clinic.selectors import clinic_profile, current_consent
from clinic.services import staff_user_create
from intake import services
from intake.models import Intake, QuestionnaireResponse
from screening import battery
from screening.examples import likely_answers

PASSWORD = "correct-horse-battery-staple"


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
    """A draft with every page done (contact details and every questionnaire it asks)."""
    intake = services.intake_start()
    services.intake_save_contact(
        intake=intake, first_name=first_name, last_name=last_name, email=email, phone="",
        date_of_birth=date(1988, 3, 14), state="CA",
    )
    _answer_every_page(intake, answers or likely_answers())
    services.consent_sign(intake=intake, document=current_consent(),
                          typed_name=intake.full_name, ip_address="192.0.2.10")
    return intake


# What answering the pages stored, by what decides it: the answers, the questionnaires
# the draft asks and the clinic's thresholds (the scoring's only inputs besides the
# answers). Saving page by page through the services takes some 250 queries; a draft
# answered the same way as one before gets the same rows in one insert.
_ANSWERED: dict[tuple, tuple[list[dict[str, Any]], list[bool]]] = {}
_RESPONSE_FIELDS = ("questionnaire", "version", "answers", "not_asked", "declined",
                    "complete", "score")


def _answer_every_page(intake: Intake, answers: dict[str, dict[str, object]]) -> None:
    from outbox.models import OutgoingMessage
    from screening.rules import ClinicThresholds

    key = (json.dumps(answers, sort_keys=True, default=str), tuple(intake.questionnaires_asked),
           ClinicThresholds.from_profile(clinic_profile()))
    if key in _ANSWERED:
        rows, alerts = copy.deepcopy(_ANSWERED[key])
        with transaction.atomic():  # as response_save does
            QuestionnaireResponse.objects.bulk_create(
                QuestionnaireResponse(intake=intake, **row) for row in rows)
            for acute in alerts:  # the urgent alerts the pages raised, in the same order
                services._urgent_raise(intake, acute=acute)
        return
    answer_pages_left(intake, answers)
    rows = list(intake.responses.order_by("pk").values(*_RESPONSE_FIELDS))
    alerts = [params["acute"] for params in OutgoingMessage.objects.filter(
        kind=OutgoingMessage.Kind.URGENT_ALERT, params__intake=str(intake.pk),
    ).order_by("pk").values_list("params", flat=True)]
    _ANSWERED[key] = copy.deepcopy((rows, alerts))


def answer_pages_left(intake: Intake, answers: dict[str, dict[str, object]]) -> None:
    """Save, page by page through the services, the questionnaires this draft asks and has
    no response for yet (a client carrying on from where they are)."""
    for code, given in answers.items():
        if code not in intake.questionnaires_asked:
            continue  # turned off in the clinic's settings when this draft started
        done = services.answers_by_questionnaire(intake)
        if code not in done and battery.is_asked(code, done | {code: given}):
            services.response_save(intake=intake, questionnaire=code, answers=given)


def submitted_intake(**kwargs: Any) -> Intake:
    intake = draft_intake(**kwargs)
    return services.intake_submit(intake_id=intake.pk)


def in_session(client: Any, intake: Intake, **extra: object) -> None:
    """Make `intake` the test client's own draft, as starting or resuming it would."""
    from intake.views import SESSION_DRAFT

    session = client.session
    session[SESSION_DRAFT] = str(intake.pk)
    session.update(extra)
    session.save()


def app_device(user: Any) -> Any:
    """The person's authenticator app (set up on the spot if they have none)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return (TOTPDevice.objects.filter(user=user, confirmed=True).first()
            or TOTPDevice.objects.create(user=user, name="Phone", confirmed=True))


def app_code(user: Any) -> str:
    """The code the person's authenticator app shows now."""
    from django_otp.oath import totp

    return f"{totp(app_device(user).bin_key):06d}"


def staff_login(client: Any, user: Any) -> None:
    """Log `user` in with both steps done (password and an authenticator app), as a real
    staff login ends. `client.force_login` alone leaves the second step undone."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from kapclinic.middleware import SESSION_STAFF_SINCE, SESSION_TOUCHED, STAFF_IDLE_SECONDS

    device = app_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # As the first staff page after a login leaves it: the session's start, its staff
    # expiry, and its renewal just now (kapclinic.middleware).
    session[SESSION_STAFF_SINCE] = time.time()
    session.set_expiry(STAFF_IDLE_SECONDS)
    session[SESSION_TOUCHED] = int(time.time())
    session.save()


def approved_intake(by: Any, **kwargs: Any) -> Intake:
    """A submitted intake a clinician approved for consultation (through review first)."""
    from intake import workflow

    intake = submitted_intake(**kwargs)
    S = Intake.Status
    for move in (workflow.Move(S.IN_REVIEW),
                 workflow.Move(S.APPROVED, "indications-met", "Fits.")):
        services.status_move(intake=intake, move=move, by=by)
    intake.refresh_from_db()
    return intake
