"""Jury pages and API: permissions (403 for non-managers, 404 for other clusters), the
declaration before anything, the declare-conflict list (names only), the matrix."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from clusterwerk.award.models import (
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    Phase,
    Review,
)
from clusterwerk.award.tests.factories import make_application, make_review

pytestmark = pytest.mark.django_db

MANAGEMENT_PAGES = ["award:jury", "award:conflicts", "award:assignment"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, edition, *args):
    return reverse(name, args=[edition.year, *args])


@pytest.mark.parametrize("name", MANAGEMENT_PAGES)
def test_management_pages(edition, applicant, cluster_manager, jurors, member, name):
    make_application(edition, applicant)
    assert client_for(cluster_manager).get(url(name, edition)).status_code == 200
    assert client_for(member).get(url(name, edition)).status_code == 403
    assert client_for(jurors[1].user).get(url(name, edition)).status_code == 403


@pytest.mark.parametrize("name", MANAGEMENT_PAGES)
def test_another_clusters_management_gets_404(edition, other_cluster_manager, name):
    response = client_for(other_cluster_manager).get(f"/c/kunststoffe{url(name, edition)}")
    assert response.status_code == 404


def test_add_and_remove_a_juror_on_the_page(edition, cluster_manager, institute, cluster):
    from conftest import make_user

    person = make_user("neu@jury.example")
    client = client_for(cluster_manager)
    response = client.post(
        url("award:jury", edition),
        {"email": "neu@jury.example", "affiliation": institute.pk, "function": "Prof."},
    )
    assert response.status_code == 302
    member = edition.jury.get(user=person)
    bad = client.post(url("award:jury", edition), {"email": "fehlt@example.org"})
    assert bad.status_code == 400
    assert "kein Konto" in bad.content.decode()
    assert 'value="fehlt@example.org"' in bad.content.decode()
    client.post(url("award:juror-remove", edition, member.pk))
    assert not edition.jury.filter(user=person).exists()


def test_decide_on_the_page_needs_a_reason(edition, applicant, cluster_manager, jurors):
    application = make_application(edition, applicant)
    conflict = Conflict.objects.create(
        jury_member=jurors[1],
        application=application,
        kind=ConflictKind.INSTITUTIONAL,
        source=ConflictSource.SAME_ORGANISATION,
        evidence="Beleg im Text.",
    )
    client = client_for(cluster_manager)
    page = client.get(url("award:conflicts", edition)).content.decode()
    assert "Beleg im Text." in page and "Befangenheiten erkennen" in page
    prefix = f"c{conflict.pk}"
    response = client.post(
        url("award:conflict-decide", edition, conflict.pk), {f"{prefix}-decision": "pin"}
    )
    assert response.status_code == 400 and "Begründung" in response.content.decode()
    client.post(
        url("award:conflict-decide", edition, conflict.pk),
        {f"{prefix}-decision": "dismiss", f"{prefix}-reason": "Längst vorbei."},
    )
    conflict.refresh_from_db()
    assert (conflict.status, conflict.reason) == (ConflictStatus.DISMISSED, "Längst vorbei.")


def test_the_matrix_and_changes_by_hand(edition, applicant, cluster_manager, jurors):
    edition.phase = Phase.FORMAL_CHECK
    edition.save()
    application = make_application(edition, applicant, title="Matrixzeile")
    Conflict.objects.create(
        jury_member=jurors[2],
        application=application,
        kind=ConflictKind.PERSONAL,
        source=ConflictSource.SELF_DECLARED,
        status=ConflictStatus.PINNED,
    )
    client = client_for(cluster_manager)
    assert client.post(url("award:assignment", edition)).status_code == 302
    assert application.reviews.count() == 3
    page = client.get(url("award:assignment", edition)).content.decode()
    assert "Matrixzeile" in page and "befangen" in page
    change = url("award:assignment-change", edition)
    client.post(change, {"action": "add", "application": application.pk, "member": jurors[2].pk})
    assert not Review.objects.filter(jury_member=jurors[2]).exists()
    target = Review.objects.filter(application=application).first()
    client.post(
        change,
        {"action": "remove", "application": application.pk, "member": target.jury_member_id},
    )
    assert application.reviews.count() == 2


def test_a_juror_sees_the_declaration_before_anything(edition, applicant, jurors):
    application = make_application(edition, applicant, title="Geheimer Titel")
    edition.phase = Phase.SCORING
    edition.save()
    make_review(application, jurors[1])
    jurors[1].confidentiality_accepted_at = None
    jurors[1].save()
    client = client_for(jurors[1].user)
    home = client.get(url("award:jury-home", edition)).content.decode()
    assert "Vertraulichkeitserklärung" in home and "Geheimer Titel" not in home
    declare = client.get(url("award:declare-conflict", edition))
    assert declare.status_code == 302
    api = client.get(f"/api/v1/award/editions/{edition.year}/my-assignments")
    assert api.status_code == 200 and api.json() == []
    client.post(url("award:confidentiality", edition), {"accept": "1"})
    jurors[1].refresh_from_db()
    assert jurors[1].has_accepted_confidentiality
    assert "Geheimer Titel" in client.get(url("award:jury-home", edition)).content.decode()
    assert [
        row["title"]
        for row in client.get(f"/api/v1/award/editions/{edition.year}/my-assignments").json()
    ] == ["Geheimer Titel"]


def test_the_declare_page_lists_names_only_and_declares(edition, applicant, institute, jurors):
    application = make_application(edition, applicant, title="Titel A", partners=[institute])
    blocked = make_application(edition, applicant, title="Schon befangen")
    Conflict.objects.create(
        jury_member=jurors[1],
        application=blocked,
        kind=ConflictKind.OTHER,
        source=ConflictSource.MANAGEMENT,
    )
    client = client_for(jurors[1].user)
    page = client.get(url("award:declare-conflict", edition)).content.decode()
    assert "Titel A" in page and "Institut für Fügetechnik Cottbus" in page
    assert "Schon befangen" not in page
    assert "Laser- und Lichtbogenschweißen" not in page  # no contents
    response = client.post(
        url("award:declare-conflict", edition),
        {"application": application.pk, "kind": "personal", "reason": "Befreundet."},
    )
    assert response.status_code == 302
    assert Conflict.objects.get(application=application).status == ConflictStatus.PINNED


def test_before_scoring_my_assignments_show_nothing(edition, applicant, jurors):
    edition.phase = Phase.FORMAL_CHECK
    edition.save()
    make_review(make_application(edition, applicant), jurors[1])
    response = client_for(jurors[1].user).get(
        f"/api/v1/award/editions/{edition.year}/my-assignments"
    )
    assert response.json() == []


def test_a_conflicted_juror_gets_no_assignment_in_the_api(edition, applicant, jurors):
    application = make_application(edition, applicant)
    edition.phase = Phase.SCORING
    edition.save()
    make_review(application, jurors[1])
    Conflict.objects.create(
        jury_member=jurors[1],
        application=application,
        kind=ConflictKind.OTHER,
        source=ConflictSource.MANAGEMENT,
    )
    response = client_for(jurors[1].user).get(
        f"/api/v1/award/editions/{edition.year}/my-assignments"
    )
    assert response.json() == []


def test_jury_pages_are_for_jurors(edition, member):
    assert client_for(member).get(url("award:jury-home", edition)).status_code == 403


@pytest.mark.parametrize("path", ["jury", "conflicts"])
def test_management_api_reads(edition, applicant, cluster_manager, jurors, member, path):
    endpoint = f"/api/v1/award/editions/{edition.year}/{path}"
    assert client_for(cluster_manager).get(endpoint).status_code == 200
    assert client_for(member).get(endpoint).status_code == 403
    assert Client().get(endpoint).status_code == 401


def test_api_decide_and_assign(edition, applicant, cluster_manager, jurors, other_cluster_manager):
    application = make_application(edition, applicant)
    conflict = Conflict.objects.create(
        jury_member=jurors[1],
        application=application,
        kind=ConflictKind.OTHER,
        source=ConflictSource.MANAGEMENT,
    )
    client = client_for(cluster_manager)
    endpoint = f"/api/v1/award/conflicts/{conflict.pk}/decide"
    bad = client.post(
        endpoint, json.dumps({"pin": True, "reason": ""}), content_type="application/json"
    )
    assert bad.status_code == 422
    ok = client.post(
        endpoint, json.dumps({"pin": True, "reason": "Ja."}), content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "pinned"
    other = client_for(other_cluster_manager).post(
        f"/c/kunststoffe{endpoint}",
        json.dumps({"pin": False, "reason": "x"}),
        content_type="application/json",
    )
    assert other.status_code == 404
    assign = f"/api/v1/award/editions/{edition.year}/assignment"
    assert client.post(assign).status_code == 403  # call phase: not yet
    edition.phase = Phase.FORMAL_CHECK
    edition.save()
    result = client.post(assign)
    assert result.status_code == 200 and result.json()["created"] == 3
    assert client_for(jurors[2].user).post(assign).status_code == 403
