"""The shipped reference data of the actor directory and its loader."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import transaction

from clusterwerk.actors import geo
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorHistory,
    ActorKind,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    District,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
)
from clusterwerk.actors.reference import (
    REFERENCE_DIR,
    load_actor_reference_data,
    read_reference,
)
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.core.text import document_matches, parse_query
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.reference import REFERENCE_DIR as MASTERPLAN_REFERENCE_DIR
from clusterwerk.masterplan.reference import load_all_reference_data

TABLE_3 = "Tabelle 3"
CENTRE_KINDS = (ActorKind.COMPETENCE_CENTRE, ActorKind.TRANSFER_OFFICE)


@pytest.fixture
def masterplan(db):
    """The masterplan reference data: the Metall cluster and its published edition 2020."""
    (report,) = load_all_reference_data()
    return report.edition


@pytest.fixture
def loaded(masterplan):
    return load_actor_reference_data()


@pytest.fixture(scope="class")
def shared_load(django_db_setup, django_db_blocker):
    """Masterplan and actor reference data loaded once for the read-only tests of
    `TestLoadedReferenceData` (rolled back after the class)."""
    with django_db_blocker.unblock(), transaction.atomic():
        (masterplan_report,) = load_all_reference_data()
        yield masterplan_report.edition, load_actor_reference_data()
        transaction.set_rollback(True)


@pytest.fixture
def reference(shared_load, db):
    """Read-only access to the shared load: (published edition, report)."""
    return shared_load


def institutions() -> list[dict]:
    return read_reference("institutions_metall_2020.json")["institutions"]


# --- what is loaded ------------------------------------------------------------------------


class TestLoadedReferenceData:
    """Read-only checks of one load (see `shared_load`)."""

    def test_districts_growth_cores_and_activities(self, reference):
        brandenburg = District.objects.filter(ags__startswith="12")
        assert brandenburg.count() == 18
        assert brandenburg.filter(kind="rural_district").count() == 14
        assert brandenburg.filter(kind="urban_district").count() == 4
        assert set(brandenburg.values_list("state", flat=True)) == {"Brandenburg"}
        cottbus = District.objects.get(ags="12052")
        assert (cottbus.name, cottbus.nuts3, cottbus.population) == ("Cottbus", "DE402", 100219)
        assert str(cottbus.population_date) == "2018-12-31"
        assert District.objects.get(ags="11000").state == "Berlin"
        assert District.objects.get(ags="14522").name == "Mittelsachsen"

        assert GrowthCore.objects.count() == 15
        assert GrowthCore.objects.filter(metall_focus=True).count() == 12
        assert set(
            GrowthCore.objects.filter(metall_focus=False).values_list("number", flat=True)
        ) == {
            6,
            10,
            11,
        }
        assert GrowthCoreMunicipality.objects.count() == 26
        westlausitz = GrowthCore.objects.get(number=15)
        assert westlausitz.municipalities.count() == 5
        assert GrowthCoreMunicipality.objects.get(ags="12067120").name == "Eisenhüttenstadt"

        for scheme in (ActivityScheme.WZ_2008, ActivityScheme.WZ_2025):
            codes = EconomicActivity.objects.filter(scheme=scheme)
            assert sorted(codes.values_list("code", flat=True)) == [
                "24", "25", "26", "27", "28", "29", "30", "33", "71", "72",
            ]  # fmt: skip
            assert set(codes.filter(is_cluster_core=True).values_list("code", flat=True)) == {
                "24", "25", "28", "33", "71", "72",
            }  # fmt: skip
        assert EconomicActivity.objects.get(scheme="WZ2008", code="28").title == "Maschinenbau"
        assert EconomicActivity.objects.get(scheme="WZ2008", code="33").title == (
            "Reparatur und Installation von Maschinen und Ausrüstungen"
        )

    def test_clusters_and_cross_cluster_topics(self, reference):
        slugs = set(Cluster.objects.values_list("slug", flat=True))
        assert slugs >= {
            "energietechnik",
            "gesundheitswirtschaft",
            "ikt-medien-kreativwirtschaft",
            "optik-photonik",
            "verkehr-mobilitaet-logistik",
            "ernaehrungswirtschaft",
            "kunststoffe-chemie",
            "metall",
            "tourismus",
        }
        assert Cluster.objects.get(slug="optik-photonik").region == "Berlin-Brandenburg"
        assert Cluster.objects.get(slug="tourismus").region == "Land Brandenburg"
        metall = Cluster.objects.get(slug="metall")
        assert metall.name == "Cluster Metall Brandenburg"
        topics = CrossClusterTopic.objects.filter(cluster=metall)
        assert topics.count() == 32
        assert topics.filter(partner_cluster__slug="verkehr-mobilitaet-logistik").count() == 7
        laser = topics.get(title="Laser für die Materialbearbeitung")
        assert (laser.partner_cluster.slug, laser.order) == ("optik-photonik", 1)

    def test_institutions_of_tables_1_to_3_and_the_centres(self, reference):
        actors = Actor.objects.filter(external_id__startswith="ref:metall-2020:")
        assert actors.count() == 51
        assert actors.filter(kind=ActorKind.UNIVERSITY).count() == 12
        assert actors.filter(kind=ActorKind.RESEARCH_INSTITUTE).count() == 10
        table_3 = actors.filter(source__contains=TABLE_3)
        assert table_3.count() == 21  # 17 rows, the two chamber rows name three chambers each
        assert table_3.filter(kind=ActorKind.CHAMBER).count() == 6
        assert set(table_3.filter(kind=ActorKind.CHAMBER).values_list("short_name", flat=True)) == {
            "HWK Cottbus",
            "HWK Frankfurt (Oder)",
            "HWK Potsdam",
            "IHK Cottbus",
            "IHK Ostbrandenburg",
            "IHK Potsdam",
        }
        assert actors.filter(kind__in=CENTRE_KINDS).count() == 7
        assert actors.get(kind=ActorKind.TRANSFER_OFFICE).short_name == "Innovation Hub 13"
        wfbb = actors.get(kind=ActorKind.CLUSTER_ORGANISATION)
        assert "Wirtschaftsförderung Land Brandenburg" in wfbb.name

        btu = actors.get(external_id="ref:metall-2020:t1-02")
        assert btu.name == "Brandenburgische Technische Universität Cottbus-Senftenberg"
        assert btu.source == "Masterplan Metall Brandenburg 2020, Tabelle 1, Nr. 2"
        assert (btu.district.ags, btu.growth_core.number, btu.postal_code) == ("12052", 2, "03046")
        assert btu.status == "published" and not btu.is_demo
        assert actors.get(external_id="ref:metall-2020:t2-c").name.startswith("Fraunhofer-Institut")
        assert (
            ClusterMembership.objects.filter(actor__in=actors, cluster__slug="metall").count() == 51
        )
        assert all(actor.search_document for actor in actors)

    def test_table_competences_are_the_listed_schwerpunkte(self, reference):
        bam = Actor.objects.get(external_id="ref:metall-2020:t2-a")
        assert list(bam.competences.values_list("text", flat=True)) == [
            "Materialprüfung, Materialografie",
            "Korrosion, Korrosionsschutz",
            "Strukturanalytik",
            "Zerstörungsfreie Prüfung",
            "Schweißtechnische Fertigungsverfahren, Integrität von Schweißverbindungen",
        ]
        tu_berlin = Actor.objects.get(external_id="ref:metall-2020:t1-09")
        assert tu_berlin.competences.first().text == "Energie- und Automatisierungstechnik"
        panta_rhei = Actor.objects.get(external_id="ref:metall-2020:t2-j")
        assert "Werkstofftechnik und -analytik" in panta_rhei.competences.values_list(
            "text", flat=True
        )
        kinds = set(Competence.objects.values_list("kind", flat=True))
        assert kinds <= {"technology", "process", "material", "service", "shared_equipment"}
        for actor in Actor.objects.filter(source__contains=TABLE_3):
            assert 2 <= actor.competences.count() <= 4, actor.name

    def test_competences_are_tagged_to_topic_area_lineages(self, reference):
        masterplan, loaded = reference
        assert masterplan.status == EditionStatus.PUBLISHED
        assert loaded.topic_edition == masterplan.label and not loaded.unresolved_topics
        lineages = set(
            TopicArea.objects.filter(edition=masterplan).values_list("lineage", flat=True)
        )
        tags = CompetenceTopicArea.objects.all()
        assert tags.count() == loaded.topic_tags > 150
        assert set(tags.values_list("lineage", flat=True)) <= lineages
        testing = Competence.objects.get(actor__short_name="BAM", text="Zerstörungsfreie Prüfung")
        quality = TopicArea.objects.get(edition=masterplan, number="4.3.4")
        assert list(testing.topics.values_list("lineage", flat=True)) == [quality.lineage]
        assert not Competence.objects.filter(topics__isnull=True).exists()

    def test_a_search_finds_the_research_institutes(self, reference):
        def hits(query):
            terms = parse_query(query)
            return {
                actor.short_name
                for actor in Actor.objects.all()
                if document_matches(terms, actor.search_document.split())
            }

        assert {"BAM", "ArcelorMittal FuQ"} <= hits("Werkstoffprüfung Metall")
        assert {"BAM", "ArcelorMittal FuQ"} <= hits("Korrosion")
        assert "BAM" in hits("Schweißverbindungen")


# --- idempotence and updates ---------------------------------------------------------------


def test_a_second_load_changes_nothing(loaded):
    assert loaded.changed and loaded.institutions.created == 51
    history = ActorHistory.objects.count()
    versions = dict(Actor.objects.values_list("id", "version"))
    competence_ids = set(Competence.objects.values_list("id", flat=True))

    again = load_actor_reference_data()

    assert not again.changed
    assert again.created == again.updated == again.competences_replaced == 0
    assert "unverändert" in again.summary()
    assert ActorHistory.objects.count() == history
    assert dict(Actor.objects.values_list("id", "version")) == versions
    assert set(Competence.objects.values_list("id", flat=True)) == competence_ids


def test_a_load_restores_edited_reference_fields_and_competences(loaded):
    bam = Actor.objects.get(external_id="ref:metall-2020:t2-a")
    Actor.objects.filter(pk=bam.pk).update(name="BAM (alt)", website="")
    bam.competences.filter(text="Strukturanalytik").delete()

    report = load_actor_reference_data()

    bam.refresh_from_db()
    assert bam.name == "Bundesanstalt für Materialforschung und -prüfung"
    assert bam.website == "https://www.bam.de"
    assert bam.version == 2
    assert bam.competences.count() == 5
    assert report.institutions.updated == 1 and report.competences_replaced == 1
    entry = bam.history.first()
    assert entry.action == "imported"
    assert set(entry.changes) == {"name", "website", "competences"}


def test_the_metall_cluster_is_not_renamed(db):
    Cluster.objects.create(slug="metall", name="Metall (eigener Name)", region="")
    load_actor_reference_data()
    metall = Cluster.objects.get(slug="metall")
    assert metall.name == "Metall (eigener Name)"
    assert metall.region == "Land Brandenburg"  # only empty fields are filled


def test_without_a_masterplan_the_tags_are_skipped_and_added_later(db):
    report = load_actor_reference_data()
    assert report.topic_tags_skipped
    assert "noch kein Masterplan" in report.summary()
    assert Competence.objects.count() == report.competences > 0
    assert not CompetenceTopicArea.objects.exists()

    load_all_reference_data()
    later = load_actor_reference_data()

    assert not later.topic_tags_skipped
    assert later.competences_replaced == 51
    assert CompetenceTopicArea.objects.count() == later.topic_tags


def test_the_command_loads_masterplan_and_actors_and_says_so(db, capsys):
    call_command("load_reference_data")
    first = capsys.readouterr().out
    assert "Cluster Metall Brandenburg: Referenzdaten geladen" in first
    assert "Akteursverzeichnis: 24 Landkreise und kreisfreie Städte (18 in Brandenburg)" in first
    assert "15 Regionale Wachstumskerne (12 mit Schwerpunkt Metall)" in first
    assert "20 Wirtschaftszweige, 9 Cluster" in first
    assert "51 Einrichtungen" in first and "neu" in first
    call_command("load_reference_data")
    second = capsys.readouterr().out
    assert "Akteursverzeichnis:" in second and "unverändert" in second


# --- the files themselves ------------------------------------------------------------------


def test_institution_entries_are_consistent():
    districts = {entry["ags"] for entry in read_reference("districts.json")["districts"]}
    cores = {
        core["number"]: {municipality["name"] for municipality in core["municipalities"]}
        for core in read_reference("growth_cores.json")["growth_cores"]
    }
    plan = json.loads((MASTERPLAN_REFERENCE_DIR / "metall_2020.json").read_text(encoding="utf-8"))
    numbers = {
        topic["number"]
        for action_field in plan["action_fields"]
        for key_point in action_field["key_points"]
        for topic in key_point["topic_areas"]
    }
    shapes = {
        feature["properties"]["ags"]: feature["geometry"]
        for feature in geo.read_shapes()["features"]
    }
    ids = [entry["external_id"] for entry in institutions()]
    assert len(ids) == len(set(ids))
    for entry in institutions():
        name = entry["name"]
        assert re.fullmatch(r"ref:metall-2020:[a-z0-9-]+", entry["external_id"]), name
        assert entry["kind"] in ActorKind.values, name
        assert entry["source"].startswith("Masterplan Metall Brandenburg 2020, "), name
        assert 1 <= entry["description"].count(".") <= 4, name
        assert not entry["postal_code"] or re.fullmatch(r"\d{5}", entry["postal_code"]), name
        assert entry["clusters"] == ["metall"]
        if entry["district"]:
            assert entry["district"] in districts, name
        if entry["growth_core"]:
            assert entry["municipality"] in cores[entry["growth_core"]], name
        if entry["district"] in shapes:  # the position lies in its Brandenburg district
            assert geo.geometry_contains(
                shapes[entry["district"]], entry["longitude"], entry["latitude"]
            ), name
        for competence in entry["competences"]:
            assert competence["topics"] and set(competence["topics"]) <= numbers, name
            assert 1 <= len(competence["topics"]) <= 3 and competence["keywords"], name


def test_reference_files_are_json_with_sources():
    for name in (
        "districts.json",
        "growth_cores.json",
        "economic_activities.json",
        "clusters.json",
        "institutions_metall_2020.json",
    ):
        data = read_reference(name)
        assert data["sources"], name
    assert (REFERENCE_DIR / "brandenburg_districts.geojson").is_file()


def test_the_loader_writes_its_history_as_the_system_user(loaded):
    from clusterwerk.accounts.services import system_user

    entries = ActorHistory.objects.all()
    assert entries.exists()
    assert set(entries.values_list("user", flat=True)) == {system_user().pk}
    assert all(entry.by_system for entry in entries.select_related("user"))
