"""Property: over generated profiles (any number of competences, contacts and activities, any
field values), posting the edit form unchanged writes nothing, and posting it with one field
changed changes exactly that field — for a representative's change request (after approval)
and for the cluster management's direct edit.

The form is posted as a browser would (`form_support.page_form`). Each example runs in a
savepoint that is rolled back, so examples do not see each other's actors.
"""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorActivity,
    ActorHistory,
    ActorKind,
    ActorRepresentative,
    ChangeRequest,
    ClusterMembership,
    Competence,
    CompetenceKind,
    CompetenceTopicArea,
    ContactPerson,
    District,
    EconomicActivity,
    GrowthCore,
    SizeClass,
    Visibility,
    size_class_for,
)
from clusterwerk.actors.profile_data import catalogue_and_snapshot
from clusterwerk.actors.tests.form_support import browser_form, page_form
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import TopicArea

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789"
WORD = st.text(alphabet=LETTERS + "-&.()/+", min_size=1, max_size=10)
# Municipalities outside every growth core (changing to Cottbus would fill in its core).
MUNICIPALITIES = ["", "Werder (Havel)", "Beelitz", "Eberswalde", "Frankfurt (Oder)"]
EMAILS = ["", "info@example.org", "kontakt@metall.example"]
WEBSITES = ["", "https://example.org", "https://metall.example/profil"]
PHONES = ["", "0331 12345", "+49 355 4711-0"]
ACTIVITIES = [("WZ2008", "25"), ("WZ2008", "28"), ("WZ2025", "25.11")]


def phrase(max_words=4, max_size=None):
    text = st.lists(WORD, min_size=1, max_size=max_words).map(" ".join)
    return text.filter(lambda value: len(value) <= max_size) if max_size else text


def optional(strategy):
    return st.one_of(st.just(""), strategy)


def paragraphs():
    return st.lists(phrase(6), min_size=1, max_size=3).map("\n".join)


@st.composite
def profiles(draw, topic_numbers, district_codes):
    values = {
        "kind": draw(st.sampled_from(ActorKind.values)),
        "name": draw(phrase(5)),
        "short_name": draw(optional(phrase(2, max_size=80))),
        "description": draw(optional(paragraphs())),
        "website": draw(st.sampled_from(WEBSITES)),
        "email": draw(st.sampled_from(EMAILS)),
        "phone": draw(st.sampled_from(PHONES)),
        "street": draw(optional(phrase(3))),
        "postal_code": draw(optional(st.from_regex(r"\A[0-9]{5}\Z"))),
        "municipality": draw(st.sampled_from(MUNICIPALITIES)),
        "district": draw(st.sampled_from([None, *district_codes])),
        "growth_core": draw(st.sampled_from([None, 2])),
        "size_class": draw(st.sampled_from(["", *SizeClass.values])),
        "employees": draw(st.one_of(st.none(), st.integers(0, 1_000_000))),
        "founded_year": draw(st.one_of(st.none(), st.integers(1500, 2100))),
    }
    competences = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "kind": st.sampled_from(CompetenceKind.values),
                    "text": phrase(5),
                    "description": optional(paragraphs()),
                    "keywords": st.lists(WORD, max_size=3, unique=True),
                    "evidence": optional(phrase(3)),
                    "topic_areas": st.lists(
                        st.sampled_from(topic_numbers), max_size=2, unique=True
                    ).map(sorted),
                }
            ),
            max_size=5,
        )
    )
    contacts = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": phrase(3),
                    "function": optional(phrase(2)),
                    "email": st.sampled_from(EMAILS),
                    "phone": st.sampled_from(PHONES),
                    "consent": st.booleans(),
                    "visibility": st.sampled_from(Visibility.values),
                }
            ),
            max_size=4,
        )
    )
    activities = draw(st.lists(st.sampled_from(ACTIVITIES), unique=True, max_size=3))
    primary = draw(st.sampled_from([None, *activities]))
    return {
        "values": values,
        "competences": competences,
        "contacts": contacts,
        "activities": [(key, key == primary) for key in activities],
    }


def edits(profile, district_codes):
    """(form field, text to type, value expected in the profile) for one changed field."""
    values = profile["values"]

    def other(choices, current):
        return st.sampled_from([choice for choice in choices if choice != current])

    def typed(name, strategy):
        return strategy.filter(lambda value: value != values[name]).map(
            lambda value: (name, "" if value is None else str(value), value)
        )

    return st.one_of(
        typed("name", phrase(5)),
        typed("short_name", optional(phrase(2, max_size=80))),
        typed("description", optional(paragraphs())),
        typed("street", optional(phrase(3))),
        typed("postal_code", optional(st.from_regex(r"\A[0-9]{5}\Z"))),
        typed("employees", st.one_of(st.none(), st.integers(0, 1_000_000))),
        typed("founded_year", st.one_of(st.none(), st.integers(1500, 2100))),
        other(ActorKind.values, values["kind"]).map(lambda value: ("kind", value, value)),
        other(WEBSITES, values["website"]).map(lambda value: ("website", value, value)),
        other(EMAILS, values["email"]).map(lambda value: ("email", value, value)),
        other(PHONES, values["phone"]).map(lambda value: ("phone", value, value)),
        other(MUNICIPALITIES, values["municipality"]).map(
            lambda value: ("municipality", value, value)
        ),
        other(["", *SizeClass.values], values["size_class"]).map(
            lambda value: ("size_class", value, value)
        ),
        other([None, *district_codes], values["district"]).map(
            lambda value: ("district", value or "", value)
        ),
        other([None, 2], values["growth_core"]).map(
            lambda value: ("growth_core", "" if value is None else str(value), value)
        ),
    )


def build_actor(cluster, profile, lineage_by_number) -> Actor:
    values = dict(profile["values"])
    district, growth_core = values.pop("district"), values.pop("growth_core")
    actor = Actor.objects.create(
        slug="generiert",
        district=District.objects.filter(ags=district).first(),
        growth_core=GrowthCore.objects.filter(number=growth_core).first(),
        **values,
    )
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    for order, item in enumerate(profile["competences"]):
        item = dict(item)
        numbers = item.pop("topic_areas")
        competence = Competence.objects.create(actor=actor, order=order, **item)
        for number in numbers:
            CompetenceTopicArea.objects.create(
                competence=competence, lineage=lineage_by_number[number]
            )
    for order, item in enumerate(profile["contacts"]):
        ContactPerson.objects.create(actor=actor, order=order, **item)
    activities = {(a.scheme, a.code): a for a in EconomicActivity.objects.all()}
    for key, is_primary in profile["activities"]:
        ActorActivity.objects.create(actor=actor, activity=activities[key], is_primary=is_primary)
    return actor


def stored_rows(actor):
    return [
        list(model.objects.filter(actor=actor).order_by("pk").values())
        for model in (Competence, ContactPerson, ActorActivity)
    ]


def snapshot(actor):
    actor.refresh_from_db()
    return catalogue_and_snapshot(actor, Cluster.objects.get(slug="metall"))[1]


@pytest.fixture
def world(cluster, districts, plan, wz_codes, member_client_factory):
    EconomicActivity.objects.create(
        scheme=ActivityScheme.WZ_2025, code="25.11", title="Stahl- und Leichtmetallbau"
    )
    topics = dict(TopicArea.objects.filter(edition=plan).values_list("number", "lineage"))
    return {
        "cluster": cluster,
        "topics": topics,
        "districts": sorted(districts),
        "manager": member_client_factory("cluster_manager"),
    }


def check_one_field_edit(world, data_strategy, *, representative=None):
    draw = data_strategy.draw
    profile = draw(profiles(sorted(world["topics"]), world["districts"]))
    field, typed, expected = draw(edits(profile, world["districts"]))
    manager = world["manager"]
    browser = representative[1] if representative else manager
    with transaction.atomic():
        actor = build_actor(world["cluster"], profile, world["topics"])
        if representative:
            ActorRepresentative.objects.create(actor=actor, user=representative[0])
        url = reverse("actors:edit", args=[actor.pk, actor.slug])
        before, rows_before = snapshot(actor), stored_rows(actor)

        data = page_form(browser, url)
        assert browser.post(url, data).status_code == 302
        assert not ChangeRequest.objects.exists()
        assert not ActorHistory.objects.filter(actor=actor).exists()
        assert snapshot(actor) == before and actor.version == 1

        data[field] = [typed]
        response = browser.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        if representative:
            change = ChangeRequest.objects.get()
            assert change.proposed == {"values": {field: expected}}
            review_url = reverse("actors:review", args=[change.pk])
            decision = browser_form(manager.get(review_url).content.decode())
            decision["decision"] = ["approve"]
            assert manager.post(review_url, decision).status_code == 302

        after = snapshot(actor)
        wanted = {**before["values"], field: expected}
        if field == "employees" and expected is not None and not before["values"]["size_class"]:
            wanted["size_class"] = size_class_for(expected)  # fills the empty size class
        assert after["values"] == wanted
        for section in ("competences", "contacts", "activities"):
            assert after[section] == before[section], section
        assert stored_rows(actor) == rows_before
        transaction.set_rollback(True)


@EXAMPLES
@given(data=st.data())
def test_a_representatives_one_field_change_changes_only_that_field(
    world, representative_client, data
):
    check_one_field_edit(world, data, representative=representative_client)


@EXAMPLES
@given(data=st.data())
def test_a_managers_one_field_edit_changes_only_that_field(world, data):
    check_one_field_edit(world, data)


@pytest.fixture
def representative_client(cluster, client):
    from clusterwerk.accounts.models import Role
    from conftest import make_user

    user = make_user("generiert@clusterwerk.test", cluster, Role.MEMBER)
    client.force_login(user)
    return user, client
