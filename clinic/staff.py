"""What a signed-in person needs before any staff page: both steps of the login done in
this session. Here, below the apps that check it (review's access rules, the admin site,
the staff middleware), so none of them has to import another."""

from typing import Any


def is_verified(user: Any) -> bool:
    """django-otp's middleware marks a session whose second step is done; a user object
    that did not come through a request has not done it."""
    check = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and check is not None and check())
