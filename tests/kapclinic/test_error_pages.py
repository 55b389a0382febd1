"""The page a person sees when a request fails on our side: the app's own, in words a
client mid-application can act on, and shown even when the database is what failed."""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from clinic.models import CrisisResource
from tests import factories

pytestmark = pytest.mark.django_db

SAVED = "your answers so far are saved"


@contextlib.contextmanager
def database_down():
    """Every query fails as it does while PostgreSQL restarts; the queries tried are
    counted."""
    tried = []

    def refuse(execute, sql, params, many, context):
        tried.append(sql)
        raise OperationalError("the database system is shutting down")

    with connection.execute_wrapper(refuse):
        yield tried


@pytest.fixture
def browser():
    """A client that gets the error page, as a browser does, rather than the exception."""
    return Client(raise_request_exception=False)


def test_while_the_database_is_down_a_client_gets_a_503_that_says_their_answers_are_kept(
        browser):
    draft = factories.draft_intake(first_name="Noor")
    factories.in_session(browser, draft)
    with database_down() as tried:
        response = browser.get(reverse("intake:contact"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Please try again in a minute" in page and SAVED in page
    assert 'href="tel:988"' in page and 'href="tel:911"' in page  # help, without the database
    assert len(tried) == 1  # the request's own first query; the error page made none
    # Once it is back, the same browser carries on with its draft.
    again = browser.get(reverse("intake:contact"))
    assert again.status_code == 200 and 'value="Noor"' in again.content.decode()


def test_a_post_that_meets_the_outage_keeps_what_was_saved_before(browser):
    draft = factories.draft_intake()
    factories.in_session(browser, draft)
    with database_down():
        response = browser.post(reverse("intake:review"))
    assert response.status_code == 503 and SAVED in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert browser.post(reverse("intake:review")).url == reverse("intake:done")  # sent now


def test_any_other_failure_is_a_500_with_the_clinics_own_crisis_lines(browser, monkeypatch):
    CrisisResource.objects.filter(language="en", link="tel:988").update(
        name="Riverside crisis line")

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("intake.views._journey", broken)
    factories.in_session(browser, factories.draft_intake())
    response = browser.get(reverse("intake:contact"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    page = response.content.decode()
    assert "Something went wrong on our side" in page and SAVED in page
    assert "Riverside crisis line" in page  # read from the clinic's settings


def test_a_request_that_meets_the_outage_is_logged_as_one_line(browser, caplog):
    # While PostgreSQL restarts every request fails alike: a traceback each would bury the
    # rest of the log.
    draft = factories.draft_intake()
    factories.in_session(browser, draft)
    with database_down(), caplog.at_level("ERROR", logger="django.request"):
        browser.get(reverse("intake:contact"))
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and record.status_code == 503
    assert record.getMessage() == (
        f"Service Unavailable: {reverse('intake:contact')} (database out of reach: "
        "OperationalError: the database system is shutting down)")


def test_a_deadlock_answered_503_keeps_its_traceback_in_the_log(browser, caplog):
    class Deadlock(Exception):
        pgcode = "40P01"  # as psycopg2 reports it

    def deadlock(execute, sql, params, many, context):
        raise OperationalError("deadlock detected") from Deadlock()

    draft = factories.draft_intake()
    factories.in_session(browser, draft)
    with connection.execute_wrapper(deadlock), \
            caplog.at_level("ERROR", logger="django.request"):
        assert browser.get(reverse("intake:contact")).status_code == 503
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[1].args == ("deadlock detected",)
    assert record.getMessage() == f"Service Unavailable: {reverse('intake:contact')}"


def test_any_other_failure_keeps_its_traceback_in_the_log(browser, monkeypatch, caplog):
    from intake import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "render", broken)
    with caplog.at_level("ERROR", logger="django.request"):
        assert browser.get(reverse("intake:start")).status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[1].args == ("a bug",)
    assert record.getMessage() == f"Internal Server Error: {reverse('intake:start')}"
