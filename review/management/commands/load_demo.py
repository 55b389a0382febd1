from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clinic.roles import Role
from clinic.services import staff_user_create
from intake import services as intake_services
from intake.models import Intake

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - development only, refused when DEBUG is off

DEMO_STAFF = [
    ("clinician@example.org", Role.CLINICIAN, "Dana", "Reyes"),
    ("admin@example.org", Role.CLINIC_ADMIN, "Sam", "Okafor"),
]

DEMO_INTAKES = [
    ("Alex", "Rivera", "alex.rivera@example.org", {
        "childhood-trauma": "yes", "trauma-pattern": "repeated",
        "trauma-linked-symptoms": "yes", "wish-to-heal": "yes",
        "therapy-relief": "little", "medication-relief": "some",
    }),
    ("Jordan", "Lee", "jordan.lee@example.org", {
        "childhood-trauma": "prefer-not", "trauma-pattern": "single",
        "trauma-linked-symptoms": "somewhat", "wish-to-heal": "sometimes",
        "therapy-relief": "never", "medication-relief": "never",
    }),
    ("Casey", "Morgan", "casey.morgan@example.org", {
        "childhood-trauma": "no", "trauma-pattern": "none",
        "trauma-linked-symptoms": "no", "wish-to-heal": "no",
        "therapy-relief": "much", "medication-relief": "never",
    }),
]


class Command(BaseCommand):
    help = "Development only: demo staff accounts (printed) and a few sample intakes."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo is for development only (DEBUG=true).")
        users = get_user_model().objects
        for email, role, first, last in DEMO_STAFF:
            if not users.filter(username=email).exists():
                staff_user_create(email=email, role=role, password=DEMO_PASSWORD,
                                  first_name=first, last_name=last)
        if not Intake.objects.exists():
            for first, last, email, answers in DEMO_INTAKES:
                intake = intake_services.intake_start()
                intake_services.intake_save_contact(
                    intake=intake, first_name=first, last_name=last, email=email, phone=""
                )
                intake_services.response_save(
                    intake=intake, questionnaire="candidacy", answers=answers
                )
                intake_services.intake_submit(intake_id=intake.pk)
        self.stdout.write("Demo staff accounts (development only):")
        for email, role, _first, _last in DEMO_STAFF:
            self.stdout.write(f"  {role.value:<13} {email}  password: {DEMO_PASSWORD}")
        self.stdout.write("Staff login: http://127.0.0.1:8000/staff/login/")
