from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.states import US_STATES
from intake.models import Intake
from intake.services import CONTACT_FIELDS, REQUIRED_CONTACT_FIELDS


class ContactForm(forms.ModelForm):
    class Meta:
        model = Intake
        fields = [name for name in CONTACT_FIELDS if name != "language"]
        help_texts = {
            "first_name": _("As on your ID or insurance card."),
            "preferred_name": _("Optional. We'll use it whenever we talk with you."),
            "pronouns": _("Optional. For example she/her, he/him, they/them."),
            "date_of_birth": _("KAP is offered to adults only."),
            "state": _("Clinicians can only see clients in the states where they are "
                       "licensed."),
            "email": _("We'll write to you here about your application, and nowhere else."),
            "phone": _("Optional. A number where a clinician can reach you."),
            "emergency_contact_name": _("Optional. Someone we may call if we are worried "
                                        "about your safety."),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "preferred_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel"}),
            "date_of_birth": forms.DateInput(attrs={"type": "date", "autocomplete": "bday"},
                                             format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, partial: bool = False, **kwargs: Any) -> None:
        """`partial`: nothing is required (saving part-way to finish later)."""
        super().__init__(*args, **kwargs)
        for name in REQUIRED_CONTACT_FIELDS:
            self.fields[name].required = not partial
            self.fields[name].error_messages["required"] = _("Please fill this in.")
        self.fields["date_of_birth"].error_messages["invalid"] = _(
            "Please enter a date like 1990-04-23 (year, month, day)."
        )
        self.fields["state"].choices = [("", _("Choose your state"))] + list(US_STATES)
        self.fields["email"].error_messages["invalid"] = _(
            "This doesn't look like an email address. Please check it, for example "
            "name@example.com."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Your name"), "first_name", "last_name", "preferred_name", "pronouns"),
            Fieldset(_("About you"), "date_of_birth", "state"),
            Fieldset(_("How to reach you"), "email", "phone"),
            Fieldset(_("Emergency contact"), "emergency_contact_name",
                     "emergency_contact_phone", "emergency_contact_relationship"),
        )

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data["date_of_birth"]
        if born is None:
            return None
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("That date is in the future. Please check it."))
        if born.year < today.year - 120:
            raise forms.ValidationError(_("Please check the year of your date of birth."))
        return born

    def valid_part(self) -> dict[str, Any]:
        """The fields that passed validation, to keep when pausing on a page with errors."""
        return {name: value for name, value in self.cleaned_data.items()
                if name not in self.errors}


class ConsentForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Type your full legal name to sign"), max_length=200,
        error_messages={"required": _("Please type your name to sign.")},
    )
    agree = forms.BooleanField(
        label=_("I have read this consent and I agree to it."),
        error_messages={"required": _("Please tick this box to agree, or contact the "
                                      "clinic with your questions first.")},
    )

    def __init__(self, *args: Any, legal_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.legal_name = legal_name
        self.fields["typed_name"].help_text = _("The name you gave us: %(name)s") % {
            "name": legal_name}
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_typed_name(self) -> str:
        typed = " ".join(self.cleaned_data["typed_name"].split())
        if typed.casefold() != " ".join(self.legal_name.split()).casefold():
            raise forms.ValidationError(
                _("Please type your name exactly as you gave it: %(name)s") % {
                    "name": self.legal_name})
        return typed


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        error_messages={"required": _("Please fill this in."),
                        "invalid": _("This doesn't look like an email address. Please check "
                                     "it, for example name@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
