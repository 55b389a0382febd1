"""What a person does on our pages, for the browser tests."""

import re

CONTACT = {
    "Legal first name": "Ana", "Legal last name": "Silva", "Name you'd like us to use": "Annie",
    "Pronouns": "she/her", "Date of birth": "1988-03-14", "Email": "ana@example.org",
    "Phone": "555-0100",
}


def fill_questionnaire(page, answers):
    """Answer a questionnaire page in item order (items shown by branching appear)."""
    for link_id, value in answers.items():
        field = page.locator(f'[name="{link_id}"]')
        if field.first.get_attribute("type") == "radio":
            page.locator(f'input[name="{link_id}"][value="{value}"]').check()
        else:
            field.fill(str(value))


def answer(page, answers):
    fill_questionnaire(page, answers)
    page.get_by_role("button", name="Save and continue").click()


def label(text):
    """A field's label as shown, with the asterisk crispy adds to required fields."""
    return re.compile(rf"^\s*{re.escape(text)}\*?\s*$")


def fill_contact(page, **changes):
    for text, value in {**CONTACT, **changes}.items():
        page.get_by_label(label(text)).fill(value)
    page.get_by_label(label("State you live in")).select_option("CA")


def login(page, live_server, email, start=None):
    """Both steps: the password, then the app's code (`start`: the login form is already
    on the page)."""
    from django.contrib.auth import get_user_model

    from tests import factories

    user = get_user_model().objects.get(email=email)
    factories.app_device(user)  # set up before: this login is not the first
    if start is None:
        page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label(label("Code")).fill(factories.app_code(user))
    page.get_by_role("button", name="Continue").click()
