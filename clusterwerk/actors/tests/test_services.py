import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusterwerk.actors import services
from clusterwerk.actors.models import (
    Actor,
    ActorHistory,
    ActorStatus,
    ChangeRequest,
    ChangeRequestStatus,
    ContactPerson,
    HistoryAction,
)
from clusterwerk.actors.profile_data import catalogue_and_snapshot
from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.core.exceptions import EditConflict

NEW_ACTOR = {
    "values": {
        "kind": "company",
        "name": "Oderblech Umformtechnik GmbH",
        "postal_code": "15890",
        "municipality": "Eisenhüttenstadt",
        "district": "12069",
        "employees": 35,
        "website": "oderblech.example.org",
    },
    "competences": [
        {"kind": "process", "text": "Tiefziehen von Feinblech", "topic_areas": ["4.4.2"]},
    ],
    "activities": [{"scheme": "WZ2008", "code": "25", "is_primary": True}],
}


def test_manager_creates_an_actor_with_tags_index_and_history(
    cluster_manager, cluster, districts, wz_codes, plan
):
    actor = services.create_actor(cluster=cluster, user=cluster_manager, profile=NEW_ACTOR)

    assert actor.slug == "oderblech-umformtechnik-gmbh"
    assert actor.size_class == "small"  # derived from 35 employees
    assert actor.website == "https://oderblech.example.org"
    assert list(actor.clusters.all()) == [cluster]
    competence = actor.competences.get()
    assert [tag.lineage for tag in competence.topics.all()] == [topic_lineage(plan, "4.4.2")]
    assert " tiefzieh" in actor.search_competences or "tiefzieh" in actor.search_competences
    assert "oderblech" in actor.search_name
    assert actor.activity_links.get().activity.code == "25"
    assert actor.history.get().action == HistoryAction.CREATED


def test_members_and_outsiders_cannot_create(cluster, member, outsider, districts, plan):
    for user in (member, outsider):
        with pytest.raises(PermissionDenied):
            services.create_actor(cluster=cluster, user=user, profile=NEW_ACTOR)
    assert not Actor.objects.exists()


def test_bad_input_is_reported_per_field_in_german(cluster, cluster_manager, districts, plan):
    profile = {
        "values": {"kind": "firma", "name": "", "postal_code": "1234", "district": "99999"},
        "competences": [{"kind": "process", "text": "", "topic_areas": ["9.9.9"]}],
    }
    with pytest.raises(ValidationError) as error:
        services.create_actor(cluster=cluster, user=cluster_manager, profile=profile)
    messages = error.value.message_dict
    assert set(messages) >= {
        "kind",
        "name",
        "postal_code",
        "district",
        "competences.1.text",
        "competences.1.topic_areas",
    }
    assert "fünf Ziffern" in messages["postal_code"][0]
    assert "9.9.9" in messages["competences.1.topic_areas"][0]
    assert not Actor.objects.exists()


def test_a_look_alike_name_at_the_same_postal_code_warns_before_creating(
    cluster, cluster_manager, actor_a, plan
):
    profile = {"values": {"kind": "company", "name": "Metallbau Havelland", "postal_code": "14542"}}
    with pytest.raises(services.PossibleDuplicate) as duplicate:
        services.create_actor(cluster=cluster, user=cluster_manager, profile=profile)
    assert duplicate.value.candidates == [actor_a]

    created = services.create_actor(
        cluster=cluster, user=cluster_manager, profile=profile, confirm_not_duplicate=True
    )
    assert created.pk != actor_a.pk
    assert created.slug == "metallbau-havelland"


def test_a_different_company_elsewhere_is_no_duplicate(cluster, cluster_manager, actor_a, plan):
    profile = {"values": {"kind": "company", "name": "Metallbau Spreewald", "postal_code": "03222"}}
    assert services.create_actor(cluster=cluster, user=cluster_manager, profile=profile)


def test_manager_edits_directly_and_a_stale_version_is_refused(cluster, cluster_manager, actor_a):
    version = actor_a.version
    result = services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=cluster_manager,
        expected_version=version,
        profile={"values": {"description": "Neu: Geländer und Treppen."}},
    )
    assert result is None
    actor_a.refresh_from_db()
    assert actor_a.description == "Neu: Geländer und Treppen."
    assert actor_a.version == version + 1
    assert "gelander" in actor_a.search_document or "geland" in actor_a.search_document

    with pytest.raises(EditConflict):
        services.update_actor(
            cluster=cluster,
            actor=actor_a,
            user=cluster_manager,
            expected_version=version,
            profile={"values": {"description": "überschreibt nichts"}},
        )
    actor_a.refresh_from_db()
    assert actor_a.description == "Neu: Geländer und Treppen."


def test_representative_changes_go_to_review_and_apply_on_approval(
    cluster, representative, cluster_manager, actor_a, plan
):
    change = services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=representative,
        expected_version=actor_a.version,
        profile={
            "values": {"description": "Wir schweißen auch Aluminium."},
            "competences": [
                {"kind": "process", "text": "MIG-Schweißen von Aluminium", "topic_areas": ["4.2.1"]}
            ],
        },
    )
    assert change.status == ChangeRequestStatus.PENDING
    assert set(change.proposed) == {"values", "competences"}
    actor_a.refresh_from_db()
    assert actor_a.description == "Stahl- und Metallbau für Industrie und Handwerk."

    services.approve_change_request(cluster=cluster, change_request=change, user=cluster_manager)

    actor_a.refresh_from_db()
    assert actor_a.description == "Wir schweißen auch Aluminium."
    assert [c.text for c in actor_a.competences.all()] == ["MIG-Schweißen von Aluminium"]
    assert "aluminium" in actor_a.search_competences
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED
    assert change.decided_by == cluster_manager
    actions = list(actor_a.history.values_list("action", flat=True))
    assert HistoryAction.CHANGE_APPROVED in actions
    assert HistoryAction.CHANGE_REQUESTED in actions


def test_a_second_proposal_replaces_the_pending_one(cluster, representative, actor_a):
    for text in ("Erster Vorschlag", "Zweiter Vorschlag"):
        services.update_actor(
            cluster=cluster,
            actor=actor_a,
            user=representative,
            expected_version=actor_a.version,
            profile={"values": {"description": text}},
        )
    change = ChangeRequest.objects.get()
    assert change.proposed == {"values": {"description": "Zweiter Vorschlag"}}


def test_rejection_needs_a_reason_and_changes_nothing(
    cluster, representative, cluster_manager, actor_a
):
    change = services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=representative,
        expected_version=actor_a.version,
        profile={"values": {"name": "Ganz anderer Name"}},
    )
    with pytest.raises(ValidationError):
        services.reject_change_request(
            cluster=cluster, change_request=change, user=cluster_manager, reason=" "
        )
    services.reject_change_request(
        cluster=cluster,
        change_request=change,
        user=cluster_manager,
        reason="Name laut Handelsregister anders.",
    )
    actor_a.refresh_from_db()
    assert actor_a.name == "Metallbau Havelland GmbH"
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.REJECTED
    with pytest.raises(ValidationError):
        services.approve_change_request(
            cluster=cluster, change_request=change, user=cluster_manager
        )


def test_a_representative_of_a_cannot_change_b(cluster, representative, actor_b):
    with pytest.raises(PermissionDenied):
        services.update_actor(
            cluster=cluster,
            actor=actor_b,
            user=representative,
            expected_version=actor_b.version,
            profile={"values": {"name": "Übernommen"}},
        )
    assert not ChangeRequest.objects.exists()


def test_members_cannot_decide_on_change_requests(cluster, representative, member, actor_a):
    change = services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=representative,
        expected_version=actor_a.version,
        profile={"values": {"phone": "03327 1234"}},
    )
    for user in (member, representative):
        with pytest.raises(PermissionDenied):
            services.approve_change_request(cluster=cluster, change_request=change, user=user)


def test_merge_moves_everything_and_archives_the_duplicate(
    cluster, cluster_manager, representative, actor_a, actor_b
):
    services.merge_actors(cluster=cluster, keep=actor_b, duplicate=actor_a, user=cluster_manager)

    actor_a.refresh_from_db()
    actor_b.refresh_from_db()
    assert actor_a.status == ActorStatus.ARCHIVED
    assert actor_a.merged_into == actor_b
    assert sorted(c.text for c in actor_b.competences.all()) == [
        "CNC-Fräsen",
        "Pulverbeschichtung",
        "WIG-Schweißen von Edelstahl",
    ]
    assert actor_b.contacts.count() == 4
    assert actor_b.representatives.get().user == representative
    assert "pulverbeschicht" in actor_b.search_competences
    assert actor_b.description == "Stahl- und Metallbau für Industrie und Handwerk."
    with pytest.raises(ValidationError):
        services.merge_actors(
            cluster=cluster, keep=actor_b, duplicate=actor_b, user=cluster_manager
        )


def test_archive_and_restore(cluster, cluster_manager, member, actor_a):
    with pytest.raises(PermissionDenied):
        services.archive_actor(cluster=cluster, actor=actor_a, user=member)
    services.archive_actor(
        cluster=cluster, actor=actor_a, user=cluster_manager, reason="Betrieb aufgegeben"
    )
    actor_a.refresh_from_db()
    assert actor_a.status == ActorStatus.ARCHIVED
    services.restore_actor(cluster=cluster, actor=actor_a, user=cluster_manager)
    actor_a.refresh_from_db()
    assert actor_a.status == ActorStatus.PUBLISHED


def test_contacts_keep_their_identity_and_consent_time(cluster, cluster_manager, actor_a):
    _catalogue, snapshot = catalogue_and_snapshot(actor_a, cluster)
    contacts = snapshot["contacts"]
    nina = next(item for item in contacts if item["name"] == "Nina Noconsent")
    nina["consent"] = True
    services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=cluster_manager,
        expected_version=actor_a.version,
        profile={"contacts": contacts},
    )
    stored = ContactPerson.objects.get(pk=nina["id"])
    assert stored.consent and stored.consent_given_at is not None
    assert actor_a.contacts.count() == 4


def test_erasing_a_contact_anonymises_it_and_cleans_pending_proposals(
    cluster, representative, outsider, actor_a
):
    mira = actor_a.contacts.get(name="Mira Members")
    _catalogue, snapshot = catalogue_and_snapshot(actor_a, cluster)
    change = services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=representative,
        expected_version=actor_a.version,
        profile={"contacts": [{**item, "phone": "0331 1"} for item in snapshot["contacts"]]},
    )
    with pytest.raises(PermissionDenied):
        services.erase_contact(cluster=cluster, contact=mira, user=outsider)

    services.erase_contact(cluster=cluster, contact=mira, user=representative)

    mira.refresh_from_db()
    assert (mira.name, mira.email, mira.consent) == (services.ERASED_NAME, "", False)
    change.refresh_from_db()
    assert all(item["id"] != mira.pk for item in change.proposed["contacts"])
    entry = ActorHistory.objects.filter(action=HistoryAction.CONTACT_ERASED).get()
    assert "Mira" not in str(entry.changes)


def test_contact_data_export_for_the_person(cluster, actor_a, outsider):
    paula = actor_a.contacts.get(name="Paula Public")
    paula.user = outsider
    paula.save()
    data = services.contact_personal_data(cluster=cluster, contact=paula, user=outsider)
    assert data["email"] == "paula@example.org"
    assert data["actor"]["name"] == actor_a.name


def test_managers_create_actors_only_in_their_clusters(
    cluster, cluster_manager, other_cluster, districts, plan
):
    with pytest.raises(PermissionDenied):
        services.create_actor(
            cluster=cluster, user=cluster_manager, profile=NEW_ACTOR, clusters=[other_cluster]
        )
    assert not Actor.objects.exists()
