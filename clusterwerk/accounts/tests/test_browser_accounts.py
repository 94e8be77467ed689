"""In Chromium: log in, open "Meine Daten", and check both pages with axe-core (WCAG 2.1 AA)."""

import pytest

from clusterwerk.accounts.tests.factories import mark_email_verified


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_and_my_data_are_usable_and_accessible(
    page, live_server, login_in_browser, axe, member
):
    mark_email_verified(member)  # as after the confirmation link, so any verification mode works

    page.goto(f"{live_server.url}/konto/login/")
    axe(page)

    login_in_browser(page, member)
    page.goto(f"{live_server.url}/konto/meine-daten/")

    assert page.url == f"{live_server.url}/konto/meine-daten/"  # not sent back to the login
    assert page.get_by_role("heading", name="Meine Daten", level=1).is_visible()
    assert page.get_by_text("mitglied@clusterwerk.test", exact=True).is_visible()
    assert page.get_by_role("cell", name="Mitglied", exact=True).is_visible()
    axe(page)
