from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

from clinic.roles import Role


@transaction.atomic
def staff_user_create(
    *, email: str, role: Role, password: str, first_name: str = "", last_name: str = ""
) -> AbstractUser:
    """Create a staff account in one role. Clinic admins may also use Django's admin."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    user = user_model.objects.create_user(
        username=email,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_staff=role is Role.CLINIC_ADMIN,
    )
    user.groups.add(Group.objects.get(name=role.value))
    return user
