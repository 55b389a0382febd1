"""Pages go out gzipped to a browser that asks, and whole: a client on a phone's
connection loads a step page in about a fifth of the bytes."""

import gzip
import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _without_tokens(html: str) -> str:
    """The page with its CSRF token taken out: masked anew on every page."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_step_page_is_gzipped_for_a_browser_that_asks_and_arrives_whole(client):
    factories.in_session(client, factories.draft_intake())
    url = reverse("intake:questionnaire", args=["phq-9"])
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain  # a client that does not ask gets it as it is
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]  # so no cache hands it to the wrong client
    page = gzip.decompress(packed.content).decode()
    assert _without_tokens(page) == _without_tokens(plain.content.decode())
    assert len(packed.content) * 3 < len(plain.content)


def test_an_export_is_compressed_too_and_keeps_its_headers(client, clinician):
    intake = factories.submitted_intake()
    factories.staff_login(client, clinician)
    response = client.get(reverse("review:intake-fhir", args=[intake.pk]),
                          HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "no-store" in response["Cache-Control"]
    assert intake.email in gzip.decompress(response.content).decode()
