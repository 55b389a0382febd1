"""The form a clinic admin writes an email's text in: refused at the field it is wrong in,
naming the placeholders the email may use (`outbox/texts.py` decides what they are)."""

from typing import Any

from django import forms

from outbox import texts
from outbox.models import EmailText


class EmailTextForm(forms.ModelForm):
    class Meta:
        model = EmailText
        fields = ["kind", "language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14, "cols": 80})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Kind and language are fixed once saved (read-only, so not in the form then).
        kind = data.get("kind", self.instance.kind)
        if kind not in texts.EMAILS:
            return data
        problems = texts.check(kind=kind, language=data.get("language", self.instance.language),
                               subject=data.get("subject"), body=data.get("body"))
        for field, messages in problems.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data
