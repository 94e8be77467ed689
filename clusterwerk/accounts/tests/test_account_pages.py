"""The German allauth pages: they override allauth's own and walk through the flows."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.template.loader import get_template
from django.urls import reverse
from pytest_django.asserts import assertContains, assertTemplateUsed

from clusterwerk.accounts.tests.factories import (
    ACCOUNT_PASSWORD,
    make_account,
    mark_email_verified,
)

ACCOUNT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

OVERRIDDEN = [
    "account/base_entrance.html",
    "account/base_manage.html",
    "account/login.html",
    "account/signup.html",
    "account/signup_closed.html",
    "account/logout.html",
    "account/password_reset.html",
    "account/password_reset_done.html",
    "account/password_reset_from_key.html",
    "account/password_reset_from_key_done.html",
    "account/password_change.html",
    "account/password_set.html",
    "account/email.html",
    "account/email_confirm.html",
    "account/verification_sent.html",
    "account/verified_email_required.html",
    "account/account_inactive.html",
    "account/reauthenticate.html",
    "account/email/email_confirmation_message.txt",
    "account/email/password_reset_key_message.txt",
    "account/messages/logged_in.txt",
    "429.html",
]


def test_account_templates_take_precedence_over_allauths_own():
    """Fails when `allauth` is listed before `clusterwerk.accounts` in INSTALLED_APPS."""
    not_ours = [
        name
        for name in OVERRIDDEN
        if not Path(get_template(name).origin.name).is_relative_to(ACCOUNT_TEMPLATES)
    ]
    assert not_ours == [], (
        "allauth's templates win over clusterwerk/accounts/templates: list "
        "'clusterwerk.accounts' before 'allauth' in INSTALLED_APPS"
    )


@pytest.fixture
def company_user(db):
    user = make_account("technik@drehteile.test")
    mark_email_verified(user)
    return user


def test_password_reset_flow_in_german(client, company_user):
    page = client.get(reverse("account_reset_password"))
    assertTemplateUsed(page, "account/password_reset.html")
    assertContains(page, '<label for="id_email">E-Mail-Adresse</label>', html=True)

    response = client.post(reverse("account_reset_password"), {"email": company_user.email})
    assert response.url == reverse("account_reset_password_done")
    assertContains(client.get(response.url), "E-Mail unterwegs")

    message = mail.outbox[-1]
    assert message.subject == "[Clusterwerk] Passwort zurücksetzen"
    assert "Guten Tag" in message.body
    key_url = re.search(r"https?://[^/\s]+(/konto/password/reset/key/[^\s]+/)", message.body)[1]

    form_page = client.get(key_url, follow=True)
    assertTemplateUsed(form_page, "account/password_reset_from_key.html")
    assertContains(form_page, "Neues Passwort festlegen")
    new_password = "Neues-Blech-Passwort-2027"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
        follow=True,
    )
    assertTemplateUsed(response, "account/password_reset_from_key_done.html")
    company_user.refresh_from_db()
    assert company_user.check_password(new_password)


def test_a_used_or_wrong_reset_link_is_explained(client, company_user):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "falsch"})
    response = client.get(url)
    assertContains(response, "Link ungültig")


def test_password_change_in_german(client, company_user):
    client.force_login(company_user)

    page = client.get(reverse("account_change_password"))
    assertTemplateUsed(page, "account/password_change.html")
    assertContains(page, "Aktuelles Passwort")

    new_password = "Andere-Drehbank-Passwort-2027"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": ACCOUNT_PASSWORD, "password1": new_password, "password2": new_password},
        follow=True,
    )
    assertContains(response, "Ihr Passwort wurde geändert.")
    company_user.refresh_from_db()
    assert company_user.check_password(new_password)


def test_email_management_page_lists_the_addresses(client, company_user):
    client.force_login(company_user)

    page = client.get(reverse("account_email"))

    assertTemplateUsed(page, "account/email.html")
    assertContains(page, "technik@drehteile.test")
    assertContains(page, "bestätigt")
    assertContains(page, "Hauptadresse")
    assertContains(page, "E-Mail-Adresse hinzufügen")


def test_pages_for_logged_in_people_show_the_account_navigation(client, company_user):
    client.force_login(company_user)
    page = client.get(reverse("account_change_password"))
    assertContains(page, 'aria-label="Mein Konto"')
    assertContains(page, 'aria-current="page"')
