"""Services of bodies and members: the management of the cluster only (never another
cluster's), German messages by field, members taken over from the directory's seats, the
member's own badge choice and what participation shows of it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterwerk.actors.models import (
    Actor,
    ActorKind,
    BodySeat,
    ClusterBody,
    ClusterMembership,
    ContactPerson,
)
from clusterwerk.governance import services
from clusterwerk.governance.models import Body, BodyKind, BodyMember, MemberFunction, Sector
from clusterwerk.governance.tests.factories import make_body, make_member
from clusterwerk.participation.badges import badges_for
from conftest import make_user

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "expert_circle",
    "slug": "leichtbau",
    "name": "Technologie-Expertenkreis Leichtbau",
    "name_en": "Expert circle lightweight construction",
    "name_genitive": "des Expertenkreises Leichtbau",
    "description": "Leichtbau in Metall.",
    "is_public": False,
    "order": 3,
}


def actor_of(cluster, name, kind=ActorKind.NETWORK):
    actor = Actor.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind=kind)
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    return actor


def messages(error: ValidationError) -> dict:
    return error.value.message_dict


def test_bodies_are_created_and_changed_by_the_management_of_their_cluster(
    cluster, other_cluster, cluster_manager, other_cluster_manager, board_member
):
    body = services.create_body(user=cluster_manager, cluster=cluster, data=BODY)
    assert (body.kind, body.name_en, body.is_public, body.order) == (
        BodyKind.EXPERT_CIRCLE,
        "Expert circle lightweight construction",
        False,
        3,
    )
    with pytest.raises(ValidationError) as error:
        services.create_body(user=cluster_manager, cluster=cluster, data=BODY)
    assert "hat schon ein anderes Gremium" in messages(error)["slug"][0]
    with pytest.raises(ValidationError) as error:
        services.create_body(
            user=cluster_manager,
            cluster=cluster,
            data={"slug": "Neu", "kind": "club", "name": ""},
        )
    assert set(messages(error)) == {"slug", "kind", "name"}
    # The same slug in another cluster is that cluster's business.
    services.create_body(user=other_cluster_manager, cluster=other_cluster, data=BODY)
    for intruder in (other_cluster_manager, board_member):
        with pytest.raises(PermissionDenied):
            services.create_body(user=intruder, cluster=cluster, data={**BODY, "slug": "x"})
        with pytest.raises(PermissionDenied):
            services.update_body(user=intruder, cluster=cluster, body=body, data={"name": "X"})
    # A manager of B acting in B on A's body is refused too.
    with pytest.raises(PermissionDenied):
        services.update_body(
            user=other_cluster_manager, cluster=other_cluster, body=body, data={"name": "X"}
        )
    updated = services.update_body(
        user=cluster_manager, cluster=cluster, body=body, data={"name": "Leichtbau", "order": 1}
    )
    assert (updated.name, updated.order, updated.slug) == ("Leichtbau", 1, "leichtbau")
    assert Body.objects.filter(cluster=cluster).count() == 1


def test_members_with_account_organisation_and_term(
    cluster, other_cluster, cluster_manager, other_cluster_manager
):
    body = make_body(cluster)
    person = make_user("petra@firma.example")
    network = actor_of(cluster, "Netzwerk Leichtbau")
    elsewhere = actor_of(other_cluster, "Kunststoffnetz")
    data = {
        "name": "Petra Probe",
        "function": "deputy_chair",
        "sector": "network",
        "term_start": "2023-01-01",
        "email": "PETRA@firma.example",
        "actor": network.pk,
    }
    member = services.add_member(user=cluster_manager, cluster=cluster, body=body, data=data)
    assert (member.user, member.actor, member.function) == (person, network, "deputy_chair")
    assert member.term_end is None and member.is_active()

    with pytest.raises(ValidationError) as error:
        services.add_member(
            user=cluster_manager,
            cluster=cluster,
            body=body,
            data={
                "name": " ",
                "function": "member",
                "term_start": "2023-05-01",
                "term_end": "2023-01-01",
                "email": "niemand@firma.example",
                "actor": elsewhere.pk,
            },
        )
    errors = messages(error)
    assert errors["name"] == ["Dieses Feld ist erforderlich."]
    assert errors["term_end"] == ["Die Amtszeit kann nicht vor ihrem Beginn enden."]
    assert "kein Benutzerkonto" in errors["email"][0]
    assert "Akteursverzeichnis des Clusters" in errors["actor"][0]
    with pytest.raises(ValidationError) as error:
        services.add_member(user=cluster_manager, cluster=cluster, body=body, data=data)
    assert "schon zu einem Mitglied" in messages(error)["email"][0]

    for attempt in (
        lambda: services.add_member(
            user=other_cluster_manager, cluster=cluster, body=body, data={**data, "email": ""}
        ),
        lambda: services.add_member(
            user=other_cluster_manager,
            cluster=other_cluster,
            body=body,
            data={**data, "email": ""},
        ),
        lambda: services.update_member(
            user=other_cluster_manager, cluster=other_cluster, member=member, data={"name": "X"}
        ),
        lambda: services.end_member_term(
            user=other_cluster_manager, cluster=other_cluster, member=member
        ),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    member.refresh_from_db()
    assert BodyMember.objects.count() == 1 and member.name == "Petra Probe"
    assert member.term_end is None


def test_an_edit_changes_exactly_the_fields_changed(cluster, cluster_manager):
    body = make_body(cluster)
    member = make_member(body, "m@firma.example", name="Max Muster", sector=Sector.BUSINESS)
    before = BodyMember.objects.filter(pk=member.pk).values().get()
    with CaptureQueriesContext(connection) as queries:
        services.update_member(
            user=cluster_manager,
            cluster=cluster,
            member=member,
            data={"function": MemberFunction.GUEST, "name": "Max Muster"},
        )
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and '"function"' in updates[0]
    assert '"name"' not in updates[0] and '"sector"' not in updates[0]
    after = BodyMember.objects.filter(pk=member.pk).values().get()
    assert {k for k in after if after[k] != before[k]} == {"function"}
    # Nothing changed: nothing written.
    with CaptureQueriesContext(connection) as queries:
        services.update_member(
            user=cluster_manager, cluster=cluster, member=member, data={"name": "Max Muster"}
        )
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    # Ending the term; not before its start.
    ended = services.end_member_term(user=cluster_manager, cluster=cluster, member=member)
    assert ended.term_end == timezone.localdate() and ended.is_active()
    with pytest.raises(ValidationError):
        services.end_member_term(
            user=cluster_manager,
            cluster=cluster,
            member=member,
            on=member.term_start - datetime.timedelta(days=1),
        )


def test_members_are_taken_over_from_the_directorys_seats(cluster, other_cluster, cluster_manager):
    body = make_body(cluster)
    with_contact = actor_of(cluster, "IG Metall Bezirk", ActorKind.SOCIAL_PARTNER)
    ContactPerson.objects.create(actor=with_contact, name="Erika Beispiel", consent=True)
    without_consent = actor_of(cluster, "Handwerkskammer Demo", ActorKind.CHAMBER)
    ContactPerson.objects.create(actor=without_consent, name="Geheim Person", consent=False)
    BodySeat.objects.create(
        actor=with_contact,
        cluster=cluster,
        body=ClusterBody.ADVISORY_BOARD,
        since=datetime.date(2019, 1, 1),
        until=datetime.date(2022, 12, 31),
    )
    BodySeat.objects.create(actor=without_consent, cluster=cluster, body=ClusterBody.ADVISORY_BOARD)
    BodySeat.objects.create(actor=with_contact, cluster=cluster, body=ClusterBody.STEERING_GROUP)
    BodySeat.objects.create(
        actor=without_consent, cluster=other_cluster, body=ClusterBody.ADVISORY_BOARD
    )
    assert services.take_over_seats(user=cluster_manager, cluster=cluster, body=body) == 2
    members = {m.actor: m for m in body.members.all()}
    union = members[with_contact]
    assert (union.name, union.sector, union.term_start, union.term_end) == (
        "Erika Beispiel",
        Sector.SOCIAL_PARTNER,
        datetime.date(2019, 1, 1),
        datetime.date(2022, 12, 31),
    )
    chamber = members[without_consent]
    assert (chamber.name, chamber.sector, chamber.term_start) == (
        "Handwerkskammer Demo",
        Sector.ASSOCIATION,
        timezone.localdate(),
    )
    assert chamber.seat.cluster == cluster
    assert services.take_over_seats(user=cluster_manager, cluster=cluster, body=body) == 0
    circle = make_body(cluster, slug="leichtbau", kind=BodyKind.EXPERT_CIRCLE)
    with pytest.raises(ValidationError):
        services.take_over_seats(user=cluster_manager, cluster=cluster, body=circle)


def test_only_the_member_chooses_the_badge_and_participation_shows_it(
    cluster, other_cluster, cluster_manager
):
    body = make_body(cluster)
    chooses = make_member(body, "a@firma.example")
    keeps_quiet = make_member(body, "b@firma.example")
    past = make_member(
        body,
        "c@firma.example",
        term_start=datetime.date(2019, 1, 1),
        term_end=datetime.date(2022, 12, 31),
        show_badge=True,
    )
    for someone_else in (cluster_manager, keeps_quiet.user):
        with pytest.raises(PermissionDenied):
            services.set_badge_choice(user=someone_else, cluster=cluster, member=chooses, show=True)
    chooses.refresh_from_db()
    assert not chooses.show_badge
    services.set_badge_choice(user=chooses.user, cluster=cluster, member=chooses, show=True)
    ids = {chooses.user_id, keeps_quiet.user_id, past.user_id}
    assert badges_for(cluster, ids) == {chooses.user_id: ["Mitglied des Strategischen Beirats"]}
    assert badges_for(other_cluster, ids) == {}
    services.set_badge_choice(user=chooses.user, cluster=cluster, member=chooses, show=False)
    assert badges_for(cluster, ids) == {}
