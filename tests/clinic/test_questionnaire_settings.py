"""The clinic's choice of optional questionnaires for new applications, and the read-only
list of every questionnaire definition and version. Locked questionnaires cannot be
turned off by the form, the model or the database; each change is audited with its old
and new values; only clinic admins reach either page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from clinic.admin import ClinicProfileForm
from clinic.forms import QuestionnairesOffField
from clinic.models import ClinicProfile
from intake import services
from review.words import describe
from screening import battery, definitions
from tests import factories
from tests.clinic.test_admin_audit import _form_data

pytestmark = pytest.mark.django_db

SETTINGS = reverse("admin:clinic_clinicprofile_change", args=[1])
LIST = reverse("admin:clinic_clinicprofile_questionnaires")


def _ticked(data, *, without=()):
    """The settings form as a browser sends it: the boxes ticked, minus `without`. A
    disabled box (a locked questionnaire) is never sent."""
    data = dict(data)
    data["questionnaires_off"] = [code for code in battery.OPTIONAL_CODES
                                  if code not in without]
    return data


def test_the_model_and_the_database_refuse_a_locked_questionnaire_turned_off():
    profile = ClinicProfile.objects.get()
    profile.questionnaires_off = ["ace", "phq-9"]
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "(PHQ-9) cannot be turned off. It screens for suicide risk" in str(refused.value)
    profile.questionnaires_off = ["made-up"]
    with pytest.raises(ValidationError, match="Unknown questionnaire: made-up"):
        profile.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicProfile.objects.filter(pk=1).update(questionnaires_off=["asq"])
    ClinicProfile.objects.filter(pk=1).update(questionnaires_off=["ace", "gad-7", "goals"])


def test_the_form_field_refuses_a_locked_questionnaire_and_cannot_untick_one():
    with pytest.raises(ValidationError, match="cannot be turned off"):
        QuestionnairesOffField().clean(["gad-7", "asq"])
    # However the POST is made, an unticked locked box is not "turned off": only optional
    # questionnaires can be left out.
    profile = ClinicProfile.objects.get()
    initial = _form_data_of(ClinicProfileForm(instance=profile))
    form = ClinicProfileForm({**initial, "questionnaires_off": []}, instance=profile)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["questionnaires_off"] == list(battery.OPTIONAL_CODES)


def _form_data_of(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None and value is not False:
            data[name] = value
    return data


def test_the_settings_page_shows_locked_questionnaires_ticked_disabled_and_why(
        client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    html = client.get(SETTINGS).content.decode()
    assert "Questionnaires new applications ask" in html
    phq9 = html[html.index('value="phq-9"') - 200:html.index('value="phq-9"') + 300]
    assert "disabled" in phq9 and "checked" in phq9
    assert "(PHQ-9) — always asked. It screens for suicide risk" in html
    gad7 = html[html.index('value="gad-7"') - 200:html.index('value="gad-7"') + 200]
    assert "disabled" not in gad7 and "checked" in gad7
    assert f'href="{LIST}"' in html  # the list of every definition, one click away


def test_turning_one_off_is_audited_with_old_and_new_and_asks_it_no_more(client,
                                                                        clinic_admin):
    factories.staff_login(client, clinic_admin)
    before = services.intake_start()
    data = _ticked(_form_data(client.get(SETTINGS)), without=("gad-7",))
    response = client.post(SETTINGS, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ClinicProfile.objects.get().questionnaires_off == ["gad-7"]
    event = AuditEvent.objects.get(action="settings-change")
    assert event.actor == clinic_admin
    assert event.detail["fields"] == {"questionnaires_off": [[], ["gad-7"]]}
    # The audit trail's page says what the values are.
    assert "questionnaires turned off from “[]” to “['gad-7']”" in describe(
        event.action, event.detail, {})
    assert "gad-7" not in services.intake_start().questionnaires_asked
    before.refresh_from_db()
    assert "gad-7" in before.questionnaires_asked
    # The settings page now shows it unticked; ticking it again is audited the other way.
    html = client.get(SETTINGS).content.decode()
    gad7 = html[html.index('value="gad-7"') - 200:html.index('value="gad-7"') + 200]
    assert "checked" not in gad7
    client.post(SETTINGS, _ticked(_form_data(client.get(SETTINGS))))
    again = AuditEvent.objects.filter(action="settings-change").latest("id")
    assert again.detail["fields"] == {"questionnaires_off": [["gad-7"], []]}
    assert ClinicProfile.objects.get().questionnaires_off == []


def test_a_post_without_the_locked_boxes_keeps_them_asked(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    data = _ticked(_form_data(client.get(SETTINGS)), without=battery.OPTIONAL_CODES)
    assert client.post(SETTINGS, data).status_code == 302
    profile = ClinicProfile.objects.get()
    assert profile.questionnaires_off == list(battery.OPTIONAL_CODES)
    assert set(battery.LOCKED) <= set(profile.questionnaires_asked())


def test_the_list_shows_every_definition_and_version_read_only(client, clinic_admin):
    ClinicProfile.objects.filter(pk=1).update(questionnaires_off=["ace"])
    factories.staff_login(client, clinic_admin)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    for (code, version), definition in definitions.REGISTRY.items():
        row_start = html.index(f'id="q-{code}-{version}"')
        row = html[row_start:html.index("</tr>", row_start)]
        assert str(definition.title) in row
        assert f"<td>{len(definition.items)}</td>" in row
        kind = "Validated instrument" if definition.validated else "The clinic's own"
        assert kind in row, (code, version)
    ace = html[html.index('id="q-ace-1"'):]
    assert "Turned off" in ace[:ace.index("</tr>")]
    asq = html[html.index('id="q-asq-1"'):]
    assert "earlier version" in asq[:asq.index("</tr>")]
    assert "<form" not in html.split('id="content-main"')[1]  # nothing to edit or send


def test_only_clinic_admins_reach_the_list(client, clinician):
    factories.staff_login(client, clinician)
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert client.get(LIST, follow=True).status_code == 403
    assert client.get(SETTINGS, follow=True).status_code == 403
