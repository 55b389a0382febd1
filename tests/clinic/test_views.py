"""Public content pages and the clinic admin."""

import pytest
from django.urls import reverse

from clinic.models import ClinicProfile, ContentPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_published_page_is_shown(client):
    response = client.get(reverse("page", args=["what-to-expect"]))
    assert response.status_code == 200
    assert b"What to expect" in response.content


def test_an_unpublished_page_is_404(client):
    ContentPage.objects.filter(slug="what-to-expect").update(published=False)
    assert client.get(reverse("page", args=["what-to-expect"])).status_code == 404


def test_home_page_still_works_when_the_clinic_deletes_its_home_content(client):
    ContentPage.objects.filter(slug="home").delete()
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("intake:start").encode() in response.content


def test_crisis_page_lists_the_clinic_resources(client):
    response = client.get(reverse("crisis"))
    assert b"Call or text 988" in response.content
    assert b"press 1" in response.content
    assert b"Call 911" in response.content


def test_page_text_is_escaped_not_run_as_html(client):
    ContentPage.objects.create(slug="x", title="X", body="<script>alert(1)</script>")
    response = client.get(reverse("page", args=["x"]))
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_clinic_admin_edits_a_page_in_the_admin(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    page = ContentPage.objects.get(slug="what-to-expect", language="en")
    url = reverse("admin:clinic_contentpage_change", args=[page.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "slug": page.slug, "language": "en", "title": "What happens after you apply",
        "summary": "",
        "body": "New words.", "published": "on", "order": 1,
    })
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "What happens after you apply"


def _settings_form(profile, **changes):
    resources = list(profile.crisis_resources.all())
    data = {
        "name": "Harbor KAP", "phone": "555-0100", "email": "hello@example.org",
        "address": "", "states_scope": "some", "states_served": ["CA", "OR"],
        "minimum_age": 21, "pcl5_cutoff": 31,
        "bp_rule_out_systolic": 180, "bp_rule_out_diastolic": 100,
        "bp_review_systolic": 140, "bp_review_diastolic": 90,
        "urgent_realert_minutes": 30, "urgent_escalate_every_minutes": 60,
        "crisis_resources-TOTAL_FORMS": len(resources),
        "crisis_resources-INITIAL_FORMS": len(resources),
        "crisis_resources-MIN_NUM_FORMS": 0, "crisis_resources-MAX_NUM_FORMS": 1000,
    }
    for i, r in enumerate(resources):
        data |= {f"crisis_resources-{i}-id": r.pk, f"crisis_resources-{i}-profile": 1,
                 f"crisis_resources-{i}-name": r.name, f"crisis_resources-{i}-how": r.how,
                 f"crisis_resources-{i}-link": r.link, f"crisis_resources-{i}-note": r.note,
                 f"crisis_resources-{i}-order": r.order,
                 f"crisis_resources-{i}-language": r.language}
    return data | changes


def test_clinic_admin_edits_the_clinic_settings(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    url = reverse("admin:clinic_clinicprofile_change", args=[1])
    profile = ClinicProfile.objects.get()
    response = client.post(url, _settings_form(profile))
    assert response.status_code == 302, response.context["adminform"].errors
    profile.refresh_from_db()
    assert (profile.name, profile.states_served, profile.minimum_age, profile.pcl5_cutoff) == (
        "Harbor KAP", ["CA", "OR"], 21, 31
    )
    assert b"Harbor KAP" in client.get(reverse("home")).content


def test_the_urgent_re_alert_times_are_set_within_their_range(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    url = reverse("admin:clinic_clinicprofile_change", args=[1])
    profile = ClinicProfile.objects.get()
    response = client.post(url, _settings_form(profile, urgent_realert_minutes=2))
    assert response.status_code == 200  # under 5 minutes: refused
    response = client.post(url, _settings_form(profile, urgent_realert_minutes=15,
                                               urgent_escalate_every_minutes=45))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.urgent_realert_minutes, profile.urgent_escalate_every_minutes) == (15, 45)


def test_which_states_are_served_is_said_explicitly(client, clinic_admin):
    """No box ticked used to mean every state, silently; now it is a choice, and "only
    these" with none ticked is refused."""
    factories.staff_login(client, clinic_admin)
    url = reverse("admin:clinic_clinicprofile_change", args=[1])
    profile = ClinicProfile.objects.get()
    response = client.post(url, _settings_form(profile, states_served=[]))
    assert response.status_code == 200
    assert "Tick at least one state, or choose all states." in response.content.decode()
    response = client.post(url, _settings_form(profile, states_scope="all"))
    assert response.status_code == 302  # the ticked boxes are set aside
    profile.refresh_from_db()
    assert profile.states_served == []
    form = client.get(url).context["adminform"].form
    assert form["states_scope"].value() == "all"  # shown as chosen next time


def test_the_admin_refuses_a_review_limit_above_the_rule_out_limit(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    url = reverse("admin:clinic_clinicprofile_change", args=[1])
    profile = ClinicProfile.objects.get()
    response = client.post(url, _settings_form(profile, bp_review_systolic=190))
    assert response.status_code == 200
    assert ClinicProfile.objects.get().bp_review_systolic == 140


def test_the_admin_refuses_a_minimum_age_under_18(client, clinic_admin):
    factories.staff_login(client, clinic_admin)
    url = reverse("admin:clinic_clinicprofile_change", args=[1])
    response = client.post(url, {"name": "X", "minimum_age": 16,
                                 "crisis_resources-TOTAL_FORMS": 0,
                                 "crisis_resources-INITIAL_FORMS": 0})
    assert response.status_code == 200
    assert ClinicProfile.objects.get().minimum_age == 18


def test_clinicians_cannot_open_the_content_admin(client, clinician):
    factories.staff_login(client, clinician)
    response = client.get(reverse("admin:clinic_contentpage_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_pages_and_crisis_lines_follow_the_visitors_language(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert "Psicoterapia asistida con ketamina" in html
    assert "Llame o envíe un texto al 988" in html
    assert "Ketamine-assisted psychotherapy (KAP) combines" not in html


def test_a_page_without_a_version_in_the_visitors_language_falls_back_to_english(client):
    ContentPage.objects.create(slug="fees", title="Fees", body="What it costs.")
    response = client.get(reverse("page", args=["fees"]), HTTP_ACCEPT_LANGUAGE="es")
    assert b"What it costs." in response.content


def test_the_home_page_says_who_the_clinic_can_see_before_anyone_types(client):
    profile = ClinicProfile.objects.get()
    profile.states_served, profile.minimum_age = ["CA", "OR"], 21
    profile.save()
    html = client.get(reverse("home")).content.decode()
    assert "adults aged 21 or older who live in: California, Oregon" in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_home_page_gives_no_time_estimate_of_its_own(client, language):
    """One estimate, the start page's (computed from the pages): none copied elsewhere."""
    client.cookies["django_language"] = language
    html = client.get(reverse("home")).content.decode()
    assert "30 minut" not in html


PAGES_PEOPLE_ASK_FOR = ["kap-course", "risks", "who-we-can-see", "faq"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_costs_page_waits_for_the_clinics_prices(client, language):
    """Its [placeholders] are the clinic's to fill: it starts unpublished."""
    client.cookies["django_language"] = language
    costs = ContentPage.objects.get(slug="costs", language=language)
    assert "[" in costs.body and not costs.published
    assert client.get(reverse("page", args=["costs"])).status_code == 404


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("slug", PAGES_PEOPLE_ASK_FOR)
def test_the_pages_people_ask_for_are_there_in_both_languages(client, slug, language):
    client.cookies["django_language"] = language
    response = client.get(reverse("page", args=[slug]))
    assert response.status_code == 200
    assert ContentPage.objects.get(slug=slug, language=language).title in \
        response.content.decode()


def test_the_faq_is_in_the_menu_and_tells_the_truth_about_skipping(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("page", args=["faq"])}"' in html
    faq = ContentPage.objects.get(slug="faq", language="en").body
    assert "You may leave any question blank" in faq  # as the questionnaire pages say


def test_the_clinic_writes_its_own_words_above_is_kap_right_for_me(client):
    """Its fixed lines (nothing saved, no name asked) stay; the clinic's text sits under
    them, in Markdown, in the visitor's language."""
    url = reverse("self-check")
    html = client.get(url).content.decode()
    assert "These questions are a way to think it through" in html
    assert "Nothing you answer here is saved." in html
    ContentPage.objects.filter(slug="self-check", language="en").update(
        body="Take your **time**.")
    html = client.get(url).content.decode()
    assert "Take your <strong>time</strong>." in html
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Estas preguntas son una manera de pensarlo" in spanish
    # Its address among the pages leads to the page it belongs to.
    assert client.get(reverse("page", args=["self-check"])).url == url
    assert client.get(reverse("page", args=["home"])).url == reverse("home")
