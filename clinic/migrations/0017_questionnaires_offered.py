"""Which optional questionnaires new applications ask: the clinic keeps the ones it turned
off (none, to begin with: every questionnaire is asked, as before). Only optional ones can
be stored there (`screening.battery.LOCKED` says which are not, and why)."""

import django.contrib.postgres.fields
from django.db import migrations, models

import clinic.models


class Migration(migrations.Migration):

    dependencies = [
        ("clinic", "0016_self_check_intro"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinicprofile",
            name="questionnaires_off",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=50), blank=True, default=list,
                help_text="Untick a questionnaire to leave it out of applications started "
                "from now on; applications already started keep the questionnaires they "
                "began with. The ones that cannot be turned off say why.",
                size=None, validators=[clinic.models.questionnaires_off_validator],
                verbose_name="questionnaires turned off"),
        ),
        migrations.AddConstraint(
            model_name="clinicprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(("questionnaires_off__contained_by",
                                    ["gad-7", "ace", "goals"])),
                name="clinic_only_optional_questionnaires_off"),
        ),
    ]
