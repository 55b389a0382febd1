from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services
from audit.services import client_ip
from clinic.roles import ROLE_LABELS, Role

ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]


class CodeForm(forms.Form):
    """One code: six digits from the app, or a backup code."""

    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autocapitalize": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the code.")},
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, but the email goes through the outbox (no request waits on a mail
    server) and the link is made when it is sent."""

    def save(self, *, request: HttpRequest | None = None, **kwargs: Any) -> None:
        services.password_reset_request(email=self.cleaned_data["email"],
                                        ip_address=client_ip(request))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)


class DeactivateForm(forms.Form):
    handover_to = forms.ModelChoiceField(
        label=_("Who takes their open cases?"), required=False, queryset=None,
        empty_label=_("Nobody yet: leave them unassigned in the queue"))

    def __init__(self, *args: Any, leaving: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handover_to"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__name=Role.CLINICIAN.value)
            .exclude(pk=leaving.pk).order_by("last_name", "first_name"))
        self.fields["handover_to"].label_from_instance = (
            lambda user: user.get_full_name() or user.email)


class StaffLoginForm(AuthenticationForm):
    """Django's login form, with the username's length checked before anyone tries it:
    Django sets the field's limit after the field is built, so it is never enforced, and a
    megabyte-long name reached the lockout's table (a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")  # staff log in with their address

    def clean_username(self) -> str:
        # Accounts are stored in lower case (invitations, create_staff_user): an address
        # typed as written in the invitation must work.
        username = (self.cleaned_data.get("username") or "").strip().lower()
        limit = self.fields["username"].max_length or 150
        if len(username) > limit:
            raise forms.ValidationError(self.error_messages["invalid_login"],
                                        code="invalid_login",
                                        params={"username": self.username_field.verbose_name})
        return username
