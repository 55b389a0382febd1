from django import forms


class TwentyFields(forms.Form):
    """Twenty plain fields, about as many as the app's longest questionnaire page."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for n in range(10):
            self.fields[f"choice_{n}"] = forms.ChoiceField(
                label=f"Question {n}", widget=forms.RadioSelect,
                choices=[(str(v), f"Answer {v}") for v in range(4)])
        for n in range(10):
            self.fields[f"text_{n}"] = forms.CharField(label=f"Note {n}", required=False,
                                                       max_length=200)
