"""The decisions page, the release with confirmation, and the audit log page."""

import pytest
from django.urls import reverse

from clusterwerk.award.models import AuditEntry, Decision, Phase
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.award.tests.scoring_support import set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def apps(edition, applicant, jurors):
    set_phase(edition, Phase.DECISION)
    result = [make_application(edition, applicant, title=f"Bewerbung {n}") for n in range(4)]
    for application in result:
        make_review(application, jurors[1], scores=3)
    return result


def post_decision(client, edition, application, decision, note=""):
    prefix = f"a{application.pk}"
    return client.post(
        reverse("award:decisions", args=[edition.year]),
        {"application": application.pk, f"{prefix}-decision": decision, f"{prefix}-note": note},
    )


def test_decide_limit_and_release(manager_client, apps, edition):
    body = manager_client.get(reverse("award:decisions", args=[edition.year])).content.decode()
    assert "Sonderpreis der Jury" in body and "Jetzt veröffentlichen" in body
    for application in apps[:3]:
        assert (
            post_decision(manager_client, edition, application, Decision.WINNER).status_code == 302
        )
    response = post_decision(manager_client, edition, apps[3], Decision.WINNER, note="Auch")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Es gibt schon 3 Preisträger" in body
    assert "Auch</textarea>" in body  # the input is kept
    apps[3].refresh_from_db()
    assert apps[3].decision == Decision.NONE
    release = reverse("award:release", args=[edition.year])
    response = manager_client.post(release, {})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie die Veröffentlichung." in response.content.decode()
    edition.refresh_from_db()
    assert edition.phase == Phase.DECISION
    assert manager_client.post(release, {"confirm": "on"}).status_code == 302
    edition.refresh_from_db()
    assert edition.phase == Phase.PUBLISHED
    body = manager_client.get(reverse("award:audit", args=[edition.year])).content.decode()
    assert "Entscheidungen veröffentlicht" in body and "Bewerbung 0" in body
    assert "→ winner" in body


def test_a_decision_for_another_edition_or_unknown_is_404(
    manager_client, apps, edition, cluster, applicant
):
    from clusterwerk.award.tests.factories import make_award_edition

    other = make_award_edition(cluster, year=edition.year - 1, phase=Phase.DECISION)
    foreign = make_application(other, applicant)
    assert post_decision(manager_client, edition, foreign, Decision.NOMINEE).status_code == 404
    response = manager_client.post(
        reverse("award:decisions", args=[edition.year]), {"application": "x"}
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()


def test_jurors_and_members_may_not_decide(client, apps, edition, jurors, member):
    client.force_login(jurors[0].user)
    assert post_decision(client, edition, apps[0], Decision.WINNER).status_code == 403
    assert (
        client.post(reverse("award:release", args=[edition.year]), {"confirm": "on"}).status_code
        == 403
    )
    client.force_login(member)
    assert post_decision(client, edition, apps[0], Decision.WINNER).status_code == 403
    apps[0].refresh_from_db()
    assert apps[0].decision == Decision.NONE


def test_release_without_a_winner_is_refused(manager_client, apps, edition):
    response = manager_client.post(reverse("award:release", args=[edition.year]), {"confirm": "on"})
    assert response.status_code == 400
    assert "mindestens ein Preisträger" in response.content.decode()


def test_outside_the_decision_phase_the_page_is_read_only(manager_client, apps, edition):
    set_phase(edition, Phase.DISCUSSION)
    body = manager_client.get(reverse("award:decisions", args=[edition.year])).content.decode()
    assert "können keine Entscheidungen eingetragen werden" in body
    assert "Jetzt veröffentlichen" not in body
    assert post_decision(manager_client, edition, apps[0], Decision.WINNER).status_code == 403
