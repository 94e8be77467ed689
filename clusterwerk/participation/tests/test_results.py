import datetime

import pytest
from django.utils import timezone

from clusterwerk.actors.models import District
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Interview, PhaseKind, Workshop
from clusterwerk.participation.queries import consultation_results
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import (
    amendment,
    comment,
    person,
    rating,
    support,
    topic,
    topic_proposal,
)

pytestmark = pytest.mark.clock


@pytest.fixture
def published(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def barnim(db):
    return District.objects.create(
        ags="12060",
        name="Barnim",
        kind="rural_district",
        state="Brandenburg",
        centroid_latitude=52.8,
        centroid_longitude=13.8,
    )


def results_of(consultation):
    results = consultation_results(consultation)
    return results, {element.number: element for element in results.elements}


def test_aggregates_per_element(cluster, published, barnim):
    consultation = make_consultation(cluster, published, phase=PhaseKind.RESULT)
    ta = topic(published, "4.2.1")
    anna = person("anna@example.org", name="Anna", affiliation="company", district=barnim)
    bert = person("bert@example.org", name="Bert", affiliation="science")
    cleo = person("cleo@example.org")
    dora = person("dora@example.org", name="Dora", affiliation="company")
    first = comment(consultation, ta, anna)
    comment(consultation, ta, bert, parent=first)
    comment(consultation, ta, anna, hidden_at=timezone.now(), hidden_reason="Werbung")
    comment(consultation, ta, anna, body="", deleted_at=timezone.now())
    rating(consultation, ta, anna, 5, 3)
    rating(consultation, ta, bert, 4, 3)
    rating(consultation, ta, cleo, 2, 1)
    popular = amendment(consultation, ta, anna)
    quiet = amendment(consultation, ta, bert, field="potential")
    amendment(consultation, ta, bert, hidden_at=timezone.now())
    support(popular, bert)
    support(popular, dora)  # dora only supports: still a participant
    Interview.objects.create(
        cluster=cluster,
        consultation=consultation,
        held_on=datetime.date(2026, 1, 10),
        actor=_actor(cluster),
        interviewee_function="Geschäftsführung",
        topic_lineages=[str(ta.lineage)],
    )
    Workshop.objects.create(
        cluster=cluster,
        consultation=consultation,
        title="Werkstattgespräch",
        held_on=datetime.date(2026, 2, 1),
        participant_count=12,
    )

    results, by_number = results_of(consultation)
    element = by_number["4.2.1"]
    assert element.comments == 2
    assert element.relevance.count == 3
    assert element.relevance.mean == pytest.approx(11 / 3)
    assert element.relevance.median == 4
    assert [bar.count for bar in element.relevance.distribution] == [0, 1, 0, 1, 1]
    assert element.priority.median == 3
    assert [bar.count for bar in element.priority.distribution] == [1, 0, 2]
    assert [proposal.pk for proposal in element.proposals] == [popular.pk, quiet.pk]
    assert element.proposals[0].supports == 2
    assert element.interviews == 1
    assert by_number["4.4.2"].comments == 0 and by_number["4.4.2"].relevance.mean is None
    assert results.comments == 2 and results.ratings == 3 and results.proposal_count == 2
    assert results.interviews == 1 and results.workshops == 1
    assert results.workshop_participants == 12
    assert results.participants == 4
    affiliations = {share.label: share.count for share in results.by_affiliation}
    assert affiliations == {"Unternehmen": 2, "Wissenschaft": 1, "keine Angabe": 1}
    districts = {share.label: share.count for share in results.by_district}
    assert districts == {"Barnim": 1, "keine Angabe": 3}
    # the new topic area proposal counts at its key point
    topic_proposal(consultation, ta.key_point, anna)
    _results, by_number = results_of(consultation)
    assert len(by_number["4.2"].proposals) == 1


def _actor(cluster):
    from clusterwerk.actors.models import Actor, ActorKind, ClusterMembership

    actor = Actor.objects.create(name="Muster Metallbau GmbH", kind=ActorKind.COMPANY)
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    return actor


def test_constant_number_of_queries(cluster, published, django_assert_max_num_queries):
    consultation = make_consultation(cluster, published, phase=PhaseKind.RESULT)
    with django_assert_max_num_queries(12) as few:
        consultation_results(consultation)
    ta = topic(published, "4.2.1")
    for index in range(15):
        user = person(f"p{index}@example.org", name=f"P{index}", affiliation="craft")
        comment(consultation, ta, user)
        rating(consultation, topic(published, "6.3.2"), user, 1 + index % 5, 1 + index % 3)
        support(amendment(consultation, ta, user), person(f"s{index}@example.org"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        results = consultation_results(consultation)
    assert results.participants == 30


@pytest.mark.parametrize(
    ("phase", "public"),
    [
        (PhaseKind.INFORMATION, False),
        (PhaseKind.PARTICIPATION, False),
        (PhaseKind.EVALUATION, False),
        (PhaseKind.RESULT, True),
    ],
)
def test_results_page_public_from_the_result_phase(client, cluster, published, phase, public):
    consultation = make_consultation(cluster, published, phase=phase)
    response = client.get(f"/beteiligung/{consultation.slug}/ergebnisse/")
    assert response.status_code == (200 if public else 403)
    if public:
        content = response.content.decode()
        assert "Ergebnisse je Element des Masterplans" in content
        assert "Noch nicht veröffentlicht" not in content


def test_results_page_for_managers_always_with_notice(manager_client, cluster, published):
    consultation = make_consultation(cluster, published, phase=PhaseKind.PARTICIPATION)
    comment(consultation, topic(published, "4.2.1"), person("x@example.org"))
    response = manager_client.get(f"/beteiligung/{consultation.slug}/ergebnisse/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Noch nicht veröffentlicht" in content
    assert "<caption>" in content


def test_results_page_after_the_result_phase_ended(client, cluster, published):
    consultation = make_consultation(cluster, published, phase=PhaseKind.RESULT)
    consultation.phases.filter(kind=PhaseKind.RESULT).update(
        ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert client.get(f"/beteiligung/{consultation.slug}/ergebnisse/").status_code == 200


def test_unknown_consultation_is_404(client, db):
    assert client.get("/beteiligung/gibt-es-nicht/ergebnisse/").status_code == 404


def test_no_answer_is_one_group(cluster, published, barnim):
    """A blank affiliation ("") and a missing profile (NULL) are both "keine Angabe", once."""
    consultation = make_consultation(cluster, published, phase=PhaseKind.RESULT)
    ta = topic(published, "4.2.1")
    anna = person("anna@example.org", name="Anna", affiliation="company", district=barnim)
    blank = person("blank@example.org", name="Leer", affiliation="")
    no_profile = person("ohne@example.org")
    for author in (anna, blank, no_profile):
        comment(consultation, ta, author)

    results, _by_number = results_of(consultation)

    affiliations = [(share.label, share.count) for share in results.by_affiliation]
    assert affiliations == [("Unternehmen", 1), ("keine Angabe", 2)]
    districts = [(share.label, share.count) for share in results.by_district]
    assert districts == [("Barnim", 1), ("keine Angabe", 2)]  # "keine Angabe" comes last
    assert results.participants == 3


def test_results_page_lists_no_answer_once(client, cluster, published):
    consultation = make_consultation(cluster, published, phase=PhaseKind.RESULT)
    ta = topic(published, "4.2.1")
    comment(consultation, ta, person("blank@example.org", name="Leer", affiliation=""))
    comment(consultation, ta, person("ohne@example.org"))

    response = client.get(f"/beteiligung/{consultation.slug}/ergebnisse/")

    assert response.status_code == 200
    page = response.content.decode()
    # one row in each table (affiliation, district), with both people
    assert page.count('<th scope="row">keine Angabe</th>') == 2
    assert page.count('<th scope="row">keine Angabe</th><td>2</td>') == 2
