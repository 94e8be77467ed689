"""Login, signup, e-mail verification, logout and login throttling through the test client."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from clusterwerk.accounts.models import User
from clusterwerk.accounts.tests.factories import (
    ACCOUNT_PASSWORD,
    make_account,
    mark_email_verified,
)

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
SIGNUP_URL = reverse("account_signup")
WRONG_CREDENTIALS = "Die E-Mail-Adresse oder das Passwort ist nicht korrekt."
THROTTLED = "Zu viele fehlgeschlagene Anmeldeversuche."


def logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def input_tag(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html)[0]


@pytest.fixture
def company_user():
    user = make_account("werkstatt@metallbau.test", first_name="Mira")
    mark_email_verified(user)
    return user


# --- Login ----------------------------------------------------------------------------------


def test_login_page_has_visible_german_labels_and_autocomplete(client):
    response = client.get(LOGIN_URL)

    assertTemplateUsed(response, "account/login.html")
    assertContains(response, '<label for="id_login">E-Mail</label>', html=True)
    assertContains(response, '<label for="id_password">Passwort</label>', html=True)
    assertContains(response, '<button type="submit" class="button">Anmelden</button>', html=True)
    assertContains(response, 'autocomplete="email"')
    assertContains(response, 'autocomplete="current-password"')
    assertContains(response, "Passwort vergessen?")
    assertNotContains(response, "placeholder=")


def test_login_with_email_address(client, cluster, company_user):
    response = client.post(
        LOGIN_URL, {"login": "Werkstatt@Metallbau.test", "password": ACCOUNT_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("portal:start")
    # Without a role or an organisation: on to the front door ("Willkommen").
    assert client.get(response.url).url == reverse("actors:welcome")
    assert logged_in_user_id(client) == str(company_user.pk)


def test_login_follows_the_next_parameter(client, company_user):
    my_data = reverse("accounts:my-data")
    response = client.post(
        f"{LOGIN_URL}?next={my_data}",
        {"login": company_user.email, "password": ACCOUNT_PASSWORD, "next": my_data},
    )
    assert response.url == my_data


def test_wrong_password_is_reported_in_german_and_does_not_log_in(client, company_user):
    response = client.post(LOGIN_URL, {"login": company_user.email, "password": "falsch"})

    assert response.status_code == 200
    assertContains(response, WRONG_CREDENTIALS)
    assertContains(response, 'class="error-summary"')
    assert logged_in_user_id(client) is None


def test_missing_fields_are_marked_next_to_the_field_and_summarised(client):
    response = client.post(LOGIN_URL, {"login": "", "password": ""})

    html = response.content.decode()
    assert response.status_code == 200
    # next to the field, linked to the input
    assert '<ul class="errorlist" id="id_login_error">' in html
    login_input = input_tag(html, "login")
    assert 'aria-invalid="true"' in login_input
    assert "id_login_error" in login_input
    # and in the summary, as links to the inputs
    assert 'href="#id_login"' in html
    assert 'href="#id_password"' in html


def test_inactive_account_gets_the_german_inactive_page(client, company_user):
    company_user.is_active = False
    company_user.save()

    response = client.post(
        LOGIN_URL, {"login": company_user.email, "password": ACCOUNT_PASSWORD}, follow=True
    )

    assertTemplateUsed(response, "account/account_inactive.html")
    assertContains(response, "Konto gesperrt")
    assert logged_in_user_id(client) is None


# --- Throttling -----------------------------------------------------------------------------


def test_repeated_failed_logins_for_one_account_are_throttled(client, company_user):
    for _attempt in range(5):  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 5 minutes per account
        response = client.post(LOGIN_URL, {"login": company_user.email, "password": "geraten"})
        assertContains(response, WRONG_CREDENTIALS)

    # Even the right password is refused now, with a clear German message (not a 500).
    response = client.post(LOGIN_URL, {"login": company_user.email, "password": ACCOUNT_PASSWORD})

    assert response.status_code == 200
    assertContains(response, THROTTLED)
    assertContains(response, "Bitte warten Sie einige Minuten")
    assert logged_in_user_id(client) is None


def test_throttling_one_account_leaves_other_accounts_alone(client, company_user):
    colleague = make_account("einkauf@metallbau.test")
    mark_email_verified(colleague)
    for _attempt in range(6):
        client.post(LOGIN_URL, {"login": company_user.email, "password": "geraten"})

    response = client.post(LOGIN_URL, {"login": colleague.email, "password": ACCOUNT_PASSWORD})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(colleague.pk)


def test_throttled_account_can_log_in_once_the_window_has_passed(client, company_user):
    from django.core.cache import cache

    for _attempt in range(6):
        client.post(LOGIN_URL, {"login": company_user.email, "password": "geraten"})
    cache.clear()  # the counters expire with the rate-limit window

    response = client.post(LOGIN_URL, {"login": company_user.email, "password": ACCOUNT_PASSWORD})

    assert response.status_code == 302


def test_too_many_login_requests_get_a_german_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for number in range(3):
        client.post(LOGIN_URL, {"login": f"person{number}@metallbau.test", "password": "x"})

    response = client.post(LOGIN_URL, {"login": "person9@metallbau.test", "password": "x"})

    assert response.status_code == 429
    assertTemplateUsed(response, "429.html")
    assertContains(response, "Zu viele Anfragen", status_code=429)
    assertContains(response, "Bitte warten Sie einige Minuten", status_code=429)


# --- Signup and e-mail verification ---------------------------------------------------------


def signup(client, email="neu@giesserei.test", password=ACCOUNT_PASSWORD):
    return client.post(SIGNUP_URL, {"email": email, "password1": password, "password2": password})


def test_signup_page_is_german_with_labels_and_new_password_autocomplete(client):
    response = client.get(SIGNUP_URL)

    assertTemplateUsed(response, "account/signup.html")
    assertContains(response, '<label for="id_email">E-Mail-Adresse</label>', html=True)
    assertContains(response, 'autocomplete="new-password"', count=2)
    assertContains(response, "Konto anlegen")


def test_signup_creates_a_user(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"

    response = signup(client, email="Neu@Giesserei.test")

    assert response.status_code == 302
    user = User.objects.get(email="neu@giesserei.test")
    assert user.check_password(ACCOUNT_PASSWORD)
    assert not user.role_assignments.exists()
    assert logged_in_user_id(client) == str(user.pk)


def test_signup_with_mismatched_passwords_shows_the_error_at_the_field(client):
    response = client.post(
        SIGNUP_URL,
        {"email": "neu@giesserei.test", "password1": ACCOUNT_PASSWORD, "password2": "anders-123"},
    )

    assert response.status_code == 200
    assertContains(response, 'id="id_password2_error"')
    assert not User.objects.filter(email="neu@giesserei.test").exists()


def test_mandatory_verification_blocks_login_until_the_link_is_confirmed(client, cluster, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = signup(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@giesserei.test"]
    assert message.subject == "[Clusterwerk] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assertContains(client.get(response.url), "Bitte bestätigen Sie Ihre E-Mail-Adresse")

    # Logging in before confirming only leads back to the notice.
    response = client.post(LOGIN_URL, {"login": "neu@giesserei.test", "password": ACCOUNT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None

    confirm_url = re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+/)", message.body)[1]
    page = client.get(confirm_url)
    assertTemplateUsed(page, "account/email_confirm.html")
    assertContains(page, "neu@giesserei.test")
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="neu@giesserei.test").verified

    response = client.post(LOGIN_URL, {"login": "neu@giesserei.test", "password": ACCOUNT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("portal:start")
    assert client.get(response.url).url == reverse("actors:welcome")  # no role, no organisation
    assert logged_in_user_id(client) == str(User.objects.get(email="neu@giesserei.test").pk)


def test_an_invalid_confirmation_link_explains_itself(client):
    response = client.get(reverse("account_confirm_email", args=["kein-gueltiger-schluessel"]))
    assertContains(response, "abgelaufen oder ungültig")


# --- Logout ---------------------------------------------------------------------------------


def test_logout_asks_for_confirmation_and_logs_out_on_post(client, company_user):
    client.force_login(company_user)

    page = client.get(reverse("account_logout"))
    assertTemplateUsed(page, "account/logout.html")
    assertContains(page, "Möchten Sie sich wirklich abmelden?")
    assert logged_in_user_id(client) is not None

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert logged_in_user_id(client) is None
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Sie haben sich abgemeldet."
    ]
