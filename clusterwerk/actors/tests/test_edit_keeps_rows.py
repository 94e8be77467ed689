"""No lost edits: a profile edit changes exactly what the person changed.

Every test posts the edit form as a browser would (the rendered page's values, see
`form_support`), changes one thing and checks that everything else is still there.
"""

import pytest
from django.urls import reverse

from clusterwerk.actors import services
from clusterwerk.actors.models import (
    ActivityScheme,
    ActorActivity,
    ActorHistory,
    ChangeRequest,
    ChangeRequestStatus,
    Competence,
    ContactPerson,
    EconomicActivity,
    SizeClass,
)
from clusterwerk.actors.profile_data import catalogue_and_snapshot
from clusterwerk.actors.tests.conftest import make_actor, topic_lineage
from clusterwerk.actors.tests.form_support import browser_form, page_form
from clusterwerk.core.models import Cluster

NOTHING_CHANGED = "Keine Änderungen – es gab nichts zu speichern."


def snapshot(actor):
    actor.refresh_from_db()
    return catalogue_and_snapshot(actor, Cluster.objects.get(slug="metall"))[1]


def edit_url(actor):
    return reverse("actors:edit", args=[actor.pk, actor.slug])


def rows(actor):
    """The stored rows themselves (ids included): untouched rows are not even rewritten."""
    return (
        list(Competence.objects.filter(actor=actor).values().order_by("pk")),
        list(ContactPerson.objects.filter(actor=actor).values().order_by("pk")),
        list(ActorActivity.objects.filter(actor=actor).values().order_by("pk")),
    )


@pytest.fixture
def bam(cluster, districts, plan, wz_codes):
    """The Bundesanstalt of the issue: five competences, two contacts, 3 employees."""
    actor = make_actor(
        cluster,
        "Bundesanstalt für Materialforschung und -prüfung",
        kind="research_institute",
        district=districts["12054"],
        postal_code="14473",
        municipality="Potsdam",
        employees=3,
        size_class=SizeClass.MICRO,
        competences=[
            ("Werkstoffprüfung", "service", [topic_lineage(plan, "4.4.2")]),
            ("Schweißnahtprüfung", "service", []),
            ("Korrosionsforschung", "technology", [topic_lineage(plan, "4.2.1")]),
            ("Additive Fertigung", "technology", []),
            ("Zerstörungsfreie Prüfung", "service", []),
        ],
    )
    Competence.objects.filter(actor=actor, text="Werkstoffprüfung").update(
        description="Akkreditiertes Prüflabor (nur über die API gepflegt).",
        keywords=["Zugversuch", "Kerbschlag"],
        evidence="DAkkS D-PL-11075",
    )
    ContactPerson.objects.create(
        actor=actor, name="Dr. Petra Prüf", email="pruef@example.org", consent=True
    )
    ContactPerson.objects.create(actor=actor, name="Max Labor", function="Laborleitung")
    ActorActivity.objects.create(actor=actor, activity=wz_codes["28"], is_primary=True)
    ActorActivity.objects.create(actor=actor, activity=wz_codes["25"])
    return actor


@pytest.fixture
def bam_representative(cluster, bam):
    from clusterwerk.accounts.models import Role
    from clusterwerk.actors.models import ActorRepresentative
    from conftest import make_user

    user = make_user("bam@clusterwerk.test", cluster, Role.MEMBER, first_name="Berta")
    ActorRepresentative.objects.create(actor=bam, user=user)
    return user


def test_representative_changes_only_employees_and_approval_keeps_everything_else(
    member_client_factory, bam, bam_representative
):
    before, stored = snapshot(bam), rows(bam)
    browser = member_client_factory("bam_representative")
    data = page_form(browser, edit_url(bam))
    data["employees"] = ["5"]
    response = browser.post(edit_url(bam), data, follow=True)

    assert "zur Prüfung an das Clustermanagement gesendet" in response.content.decode()
    change = ChangeRequest.objects.get()
    assert change.proposed == {"values": {"employees": 5}}

    manager = member_client_factory("cluster_manager")
    review_url = reverse("actors:review", args=[change.pk])
    page = manager.get(review_url).content.decode()
    assert "Beschäftigte" in page
    assert "Kompetenzen" not in page and "Ansprechpersonen" not in page
    assert "checked" not in page  # no decision preselected
    review = browser_form(page)
    review["decision"] = ["approve"]
    assert manager.post(review_url, review).status_code == 302

    after = snapshot(bam)
    assert after["values"] == {**before["values"], "employees": 5}
    assert {k: after[k] for k in ("competences", "contacts", "activities")} == {
        k: before[k] for k in ("competences", "contacts", "activities")
    }
    assert rows(bam) == stored
    assert len(after["competences"]) == 5


def test_manager_changes_only_employees_and_keeps_the_five_competences(member_client_factory, bam):
    before, stored = snapshot(bam), rows(bam)
    browser = member_client_factory("cluster_manager")
    data = page_form(browser, edit_url(bam))
    data["employees"] = ["5"]
    response = browser.post(edit_url(bam), data, follow=True)

    assert "Das Profil wurde gespeichert." in response.content.decode()
    after = snapshot(bam)
    assert after == {**before, "values": {**before["values"], "employees": 5}}
    assert rows(bam) == stored
    assert bam.version == 2
    (entry,) = ActorHistory.objects.filter(actor=bam)
    assert entry.changes == {"fields": ["employees"]}


@pytest.mark.parametrize("persona", ["bam_representative", "cluster_manager"])
def test_unchanged_submit_writes_nothing(member_client_factory, bam, persona, request):
    request.getfixturevalue("bam_representative")
    before, stored = snapshot(bam), rows(bam)
    browser = member_client_factory(persona)
    data = page_form(browser, edit_url(bam))
    response = browser.post(edit_url(bam), data, follow=True)

    assert NOTHING_CHANGED in response.content.decode()
    assert not ChangeRequest.objects.exists()
    assert not ActorHistory.objects.filter(actor=bam).exists()
    assert snapshot(bam) == before
    assert rows(bam) == stored
    assert bam.version == 1


def test_ticking_delete_removes_that_competence_only(member_client_factory, bam):
    before = snapshot(bam)
    browser = member_client_factory("cluster_manager")
    data = page_form(browser, edit_url(bam))
    assert data["competences-1-text"] == ["Schweißnahtprüfung"]
    data["competences-1-DELETE"] = ["on"]
    browser.post(edit_url(bam), data)

    after = snapshot(bam)
    assert after["competences"] == [before["competences"][0], *before["competences"][2:]]
    assert after["contacts"] == before["contacts"]
    assert after["values"] == before["values"]


def test_changing_one_competence_keeps_its_hidden_details_and_the_other_rows(
    member_client_factory, bam
):
    before = snapshot(bam)
    browser = member_client_factory("cluster_manager")
    data = page_form(browser, edit_url(bam))
    data["competences-0-evidence"] = ["DAkkS D-PL-11075-01"]
    browser.post(edit_url(bam), data)

    after = snapshot(bam)
    first = before["competences"][0]
    assert after["competences"][0] == {**first, "evidence": "DAkkS D-PL-11075-01"}
    assert after["competences"][0]["description"].startswith("Akkreditiertes Prüflabor")
    assert after["competences"][1:] == before["competences"][1:]


def test_the_topic_picker_changes_exactly_the_ticked_topic_areas(member_client_factory, bam):
    """The competences' topic areas are checkboxes in folding groups (a plain form POST, no
    JavaScript): ticking one adds it to that competence only."""
    before = snapshot(bam)
    browser = member_client_factory("cluster_manager")
    page = browser.get(edit_url(bam)).content.decode()
    assert (
        page.count('data-picker data-filter-label="Themenbereiche filtern"')
        == len(before["competences"]) + 2
    )  # two empty rows for new competences
    data = page_form(browser, edit_url(bam))
    assert data["competences-0-topic_areas"] == ["4.4.2"]
    assert "competences-1-topic_areas" not in data
    data["competences-1-topic_areas"] = ["4.2.1", "6.3.2"]
    browser.post(edit_url(bam), data)

    after = snapshot(bam)
    assert after["competences"][1]["topic_areas"] == ["4.2.1", "6.3.2"]
    assert after["competences"][1] == {
        **before["competences"][1],
        "topic_areas": ["4.2.1", "6.3.2"],
    }
    assert after["competences"][0] == before["competences"][0]
    assert after["competences"][2:] == before["competences"][2:]
    assert after["values"] == before["values"] and after["contacts"] == before["contacts"]


def test_adding_a_contact_keeps_the_others_with_their_ids(member_client_factory, bam):
    before = snapshot(bam)
    browser = member_client_factory("bam_representative")
    data = page_form(browser, edit_url(bam))
    data["contacts-2-name"] = ["Lea Neu"]
    data["contacts-2-id"] = [str(before["contacts"][0]["id"])]  # a forged id is ignored
    browser.post(edit_url(bam), data)

    change = ChangeRequest.objects.get()
    assert set(change.proposed) == {"contacts"}
    assert change.proposed["contacts"][:2] == before["contacts"]
    assert change.proposed["contacts"][2]["name"] == "Lea Neu"
    assert change.proposed["contacts"][2]["id"] is None

    manager = member_client_factory("cluster_manager")
    page = manager.get(reverse("actors:review", args=[change.pk])).content.decode()
    assert "Lea Neu" in page
    assert "Dr. Petra Prüf" not in page  # unchanged rows are not listed as changes
    assert "2 weitere Einträge bleiben unverändert" in page


def test_activities_keep_their_focus_and_other_schemes(member_client_factory, bam, wz_codes):
    wz_2025 = EconomicActivity.objects.create(
        scheme=ActivityScheme.WZ_2025, code="25.11", title="Stahl- und Leichtmetallbau"
    )
    ActorActivity.objects.create(actor=bam, activity=wz_2025)
    before = snapshot(bam)
    browser = member_client_factory("cluster_manager")

    data = page_form(browser, edit_url(bam))
    assert data["activities"] == ["25", "28"]  # document order: the focus is not first
    data["phone"] = ["0331 8104-0"]
    browser.post(edit_url(bam), data)
    assert snapshot(bam)["activities"] == before["activities"]

    data = page_form(browser, edit_url(bam))
    data["activities"] = ["28"]
    browser.post(edit_url(bam), data)
    assert snapshot(bam)["activities"] == [
        {"scheme": "WZ2008", "code": "28", "is_primary": True},
        {"scheme": "WZ2025", "code": "25.11", "is_primary": False},
    ]


def test_changing_employees_keeps_a_chosen_size_class(member_client_factory, bam):
    browser = member_client_factory("cluster_manager")
    data = page_form(browser, edit_url(bam))
    data["employees"] = ["400"]
    browser.post(edit_url(bam), data)
    bam.refresh_from_db()
    assert (bam.employees, bam.size_class) == (400, SizeClass.MICRO)


def test_an_unrelated_edit_does_not_fill_in_the_growth_core(member_client_factory, actor_b):
    assert actor_b.municipality == "Cottbus" and actor_b.growth_core is None
    browser = member_client_factory("cluster_manager")
    data = page_form(browser, edit_url(actor_b))
    data["street"] = ["Am Turm 1"]
    browser.post(edit_url(actor_b), data)
    actor_b.refresh_from_db()
    assert (actor_b.street, actor_b.growth_core) == ("Am Turm 1", None)


def test_review_without_a_decision_rerenders_with_a_german_error(
    cluster, member_client_factory, bam, bam_representative
):
    change = services.update_actor(
        cluster=cluster,
        actor=bam,
        user=bam_representative,
        expected_version=bam.version,
        profile={"values": {"phone": "0331 99"}},
    )
    manager = member_client_factory("cluster_manager")
    review_url = reverse("actors:review", args=[change.pk])
    page = manager.get(review_url).content.decode()
    assert 'type="radio"' in page and "checked" not in page

    response = manager.post(review_url, browser_form(page))
    assert response.status_code == 400
    assert "Bitte wählen Sie „Annehmen“ oder „Ablehnen“." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.PENDING


def test_a_second_proposal_on_another_field_keeps_the_first(member_client_factory, bam):
    browser = member_client_factory("bam_representative")
    data = page_form(browser, edit_url(bam))
    data["employees"] = ["5"]
    browser.post(edit_url(bam), data)
    data = page_form(browser, edit_url(bam))
    data["phone"] = ["0331 8104-0"]
    browser.post(edit_url(bam), data)

    change = ChangeRequest.objects.get()
    assert change.proposed == {"values": {"employees": 5, "phone": "0331 8104-0"}}
