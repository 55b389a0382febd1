"""What a person does on our pages, for the browser tests."""

import re

CONTACT = {
    "Legal first name": "Ana", "Legal last name": "Silva", "Name you'd like us to use": "Annie",
    "Pronouns": "she/her", "Date of birth": "1988-03-14", "Email": "ana@example.org",
    "Phone": "555-0100",
}


# Ticks a run of radio buttons in order, as clicks do (click, input and change events, so
# branching and autosave see them), refusing any a person could not reach: missing, hidden
# (an item branching has not shown yet) or disabled. One call for the run, where Playwright's
# check() costs about 50 ms of browser work for each (make test, issue 14).
_TICK = """pairs => {
  const refused = [];
  for (const [name, value] of pairs) {
    const input = document.querySelector(
      `input[type=radio][name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`);
    if (!input || input.disabled || !input.checkVisibility({visibilityProperty: true})) {
      refused.push(`${name}=${value}`);
      continue;
    }
    input.click();
  }
  return refused;
}"""


def fill_questionnaire(page, answers, by_hand=False):
    """Answer a questionnaire page in item order (items shown by branching appear).
    `by_hand`: each radio ticked by Playwright's pointer, for the tests of the page's own
    scripts (autosave)."""
    if not answers:
        return
    # The page may still be on its way (the click that sent the last one): wait for this
    # page's first field, then for its scripts (branching, autosave) to be listening.
    page.locator(f'[name="{next(iter(answers))}"]').first.wait_for(state="attached")
    page.wait_for_load_state("domcontentloaded")
    radios = set(page.locator("input[type=radio]").evaluate_all(
        "inputs => [...new Set(inputs.map(input => input.name))]"))
    run: list[tuple[str, str]] = []

    def tick() -> None:
        refused = page.evaluate(_TICK, run) if run else []
        assert refused == [], f"no radio a person could tick for {refused}"
        run.clear()

    for link_id, value in answers.items():
        if link_id in radios and by_hand:
            page.locator(f'input[name="{link_id}"][value="{value}"]').check()
        elif link_id in radios:
            run.append((link_id, str(value)))
        else:
            tick()
            page.locator(f'[name="{link_id}"]').fill(str(value))
    tick()


def sideways(page, widths, height=900):
    """How far the loaded page scrolls sideways at each width, the window resized (as a
    phone turned; a layout that overflows shows at once), then put back as it was:
    {width: pixels} for the widths where it does."""
    size = page.viewport_size
    wide = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[width] = overflow
    page.set_viewport_size(size)
    return wide


def answer(page, answers):
    fill_questionnaire(page, answers)
    # The post always navigates (the next step, or this one again with its errors): wait
    # for it, so the caller's next look is at the page it led to.
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()


def label(text):
    """A field's label as shown, with the asterisk crispy adds to required fields."""
    return re.compile(rf"^\s*{re.escape(text)}\*?\s*$")


def fill_contact(page, **changes):
    for text, value in {**CONTACT, **changes}.items():
        page.get_by_label(label(text)).fill(value)
    page.get_by_label(label("State you live in")).select_option("CA")


def logged_in(page, live_server, email, path="/staff/"):
    """Open `path` as `email`, already past both login steps: the session a login ends
    with, made as the unit tests make it (factories.staff_login), in the browser's cookie
    jar. For tests whose subject comes after the login; the login itself is walked in
    test_staff_login.py, test_client_to_clinician.py and test_clinic_admin.py."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests import factories

    client = Client()
    factories.staff_login(client, get_user_model().objects.get(email=email))
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": session.key, "value": session.value,
                               "url": live_server.url, "httpOnly": True}])
    page.goto(f"{live_server.url}{path}")


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
