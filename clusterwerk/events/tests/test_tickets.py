"""Tickets: the code, the address in the QR code and the QR code itself (an SVG with a
title; segno cannot decode, so the SVG's drawn modules are compared with the matrix of the
expected address)."""

import re

import pytest
import segno
from django.urls import reverse

from clusterwerk.events.models import RegistrationStatus
from clusterwerk.events.tests.checkin_support import matrix_modules, svg_modules
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tickets import (
    new_ticket_code,
    ticket_qr_svg,
    ticket_url,
)


def ticket_page(registration) -> str:
    return reverse(
        "events:checkin-ticket", args=[registration.event.slug, registration.ticket_code]
    )


def test_ticket_codes_are_url_safe_long_and_fresh():
    codes = {new_ticket_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 32
        assert re.fullmatch(r"[A-Za-z0-9_-]+", code)


@pytest.mark.django_db
def test_the_ticket_address_is_the_check_in_page_of_the_code(cluster, settings):
    settings.SITE_URL = "https://clusterwerk.example"
    registration = make_registration(make_event(cluster))
    path = reverse(
        "events:checkin-ticket", args=[registration.event.slug, registration.ticket_code]
    )
    assert ticket_url(registration) == f"https://clusterwerk.example{path}"


@pytest.mark.django_db
def test_the_qr_code_encodes_the_ticket_address(cluster, settings):
    settings.SITE_URL = "https://clusterwerk.example"
    registration = make_registration(make_event(cluster, title="Werkstattgespräch Biegen"))
    svg = ticket_qr_svg(registration)
    assert svg.startswith("<svg")
    assert "<path" in svg
    assert "<title>QR-Code: Ticket für Werkstattgespräch Biegen, Erika " in svg
    url = ticket_url(registration)
    expected = segno.make(url, error="m", micro=False)
    assert svg_modules(svg) == matrix_modules(expected.matrix)
    # …and not the address of another ticket
    other = segno.make(url.replace(registration.ticket_code, new_ticket_code()), micro=False)
    assert svg_modules(svg) != matrix_modules(other.matrix)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.PENDING,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.OFFERED,
        RegistrationStatus.CANCELLED,
    ],
)
def test_only_a_confirmed_registration_has_a_qr_code(cluster, status):
    registration = make_registration(make_event(cluster), status=status)
    with pytest.raises(ValueError):
        ticket_qr_svg(registration)


# --- the image ------------------------------------------------------------------------------


def qr_path(registration) -> str:
    return reverse("events:ticket-qr", args=[registration.pk])


@pytest.mark.django_db
def test_the_registrant_gets_the_svg_not_cached_by_shared_caches(client, cluster, member):
    registration = make_registration(make_event(cluster), user=member)
    client.force_login(member)
    response = client.get(qr_path(registration))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg_modules(svg) == matrix_modules(
        segno.make(
            "http://testserver"
            + reverse(
                "events:checkin-ticket", args=[registration.event.slug, registration.ticket_code]
            ),
            error="m",
        ).matrix
    )


@pytest.mark.django_db
def test_the_organisers_get_the_svg(manager_client, cluster, member):
    registration = make_registration(make_event(cluster), user=member)
    assert manager_client.get(qr_path(registration)).status_code == 200


@pytest.mark.django_db
def test_others_do_not_get_the_svg(client, cluster, member, outsider, other_cluster_manager):
    registration = make_registration(make_event(cluster), user=member)
    assert client.get(qr_path(registration)).status_code == 302  # to the login
    for person in (outsider, other_cluster_manager):
        client.force_login(person)
        assert client.get(qr_path(registration)).status_code == 404


@pytest.mark.django_db
def test_a_waiting_registration_has_no_svg(client, cluster, member):
    registration = make_registration(
        make_event(cluster), user=member, status=RegistrationStatus.WAITLISTED
    )
    client.force_login(member)
    assert client.get(qr_path(registration)).status_code == 404
