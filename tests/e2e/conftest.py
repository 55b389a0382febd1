"""Browser tests: Playwright driving Debian's chromium against pytest-django's live_server.

Never `playwright install`: the browser comes from Debian (`apt-get install -y
chromium-headless-shell`). That is Chromium's own headless build, the engine Playwright runs
headless by default: the same Blink and V8 as the full browser, with about a third less CPU
for these tests than the full browser in headless mode (README, Tests). Where it is missing
the tests are skipped with that reason, except in CI, where they fail.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own database calls
# (creating staff, checking what was stored) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium-headless-shell"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "browser-artifacts"
# Screenshots of every checked page at two widths, to look at (`SCREENSHOTS=true make
# test`): a fifth of a browser test's time, so off by default. A failing test always
# leaves one of each page it had open.
SCREENSHOTS = os.environ.get("SCREENSHOTS", "").lower() in ("1", "true", "yes")
FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True


@pytest.fixture(autouse=True)
def clinic_defaults(committed_clinic_defaults):
    """Browser tests run on a flushed database: the live server must see committed rows."""


@pytest.fixture(autouse=True)
def site_url(settings, live_server):
    """Links in emails and passkeys point at the live server, as SITE_URL does on a site."""
    settings.SITE_URL = live_server.url
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = (f"Debian's chromium is not installed at {CHROMIUM} "
                  "(apt-get install -y chromium-headless-shell)")
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request):
    """Open a page in a fresh browser context (its own cookies: one person). Anything the
    Content-Security-Policy blocks, any console error and any request that fails (4xx or
    5xx, the page's own fetches included) fails the test."""
    contexts = []
    blocked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        page.on("response", lambda response: failed.append(
            f"{response.status} {response.request.method} {response.url}")
            if response.status >= 400 and not _expected(response) else None)
        return page

    yield make
    if request.node.stash.get(FAILED, False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, 1):
            page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}-{number}.png"),
                            full_page=True)
    for context in contexts:
        context.close()
    assert blocked == []
    assert failed == [], failed
    assert [e for e in errors if "Failed to load resource" not in e] == [], errors


def _expected(response) -> bool:
    """Pages that answer an error status on purpose: an expired resume link (410) and a
    validation error shown again with its status."""
    return response.status in (400, 410) and response.request.resource_type == "document"


@pytest.fixture
def screenshot():
    """Keep a screenshot as a test artifact under var/ (git-ignored), when SCREENSHOTS is
    set."""
    def take(page, name: str) -> None:
        if SCREENSHOTS:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


# WCAG 2.2 AA, as axe-core tags it.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def check_page(screenshot):
    """On each page: no axe-core violation, and (SCREENSHOTS) screenshots at phone and
    desktop widths."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    seen: list[str] = []

    def check(page, name: str) -> None:
        # A click that navigates returns once the next page has started to load, its
        # stylesheets maybe not yet applied: axe would then judge an unstyled page ("Get
        # help now" under 24 px, seen once in CI). Judge the page as it is shown.
        page.wait_for_load_state("load")
        # axe_playwright_python's own run() brings back every rule's result, passes
        # included, to read only the violations: this asks for those alone.
        page.evaluate(axe.axe_script)
        violations = page.evaluate(
            "options => axe.run(document, options).then(results => results.violations)",
            {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        assert not violations, f"{name} ({page.url}):\n" + "\n".join(
            f"- {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
        )
        seen.append(name)
        if not SCREENSHOTS:
            return
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"{name}-390")
        page.set_viewport_size({"width": 1280, "height": 900})
        screenshot(page, f"{name}-1280")
        page.set_viewport_size(size)

    check.seen = seen
    return check
