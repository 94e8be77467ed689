"""The admin has no password form of its own: its login goes through the account login, with
allauth's throttling (ACCOUNT_RATE_LIMITS: 5 failed logins per account in 5 minutes)."""

import datetime
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from clusterwerk.accounts.tests.factories import (
    ACCOUNT_PASSWORD,
    make_account,
    make_superuser,
    mark_email_verified,
)

pytestmark = pytest.mark.django_db

ADMIN_INDEX = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")
ACCOUNT_LOGIN = reverse("account_login")
# Where the admin sends people who are not logged in.
ADMIN_LOGIN_FORM = f"{ACCOUNT_LOGIN}?{urlencode({'next': ADMIN_INDEX})}"
WRONG_CREDENTIALS = "Die E-Mail-Adresse oder das Passwort ist nicht korrekt."
THROTTLED = "Zu viele fehlgeschlagene Anmeldeversuche."
LOCK_PERIOD = datetime.timedelta(minutes=5)  # ACCOUNT_RATE_LIMITS["login_failed"]: 5/5m/key


@pytest.fixture
def staff_user():
    user = make_superuser("verwaltung@clusterwerk.test")
    mark_email_verified(user)
    return user


def logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def attempt(client, url, email, password, number=0):
    """A login attempt, each from another address (an attacker spreading the guesses over
    many IPs, so that only the per-account limit can stop them)."""
    return client.post(
        url,
        {"login": email, "password": password, "next": ADMIN_INDEX},
        REMOTE_ADDR=f"198.51.100.{number % 250 + 1}",
    )


def test_admin_sends_anonymous_visitors_to_the_account_login(client):
    response = client.get(ADMIN_INDEX, follow=True)

    assert response.redirect_chain[-1] == (ADMIN_LOGIN_FORM, 302)
    assertContains(response, '<label for="id_login">E-Mail</label>', html=True)
    assertNotContains(response, 'name="username"')


def test_the_admin_login_url_checks_no_password(client, staff_user):
    for number in range(30):
        response = client.post(
            ADMIN_LOGIN, {"username": staff_user.email, "password": f"geraten-{number}"}
        )
        assert response.status_code == 302
    response = client.post(
        f"{ADMIN_LOGIN}?next={ADMIN_INDEX}",
        {"username": staff_user.email, "password": ACCOUNT_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == ADMIN_LOGIN_FORM
    assert logged_in_user_id(client) is None


def test_thirty_wrong_admin_passwords_lock_the_account(client, staff_user):
    for number in range(30):
        response = attempt(client, ADMIN_LOGIN_FORM, staff_user.email, "geraten", number)
        assert response.status_code == 200
        assertContains(response, WRONG_CREDENTIALS if number < 5 else THROTTLED)

    # Even the right password is refused for the lock period, with a German message.
    response = attempt(client, ADMIN_LOGIN_FORM, staff_user.email, ACCOUNT_PASSWORD, 31)
    assertContains(response, THROTTLED)
    assertContains(response, "Bitte warten Sie einige Minuten")
    assert logged_in_user_id(client) is None
    with time_machine.travel(timezone.now() + LOCK_PERIOD - datetime.timedelta(seconds=30)):
        response = attempt(client, ADMIN_LOGIN_FORM, staff_user.email, ACCOUNT_PASSWORD, 32)
        assertContains(response, THROTTLED)

    # Once the lock period has passed, the right password opens the admin.
    with time_machine.travel(timezone.now() + LOCK_PERIOD + datetime.timedelta(seconds=1)):
        response = attempt(client, ADMIN_LOGIN_FORM, staff_user.email, ACCOUNT_PASSWORD, 33)
        assert response.status_code == 302
        assert response.url == ADMIN_INDEX
        assert logged_in_user_id(client) == str(staff_user.pk)


@pytest.mark.parametrize(
    ("at_the_admin", "at_the_account_login"), [(3, 2), (1, 4), (4, 1)], ids=str
)
def test_admin_and_account_login_failures_count_against_the_same_account(
    client, staff_user, at_the_admin, at_the_account_login
):
    attempts = [ADMIN_LOGIN_FORM] * at_the_admin + [ACCOUNT_LOGIN] * at_the_account_login
    for number, url in enumerate(attempts):
        assertContains(attempt(client, url, staff_user.email, "geraten", number), WRONG_CREDENTIALS)

    for url in (ADMIN_LOGIN_FORM, ACCOUNT_LOGIN):
        response = attempt(client, url, staff_user.email, ACCOUNT_PASSWORD, 99)
        assertContains(response, THROTTLED)
    assert logged_in_user_id(client) is None


def test_staff_user_logs_into_the_admin_through_the_account_login(client, staff_user):
    response = client.get(ADMIN_INDEX, follow=True)
    login_url = response.redirect_chain[-1][0]

    response = client.post(
        login_url, {"login": staff_user.email, "password": ACCOUNT_PASSWORD, "next": ADMIN_INDEX}
    )
    assert response.status_code == 302
    assert response.url == ADMIN_INDEX

    index = client.get(ADMIN_INDEX)
    assert index.status_code == 200
    assertContains(index, reverse("admin:accounts_user_changelist"))
    # The admin's own login address passes logged-in staff on to the index.
    assert client.get(ADMIN_LOGIN).url == ADMIN_INDEX


def test_logged_in_person_without_staff_status_is_refused_at_the_admin(client):
    member = make_account("mitglied@metallbau.test")
    mark_email_verified(member)
    client.force_login(member)

    response = client.get(ADMIN_INDEX, follow=True)

    assert response.status_code == 403
    assertNotContains(response, reverse("admin:accounts_user_changelist"), status_code=403)
