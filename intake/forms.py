from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.states import US_STATES
from intake.models import Intake


class ContactForm(forms.ModelForm):
    class Meta:
        model = Intake
        fields = ["first_name", "last_name", "date_of_birth", "state", "email", "phone"]
        help_texts = {
            "date_of_birth": _("KAP is offered to adults only."),
            "state": _("Clinicians can only see clients in the states where they are "
                       "licensed."),
            "email": _("We'll write to you here about your application, and nowhere else."),
            "phone": _("Optional. A number where a clinician can reach you."),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "date_of_birth": forms.DateInput(attrs={"type": "date", "autocomplete": "bday"},
                                             format="%Y-%m-%d"),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "date_of_birth", "state", "email"):
            self.fields[name].required = True
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
        self.helper.layout = Layout("first_name", "last_name", "date_of_birth", "state",
                                    "email", "phone")

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("That date is in the future. Please check it."))
        if born.year < today.year - 120:
            raise forms.ValidationError(_("Please check the year of your date of birth."))
        return born
