"""The applications API: mine, create, read through the funnel, PATCH with version (409 with
the stored state), submit, withdraw – every refusal a 4xx with a German reason."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    Conflict,
    ConflictKind,
    ConflictSource,
    Phase,
)
from clusterwerk.award.tests.factories import make_application

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

BASE = "/api/v1/award"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method: str, url: str, body=None):
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json"
    )


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    dumped = json.dumps(body, ensure_ascii=False)
    for fragment in fragments:
        assert fragment in dumped, dumped
    return body


def test_create_read_patch_submit(edition, applicant, applicant_user):
    client = logged_in(applicant_user)
    created = send(
        client,
        "post",
        f"{BASE}/editions/{edition.year}/applications",
        {"applicant": applicant.pk, "title": "Laserhybridschweißen"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["version"] == 1 and body["can_edit"]
    url = f"{BASE}/applications/{body['id']}"
    patched = send(
        client,
        "patch",
        url,
        {
            "version": 1,
            "description": "Laser und Lichtbogen.",
            "stage": "prototype",
            "innovation_date": (timezone.localdate() - datetime.timedelta(days=90)).isoformat(),
            "market": "Stahlbau.",
            "ip_declaration": True,
        },
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["version"] == 2
    assert patched.json()["title"] == "Laserhybridschweißen"
    submitted = send(client, "post", f"{url}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    mine = client.get(f"{BASE}/me/applications").json()
    assert [row["title"] for row in mine] == ["Laserhybridschweißen"]
    assert client.get(url).json()["description"] == "Laser und Lichtbogen."


def test_patch_changes_only_the_given_fields(edition, applicant, applicant_user):
    application = make_application(edition, applicant, created_by=applicant_user)
    before = Application.objects.values().get(pk=application.pk)
    response = send(
        logged_in(applicant_user),
        "patch",
        f"{BASE}/applications/{application.pk}",
        {"version": application.version, "figures": "14 Beschäftigte"},
    )
    assert response.status_code == 200, response.content
    after = Application.objects.values().get(pk=application.pk)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"figures", "version", "updated_at"}


def test_a_stale_version_is_409_with_the_stored_state(edition, applicant, applicant_user):
    application = make_application(edition, applicant, created_by=applicant_user, market="A")
    client = logged_in(applicant_user)
    url = f"{BASE}/applications/{application.pk}"
    assert send(client, "patch", url, {"version": 1, "market": "B"}).status_code == 200
    body = assert_error(
        send(client, "patch", url, {"version": 1, "market": "C"}), 409, "inzwischen"
    )
    assert body["version"] == 2
    assert body["current"]["market"] == "B"
    assert Application.objects.get().market == "B"


def test_a_patch_after_the_deadline_is_403_with_the_time(
    edition, applicant, applicant_user, pinned_clock
):
    application = make_application(edition, applicant, created_by=applicant_user)
    pinned_clock.shift(datetime.timedelta(days=31))
    deadline = timezone.localtime(edition.deadline)
    assert_error(
        send(
            logged_in(applicant_user),
            "patch",
            f"{BASE}/applications/{application.pk}",
            {"version": 1, "title": "Zu spät"},
        ),
        403,
        f"{deadline:%d.%m.%Y} um {deadline:%H:%M} Uhr",
    )
    assert Application.objects.get().title == application.title


def test_a_fourth_entry_is_422(edition, applicant, applicant_user):
    for number in range(3):
        make_application(edition, applicant, title=f"Nummer {number}")
    assert_error(
        send(
            logged_in(applicant_user),
            "post",
            f"{BASE}/editions/{edition.year}/applications",
            {"applicant": applicant.pk, "title": "Nummer 4"},
        ),
        422,
        "höchstens 3 Bewerbungen",
    )
    assert Application.objects.count() == 3


def test_an_organisation_one_does_not_represent_is_403(edition, applicant, member):
    assert_error(
        send(
            logged_in(member),
            "post",
            f"{BASE}/editions/{edition.year}/applications",
            {"applicant": applicant.pk, "title": "Fremd"},
        ),
        403,
        "vertreten",
    )
    assert not Application.objects.exists()


def test_an_ineligible_submission_is_422_with_the_reasons(edition, berlin_company, cluster):
    from clusterwerk.matchmaking.tests.factories import make_representative

    user = make_representative(berlin_company, "chef@spreeblech.example", cluster)
    application = make_application(
        edition, berlin_company, created_by=user, status=ApplicationStatus.DRAFT
    )
    assert_error(
        send(logged_in(user), "post", f"{BASE}/applications/{application.pk}/submit"),
        422,
        "liegt nicht in Brandenburg",
    )
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_invalid_values_are_422(edition, applicant, applicant_user):
    application = make_application(edition, applicant, created_by=applicant_user)
    client = logged_in(applicant_user)
    url = f"{BASE}/applications/{application.pk}"
    assert_error(send(client, "patch", url, {"version": 1, "stage": "rakete"}), 422, "stage")
    assert_error(send(client, "patch", url, {"title": "ohne Version"}), 422, "version")
    assert_error(send(client, "patch", url, {"version": 1, "title": ""}), 422, "Titel")
    assert Application.objects.get().version == 1


def test_withdraw(edition, applicant, applicant_user):
    application = make_application(edition, applicant, created_by=applicant_user)
    response = send(
        logged_in(applicant_user), "post", f"{BASE}/applications/{application.pk}/withdraw"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"


def test_reading_goes_through_the_funnel(edition, applicant, applicant_user, jurors, member):
    application = make_application(edition, applicant, created_by=applicant_user)
    url = f"{BASE}/applications/{application.pk}"
    assert_error(logged_in(member).get(url), 404)
    assert Client().get(url).status_code == 401
    edition.phase = Phase.SCORING
    edition.save()
    assert logged_in(jurors[1].user).get(url).json()["can_edit"] is False
    Conflict.objects.create(
        jury_member=jurors[2],
        application=application,
        kind=ConflictKind.INSTITUTIONAL,
        source=ConflictSource.MANAGEMENT,
    )
    assert_error(logged_in(jurors[2].user).get(url), 404)
    assert_error(
        send(logged_in(jurors[1].user), "patch", url, {"version": 1, "title": "Jury"}), 403
    )
