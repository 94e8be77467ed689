"""Browser test (Debian's chromium): key pages run under the Content-Security-Policy without a
single violation – htmx live search, the maps, the value chain, the Swagger UI at /api/docs and
the admin after logging in through the account login."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusterwerk.actors.models import Actor
from clusterwerk.masterplan.reference import load_all_reference_data
from conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects what the browser refuses; injected before any script of the page runs.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def reference(cluster):
    from clusterwerk.actors.reference import load_actor_reference_data

    (report,) = load_all_reference_data()
    load_actor_reference_data()
    return report


@pytest.fixture
def watched(page):
    """The page, and a check that neither the console nor the DOM saw a CSP violation."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(WATCH_VIOLATIONS)

    def assert_no_violation():
        violations = page.evaluate("window.__cspViolations") + console
        assert violations == [], f"CSP violations on {page.url}: {violations}"

    return page, assert_no_violation


def test_key_pages_show_no_csp_violation(watched, live_server, reference):
    page, assert_no_violation = watched
    edition = reference.edition
    topic_area = edition.topic_areas.order_by("order").first()
    actor = Actor.objects.filter(latitude__isnull=False).order_by("name").first()

    for url in [
        "/",
        edition.get_absolute_url(),
        topic_area.get_absolute_url(),
        actor.get_absolute_url(),
        reverse("actors:map"),
        reverse("portal:value-chain"),
        reverse("account_login"),
    ]:
        response = page.goto(live_server.url + url)
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert_no_violation()

    # htmx under the policy: the live search swaps the results and pushes a clean address
    # (the empty filters are dropped by static/js/app.js, which replaced an hx-on attribute).
    page.goto(live_server.url + reverse("actors:directory"))
    page.get_by_label("Suchbegriff").fill("Laser")
    expect(page).to_have_url(re.compile(r"/akteure/\?q=Laser$"))
    expect(page.get_by_role("heading", level=2, name=re.compile(r"Akteur"))).to_be_visible()
    assert_no_violation()


def test_swagger_ui_works_under_the_policy(watched, live_server, db):
    page, assert_no_violation = watched

    page.goto(live_server.url + "/api/docs")

    # The document is large (every app's operations): give Swagger UI time on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Clusterwerk API", timeout=20_000
    )
    expect(page.locator(".opblock").first).to_be_visible()
    assert_no_violation()


def test_admin_after_the_account_login_shows_no_csp_violation(watched, live_server, db):
    page, assert_no_violation = watched
    staff = make_user("verwaltung@clusterwerk.test", is_staff=True, is_superuser=True)

    page.goto(live_server.url + reverse("admin:index"))
    expect(page).to_have_url(re.compile(r"/konto/login/\?next=%2Fadmin%2F$"))
    page.get_by_label("E-Mail").fill("verwaltung@clusterwerk.test")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert_no_violation()
    page.goto(live_server.url + reverse("admin:accounts_user_change", args=[staff.pk]))
    page.wait_for_load_state("networkidle")
    assert_no_violation()
