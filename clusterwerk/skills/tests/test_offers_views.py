"""Pages and API of training offers and the management's supply page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.tests.factories import make_representative
from clusterwerk.skills.models import Occupation, SupplyFigure, TrainingOffer

HEADER = "Jahr;KldB 2010;Kreisschlüssel;Bildungsträger;Auszubildende;Absolventen\n"


@pytest.fixture
def osz(cluster, districts):
    actor = make_actor(
        cluster, "OSZ Werder", kind=ActorKind.COMPETENCE_CENTRE, district=districts["12069"]
    )
    actor.user = make_representative(actor, "leitung@osz-werder.example", cluster)
    return actor


@pytest.fixture
def offer(cluster, plan, districts, occupations, osz):
    return TrainingOffer.objects.create(
        cluster=cluster,
        provider=osz,
        title="Ausbildung Industriemechaniker/in",
        format="apprenticeship",
        occupation=Occupation.objects.get(code="25102"),
        district=districts["12069"],
    )


def test_public_search_and_detail(client, offer, osz):
    page = client.get("/fachkraefte/angebote/", {"beruf": "25102", "kreis": "12054"})
    assert page.status_code == 200
    assert "Ausbildung Industriemechaniker/in" in page.content.decode()
    assert "Angebot eintragen" not in page.content.decode()
    none = client.get("/fachkraefte/angebote/", {"beruf": "Bäcker"})
    assert "Keine Angebote passen zu Ihrer Suche" in none.content.decode()
    detail = client.get(f"/fachkraefte/angebote/{offer.pk}/")
    assert detail.status_code == 200
    assert osz.get_absolute_url() in detail.content.decode()
    assert "Angebot bearbeiten" not in detail.content.decode()


def test_search_answers_htmx_with_the_results_only(client, offer):
    page = client.get("/fachkraefte/angebote/", {"q": "Industrie"}, HTTP_HX_REQUEST="true")
    assert "<html" not in page.content.decode() and "1 Angebot" in page.content.decode()


def test_unpublished_offer_is_404_for_others(client, offer, osz, member):
    offer.is_published = False
    offer.save()
    assert client.get(f"/fachkraefte/angebote/{offer.pk}/").status_code == 404
    client.force_login(osz.user)
    assert client.get(f"/fachkraefte/angebote/{offer.pk}/").status_code == 200


def test_representative_creates_and_edits_through_forms(client, cluster, plan, occupations, osz):
    client.force_login(osz.user)
    assert client.get("/fachkraefte/angebote/neu/").status_code == 200
    bad = client.post("/fachkraefte/angebote/neu/", {"provider": "osz-werder", "title": ""})
    assert bad.status_code == 400 and "Bitte geben Sie einen Titel an." in bad.content.decode()
    response = client.post(
        "/fachkraefte/angebote/neu/",
        {
            "provider": "osz-werder",
            "title": "Schweißen",
            "format": "further_training",
            "competence": "WIG-Schweißen",
            "topics": ["6.3.2"],
            "is_published": "on",
        },
    )
    offer = TrainingOffer.objects.get()
    assert response.status_code == 302 and response.url == f"/fachkraefte/angebote/{offer.pk}/"
    assert offer.district == osz.district and offer.occupation is None
    edit_url = f"/fachkraefte/angebote/{offer.pk}/bearbeiten/"
    form = client.get(edit_url)
    assert form.status_code == 200
    posted = {
        "version": "1",
        "provider": "osz-werder",
        "title": "Schweißen nach ISO 9606",
        "format": "further_training",
        "competence": "WIG-Schweißen",
        "district": "12069",
        "topics": ["6.3.2"],
        "is_published": "on",
    }
    assert client.post(edit_url, posted).status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.version, offer.competence) == (
        "Schweißen nach ISO 9606",
        2,
        "WIG-Schweißen",
    )
    stale = client.post(edit_url, {**posted, "title": "Veraltet"})
    assert stale.status_code == 409 and "inzwischen geändert" in stale.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Schweißen nach ISO 9606"


def test_non_representatives_get_403(client, offer, member, other_cluster_manager, chamber):
    for user in (member, other_cluster_manager, chamber.user):
        client.force_login(user)
        assert client.get(f"/fachkraefte/angebote/{offer.pk}/bearbeiten/").status_code == 403
        assert client.post(f"/fachkraefte/angebote/{offer.pk}/loeschen/").status_code == 403
    client.force_login(member)
    assert client.get("/fachkraefte/angebote/neu/").status_code == 403
    assert TrainingOffer.objects.count() == 1


def test_anonymous_is_sent_to_login(client, offer):
    response = client.get("/fachkraefte/angebote/neu/")
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_manager_deletes(manager_client, offer):
    response = manager_client.post(f"/fachkraefte/angebote/{offer.pk}/loeschen/")
    assert response.status_code == 302 and not TrainingOffer.objects.exists()


# --- supply page -------------------------------------------------------------------------------


def upload(text: str):
    return SimpleUploadedFile("nachwuchs.csv", text.encode("utf-8"), content_type="text/csv")


def test_supply_page_preview_then_confirm(manager_client, cluster, occupations, osz):
    assert manager_client.get("/fachkraefte/nachwuchs/").status_code == 200
    text = HEADER + "2024;25102;12069;osz-werder;34;11\n"
    preview = manager_client.post(
        "/fachkraefte/nachwuchs/import/", {"year": "2024", "dry_run": "on", "file": upload(text)}
    )
    assert preview.status_code == 200
    assert "Die Datei ist fehlerfrei: 1 Zeilen" in preview.content.decode()
    assert not SupplyFigure.objects.exists()
    confirmed = manager_client.post("/fachkraefte/nachwuchs/import/", {"confirm": "1"})
    assert confirmed.status_code == 302 and confirmed.url == "/fachkraefte/nachwuchs/?jahr=2024"
    assert SupplyFigure.objects.get().trainees == 34
    page = manager_client.get(confirmed.url)
    assert "Auszubildende und Absolventen 2024" in page.content.decode()


def test_supply_import_shows_line_errors(manager_client, cluster, occupations, districts):
    text = HEADER + "2024;99999;12069;;-1;1\n"
    response = manager_client.post(
        "/fachkraefte/nachwuchs/import/", {"year": "2024", "file": upload(text)}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Zeile 2: „99999“ ist kein bekannter Schlüssel der KldB 2010." in body
    assert "Zeile 2: „Auszubildende“ darf nicht negativ sein (-1)." in body
    assert not SupplyFigure.objects.exists()


def test_supply_figure_by_hand(manager_client, cluster, occupations, districts):
    response = manager_client.post(
        "/fachkraefte/nachwuchs/eintragen/",
        {
            "zahl-year": "2024",
            "zahl-occupation": "24412",
            "zahl-district": "12052",
            "zahl-trainees": "5",
            "zahl-graduates": "2",
        },
    )
    assert response.status_code == 302
    assert SupplyFigure.objects.get().graduates == 2


@pytest.mark.parametrize("persona", ["member", "other_cluster_manager", "outsider"])
def test_supply_page_is_for_the_management(member_client_factory, persona, cluster):
    client = member_client_factory(persona)
    assert client.get("/fachkraefte/nachwuchs/").status_code == 403
    assert client.post("/fachkraefte/nachwuchs/import/", {}).status_code == 403


# --- API ---------------------------------------------------------------------------------------

API = "/api/v1/skills/training-offers"


def test_api_lists_and_reads_public_offers(client, offer, osz):
    rows = client.get(API, {"occupation": "25102"}).json()
    assert [row["id"] for row in rows] == [offer.pk]
    assert rows[0]["provider"]["url"] == osz.get_absolute_url()
    assert rows[0]["district"] == "12069" and rows[0]["version"] == 1
    assert client.get(f"{API}/{offer.pk}").json()["occupation"] == "25102"
    assert client.get(f"{API}/999999").status_code == 404


def post_json(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_api_writes(client, cluster, plan, occupations, osz):
    assert (
        post_json(
            client, API, {"provider": "osz-werder", "title": "x", "format": "study"}
        ).status_code
        == 401
    )
    client.force_login(osz.user)
    bad = post_json(client, API, {"provider": "osz-werder", "title": "Kurs", "format": "kurs"})
    assert bad.status_code == 422
    assert any("keine gültige Auswahl" in e["msg"] for e in bad.json()["errors"])
    created = post_json(
        client,
        API,
        {
            "provider": "osz-werder",
            "title": "Kurs",
            "format": "study",
            "occupation": "25102",
            "topics": ["6.3.2"],
        },
    )
    assert created.status_code == 201 and created.json()["topics"] == ["6.3.2"]
    offer_id = created.json()["id"]
    patched = post_json(client, f"{API}/{offer_id}", {"version": 1, "title": "Studium"}, "patch")
    assert patched.status_code == 200 and patched.json()["version"] == 2
    conflict = post_json(client, f"{API}/{offer_id}", {"version": 1, "title": "Alt"}, "patch")
    assert conflict.status_code == 409 and conflict.json()["current"]["title"] == "Studium"
    assert client.delete(f"{API}/{offer_id}").status_code == 204


def test_api_forbids_others(client, offer, chamber, other_cluster_manager):
    client.force_login(chamber.user)
    response = post_json(client, f"{API}/{offer.pk}", {"version": 1, "title": "X"}, "patch")
    assert response.status_code == 403 and "Bildungsträgers" in response.json()["detail"]
    assert client.delete(f"{API}/{offer.pk}").status_code == 403
    client.force_login(other_cluster_manager)
    response = post_json(client, API, {"provider": "osz-werder", "title": "X", "format": "study"})
    assert response.status_code == 403
    assert TrainingOffer.objects.count() == 1


def test_openapi_names_the_schemas(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {
        "SkillsOfferOut",
        "SkillsOfferIn",
        "SkillsOfferPatchIn",
        "SkillsOfferConflictOut",
    } <= set(schemas)
