from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from intake.models import Intake


class ContactForm(forms.ModelForm):
    class Meta:
        model = Intake
        fields = ["first_name", "last_name", "email", "phone"]
        help_texts = {
            "email": _("We'll write to you here about your application, and nowhere else."),
            "phone": _("Optional. A number where a clinician can reach you."),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Please fill this in.")
        self.fields["email"].error_messages["invalid"] = _(
            "This doesn't look like an email address. Please check it, for example "
            "name@example.com."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("first_name", "last_name", "email", "phone")
