from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import Invitation
from clinic.roles import Role


def staff_list() -> QuerySet[Any]:
    """Everyone in a staff role, with what the staff page shows (role, two-step login
    set up, a pending invitation), in a fixed number of queries."""
    return (
        get_user_model().objects.filter(is_superuser=False,
                                        groups__name__in=[r.value for r in Role])
        .distinct()
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_passkey=Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"),
                                                                 confirmed=True)),
        )
        .prefetch_related("groups", Prefetch(
            "invitations", queryset=Invitation.objects.filter(accepted_at=None),
            to_attr="pending_invitations"))
        .order_by("-is_active", "last_name", "first_name", "email")
    )
