import getpass
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.roles import Role
from clinic.services import staff_user_create

_ROLES = {"clinician": Role.CLINICIAN, "clinic-admin": Role.CLINIC_ADMIN}


class Command(BaseCommand):
    help = "Create a staff account with a role (clinician or clinic-admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=sorted(_ROLES))
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password",
            help="Prompted for when omitted. Avoid on shared machines: it lands in shell history.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"]
        if get_user_model().objects.filter(username__iexact=email).exists():
            raise CommandError(f"A user with the email {email} already exists.")
        password = options["password"] or getpass.getpass("Password: ")
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user = staff_user_create(
            email=email,
            role=_ROLES[options["role"]],
            password=password,
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({options['role']})."))
