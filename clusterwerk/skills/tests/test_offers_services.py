"""Training offers: who may keep them, validation, optimistic locking, an edit changes exactly
what the person changed, offers near a district (40 km) and the search."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor, topic_lineage
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.matchmaking.tests.factories import make_representative
from clusterwerk.skills.models import Occupation, TrainingOffer
from clusterwerk.skills.services import supply as services

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def osz(cluster, districts):
    actor = make_actor(
        cluster, "OSZ Werder", kind=ActorKind.COMPETENCE_CENTRE, district=districts["12069"]
    )
    actor.user = make_representative(actor, "leitung@osz-werder.example", cluster)
    return actor


def data(**overrides):
    values = {
        "provider": "osz-werder",
        "title": "Ausbildung Industriemechaniker/in",
        "format": "apprenticeship",
        "occupation": "25102",
        "starts_on": "2027-08-01",
        "ends_on": "2030-07-31",
        "topics": ["6.3.2"],
    }
    values.update(overrides)
    return values


def make_offer(cluster, provider, district, occupation, **fields):
    values = {
        "title": "Angebot",
        "format": "apprenticeship",
        "occupation": occupation,
        "district": district,
    }
    values.update(fields)
    return TrainingOffer.objects.create(cluster=cluster, provider=provider, **values)


def test_representative_creates_an_offer(cluster, plan, occupations, osz):
    offer = services.create_offer(user=osz.user, cluster=cluster, data=data())
    assert offer.provider == osz and offer.district == osz.district  # empty: the provider's
    assert offer.occupation.code == "25102" and offer.is_published and offer.version == 1
    assert [t.topic_lineage for t in offer.topic_areas.all()] == [topic_lineage(plan, "6.3.2")]
    assert services.offer_data(offer)["topics"] == ["6.3.2"]


def test_manager_creates_for_any_member(cluster_manager, cluster, plan, occupations, chamber):
    offer = services.create_offer(
        user=cluster_manager, cluster=cluster, data=data(provider=chamber.slug)
    )
    assert offer.provider == chamber


@pytest.mark.parametrize(
    "persona", ["anonymous", "member", "outsider", "other_cluster_manager", "board_member"]
)
def test_outsiders_create_nothing(tenant_personas, persona, cluster, plan, occupations, osz):
    with pytest.raises(PermissionDenied, match="Bildungsträgers"):
        services.create_offer(user=tenant_personas(persona), cluster=cluster, data=data())
    assert not TrainingOffer.objects.exists()


def test_representative_cannot_act_for_another_provider(cluster, plan, occupations, osz, chamber):
    with pytest.raises(PermissionDenied):
        services.create_offer(user=osz.user, cluster=cluster, data=data(provider=chamber.slug))
    assert not TrainingOffer.objects.exists()


def test_representative_of_a_non_member_is_refused(
    cluster, other_cluster, plan, occupations, districts
):
    stranger = make_actor(other_cluster, "Fremd-OSZ", district=districts["12069"])
    user = make_representative(stranger, "x@fremd.example", other_cluster)
    with pytest.raises(PermissionDenied):
        services.create_offer(user=user, cluster=cluster, data=data(provider=stranger.slug))


@pytest.mark.parametrize(
    ("overrides", "key", "message"),
    [
        ({"title": ""}, "title", "Dieses Feld ist erforderlich."),
        ({"format": "kurs"}, "format", "„kurs“ ist keine gültige Auswahl."),
        ({"format": ""}, "format", "Bitte wählen Sie das Format."),
        ({"occupation": "99999"}, "occupation", "kein bekannter Schlüssel der KldB 2010"),
        ({"occupation": ""}, "occupation", "Bitte einen Beruf oder eine Kompetenz angeben."),
        ({"district": "99999"}, "district", "kein bekannter Kreisschlüssel"),
        ({"ends_on": "2027-01-01"}, "ends_on", "Das Ende liegt vor dem Beginn."),
        ({"starts_on": "1.8.2027"}, "starts_on", "Bitte ein Datum im Format JJJJ-MM-TT"),
        ({"url": "ftp://x"}, "url", "Bitte eine vollständige Adresse mit https://"),
        ({"topics": ["9.9.9"]}, "topics", "gibt es im veröffentlichten Masterplan nicht: 9.9.9"),
        ({"provider": "gibt-es-nicht"}, "provider", "gibt es im Verzeichnis des Clusters nicht"),
    ],
)
def test_bad_offer_data(cluster_manager, cluster, plan, occupations, osz, overrides, key, message):
    with pytest.raises(ValidationError) as caught:
        services.create_offer(user=cluster_manager, cluster=cluster, data=data(**overrides))
    assert any(message in text for text in caught.value.message_dict[key])
    assert not TrainingOffer.objects.exists()


def test_unknown_keys_are_refused(cluster_manager, cluster, plan, occupations, osz):
    with pytest.raises(ValidationError, match="Unbekannte Angaben: cluster"):
        services.create_offer(user=cluster_manager, cluster=cluster, data=data(cluster=2))


def test_an_edit_changes_exactly_what_the_person_changed(cluster, plan, occupations, osz):
    offer = services.create_offer(
        user=osz.user, cluster=cluster, data=data(description="Drei Jahre.", url="https://a.de")
    )
    before = services.offer_data(offer)
    updated = services.update_offer(
        user=osz.user, offer=offer, data={"title": "Neu"}, expected_version=1
    )
    after = services.offer_data(updated)
    assert after == {**before, "title": "Neu"}
    assert updated.version == 2
    # Saving unchanged values is no change.
    same = services.update_offer(
        user=osz.user, offer=updated, data={"title": "Neu", "topics": ["6.3.2"]}, expected_version=2
    )
    assert same.version == 2


def test_outdated_version_is_a_conflict_and_changes_nothing(cluster, plan, occupations, osz):
    offer = services.create_offer(user=osz.user, cluster=cluster, data=data())
    services.update_offer(user=osz.user, offer=offer, data={"title": "Erst"}, expected_version=1)
    with pytest.raises(EditConflict) as caught:
        services.update_offer(
            user=osz.user, offer=offer, data={"title": "Zweit"}, expected_version=1
        )
    assert caught.value.version == 2 and caught.value.current["title"] == "Erst"
    offer.refresh_from_db()
    assert offer.title == "Erst"


def test_others_may_not_edit_or_delete(
    cluster, plan, occupations, osz, chamber, other_cluster_manager, member
):
    offer = services.create_offer(user=osz.user, cluster=cluster, data=data())
    for user in (chamber.user, other_cluster_manager, member):
        with pytest.raises(PermissionDenied):
            services.update_offer(user=user, offer=offer, data={"title": "X"}, expected_version=1)
        with pytest.raises(PermissionDenied):
            services.delete_offer(user=user, offer=offer)
    offer.refresh_from_db()
    assert offer.title == "Ausbildung Industriemechaniker/in"


def test_representative_and_manager_delete(cluster, plan, occupations, osz, cluster_manager):
    first = services.create_offer(user=osz.user, cluster=cluster, data=data())
    second = services.create_offer(user=osz.user, cluster=cluster, data=data(title="Zwei"))
    services.delete_offer(user=osz.user, offer=first)
    services.delete_offer(user=cluster_manager, offer=second)
    assert not TrainingOffer.objects.exists()


# --- finding offers ----------------------------------------------------------------------------


def test_offers_near_within_40_km_published_current_first(cluster, districts, occupations, osz):
    mechanic = Occupation.objects.get(code="25102")
    pm, potsdam, cottbus, berlin = (districts[a] for a in ("12069", "12054", "12052", "11000"))
    past = make_offer(cluster, osz, pm, mechanic, title="Alt", ends_on=TODAY.replace(year=2025))
    later = make_offer(
        cluster, osz, potsdam, mechanic, title="Später", starts_on=TODAY.replace(year=2028)
    )
    soon = make_offer(cluster, osz, pm, mechanic, title="Bald", starts_on=TODAY.replace(year=2027))
    make_offer(cluster, osz, cottbus, mechanic, title="Cottbus")  # ~110 km away
    make_offer(cluster, osz, pm, mechanic, title="Entwurf", is_published=False)
    make_offer(cluster, osz, pm, Occupation.objects.get(code="24412"), title="Anderer Beruf")
    assert services.distance_km(pm, potsdam) < 40 < services.distance_km(pm, berlin)
    found = services.offers_near(cluster, mechanic, pm, today=TODAY)
    assert [o.title for o in found] == [soon.title, later.title, past.title]


def test_offers_of_another_cluster_are_not_near(
    cluster, other_cluster, districts, occupations, osz
):
    mechanic = Occupation.objects.get(code="25102")
    make_offer(other_cluster, osz, districts["12069"], mechanic)
    assert services.offers_near(cluster, mechanic, districts["12069"]) == []


def test_search_filters(cluster, plan, districts, occupations, osz):
    mechanic = Occupation.objects.get(code="25102")
    welder = Occupation.objects.get(code="24422")
    a = services.create_offer(user=osz.user, cluster=cluster, data=data())
    b = make_offer(
        cluster,
        osz,
        districts["12052"],
        welder,
        title="Schweißkurs",
        format="further_training",
        description="Lehrgang für WIG",
    )
    search = services.search_offers
    query = services.OfferQuery
    assert search(cluster, query(occupation="251"), today=TODAY) == [a]
    assert search(cluster, query(occupation="schweiß"), today=TODAY) == [b]
    assert search(cluster, query(format="further_training"), today=TODAY) == [b]
    assert search(cluster, query(district="12054"), today=TODAY) == [a]  # Potsdam: 37 km
    assert search(cluster, query(district="00000"), today=TODAY) == []
    assert search(cluster, query(topic="6.3.2"), today=TODAY) == [a]
    assert search(cluster, query(topic="9.9"), today=TODAY) == []
    assert search(cluster, query(text="WIG Lehrgang"), today=TODAY) == [b]
    assert search(cluster, query(text="OSZ"), today=TODAY) == [b, a]  # no start: ongoing
    b.ends_on = TODAY - datetime.timedelta(days=1)
    b.save()
    assert search(cluster, query(), today=TODAY) == [a]
    assert search(cluster, query(include_past=True), today=TODAY) == [a, b]
    assert mechanic.code == "25102"
