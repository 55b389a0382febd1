"""Content pages in Markdown, rendered safely: formatting works, nothing a page holds can
run a script, load anything or link anywhere but the allowed kinds of address."""

import re

import pytest
from django.urls import reverse

from clinic.markdown import render
from clinic.models import ContentPage
from tests import factories


def test_formatting_renders():
    html = render("**Bold** and *gentle*.\n\n- one\n- two\n\n[Call 988](tel:988)")
    assert "<strong>Bold</strong>" in html and "<em>gentle</em>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert '<a href="tel:988" rel="noopener noreferrer">Call 988</a>' in html


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<img src="https://example.org/x.png" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "![tracker](https://example.org/pixel.gif)",
])
def test_nothing_runs_loads_or_leads_astray(text):
    """What cannot be allowed is shown as text or dropped, never as a tag or a link."""
    html = render(text)
    for bad in ("<script", "<img", 'href="javascript', 'href="data'):
        assert bad not in html
    assert not re.search(r"<[^>]*\son\w+=", html)  # no event attribute on any tag


@pytest.mark.django_db
def test_every_shipped_page_renders_as_paragraphs(client):
    for page in ContentPage.objects.filter(published=True):
        html = render(page.body)
        assert html.startswith(("<p>", "<h2>", "<ul>", "<ol>")), page.slug
        assert "**" not in html, page.slug


@pytest.mark.django_db
def test_a_page_shows_its_markdown_and_the_admin_previews_it(client, clinic_admin):
    page = ContentPage.objects.filter(published=True, language="en").exclude(
        slug__in=["home", "self-check"]).first()
    ContentPage.objects.filter(pk=page.pk).update(body="We are **here** for you.")
    html = client.get(reverse("page", args=[page.slug])).content.decode()
    assert "We are <strong>here</strong> for you." in html
    factories.staff_login(client, clinic_admin)
    admin = client.get(reverse("admin:clinic_contentpage_change", args=[page.pk]))
    assert "We are <strong>here</strong> for you." in admin.content.decode()
