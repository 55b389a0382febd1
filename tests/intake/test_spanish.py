"""Spanish pages carry no English text of ours: every string we wrote is translated, and
validated questionnaires without an official Spanish version say why they are in English."""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from intake.views import SESSION_DRAFT
from screening import battery
from tests import factories

pytestmark = pytest.mark.django_db

MO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.mo"


def _english_strings() -> list[str]:
    """Our English source strings long enough to recognise on a page."""
    assert MO.exists(), "Compile the translations first: make messages"
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # msgid -> msgstr
    strings = set()
    for msgid, msgstr in catalogue.items():
        text = msgid[0] if isinstance(msgid, tuple) else msgid
        if not text or text == msgstr:
            continue
        for part in re.split(r"%\(\w+\)\w|\{\{.*?\}\}", text):
            if len(part.strip()) >= 18:
                strings.add(part.strip())
    return sorted(strings)


def _visible_text(response) -> str:
    content = response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    content = re.sub(r"<[^>]+>", " ", content)
    return " ".join(html.unescape(content).split())


def _english_on(response) -> list[str]:
    text = _visible_text(response)
    return [s for s in ENGLISH if " ".join(s.split()) in text]


ENGLISH = []


@pytest.fixture(autouse=True)
def english_strings():
    if not ENGLISH:
        ENGLISH.extend(_english_strings())
        assert len(ENGLISH) > 200  # the check would pass vacuously on an empty catalogue


@pytest.fixture
def spanish_draft(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    intake = factories.draft_intake()
    session = client.session
    session[SESSION_DRAFT] = str(intake.pk)
    session.save()
    return client


PUBLIC_PAGES = ["home", "self-check", "crisis", "intake:start"]
DRAFT_PAGES = ["intake:contact", "intake:consent", "intake:review", "intake:pause"]


@pytest.mark.parametrize("name", PUBLIC_PAGES + DRAFT_PAGES)
def test_spanish_pages_have_no_english_of_ours(spanish_draft, name):
    response = spanish_draft.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
    assert _english_on(response) == []


@pytest.mark.parametrize("code", [c for c in battery.QUESTIONNAIRE_CODES])
def test_spanish_questionnaire_pages(spanish_draft, code):
    from screening import definitions

    response = spanish_draft.get(reverse("intake:questionnaire", args=[code]))
    definition = definitions.get(code)
    english = _english_on(response)
    assert english == [], english
    note = "Este cuestionario no tiene una versión oficial en español"
    if definition.validated and definition.translation("es") is None:
        assert note in _visible_text(response)
    elif definition.validated:
        assert str(definition.localized("es").items[0].text) in _visible_text(response)


def test_the_phq9_appears_in_its_official_spanish(spanish_draft):
    response = spanish_draft.get(reverse("intake:questionnaire", args=["phq-9"]))
    assert "Little interest or pleasure in doing things" not in _visible_text(response)
