"""The import page of the cluster management (actors:import) and the template file."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.importing import COLUMNS, import_actors
from clusterwerk.actors.models import Actor
from clusterwerk.actors.tests.transfer_support import (
    csv_bytes,
    load_transfer_reference,
    sample_rows,
    xlsx_bytes,
)
from clusterwerk.actors.views.transfer import import_template

URL = reverse("actors:import")


@pytest.fixture
def reference(cluster):
    load_transfer_reference(cluster)
    return cluster


def upload(data: bytes, name: str = "akteure.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_anonymous_is_sent_to_login(client, reference):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["member", "outsider", "board_member"])
def test_others_get_403_and_nothing_is_written(member_client_factory, reference, persona):
    client = member_client_factory(persona)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"file": upload(csv_bytes(sample_rows()))})
    assert response.status_code == 403
    assert Actor.objects.count() == 0


def test_manager_sees_the_form_and_the_schema(manager_client, reference):
    response = manager_client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "Nur prüfen, nichts speichern" in content
    assert "Aufbau der Datei" in content
    for column in COLUMNS:
        assert f"<code>{column}</code>" in content
    assert "Ansprechpersonen werden nicht importiert" in content


def test_upload_with_errors_shows_them_and_writes_nothing(manager_client, reference):
    rows = sample_rows()
    rows[1][3] = "14A74"
    rows[3][5] = "Atlantis"

    response = manager_client.post(URL, {"file": upload(csv_bytes(rows))})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Die Datei enthält 2 Fehler. Es wurde nichts gespeichert." in content
    assert "Zeile 2, Spalte „plz“: Die Postleitzahl hat fünf Ziffern." in content
    assert "Zeile 4, Spalte „kreis“: Unbekannter Landkreis „Atlantis“" in content
    assert Actor.objects.count() == 0


def test_successful_upload_shows_the_summary(manager_client, reference, cluster_manager):
    response = manager_client.post(URL, {"file": upload(csv_bytes(sample_rows()))})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Import abgeschlossen" in content
    assert "3 Zeilen importiert: 3 Akteure angelegt, 0 aktualisiert." in content
    assert Actor.objects.count() == 3
    assert Actor.objects.get(external_id="HR-1").history.get().user == cluster_manager


def test_xlsx_upload(manager_client, reference):
    response = manager_client.post(URL, {"file": upload(xlsx_bytes(sample_rows()), "akteure.xlsx")})
    assert response.status_code == 200
    assert Actor.objects.count() == 3


def test_check_only_writes_nothing(manager_client, reference):
    response = manager_client.post(URL, {"file": upload(csv_bytes(sample_rows())), "dry_run": "on"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Prüfung ohne Fehler – nichts gespeichert" in content
    assert "Beim Import würden 3 Akteure angelegt und 0 aktualisiert." in content
    assert Actor.objects.count() == 0


def test_without_a_file_the_form_complains(manager_client, reference):
    response = manager_client.post(URL, {})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_junk_file_gets_a_clear_message(manager_client, reference):
    response = manager_client.post(URL, {"file": upload(b"\x89PNG\r\n\x1a\n\x00\x00", "bild.png")})
    assert response.status_code == 400
    assert "weder eine CSV-Datei (Text) noch eine XLSX-Datei" in response.content.decode()


def test_template_file_is_importable(reference, cluster_manager, member):
    request = RequestFactory().get("/akteure/import/vorlage.csv")
    request.user = cluster_manager
    request.cluster = reference
    response = import_template(request)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = response.content
    assert data.decode("utf-8").startswith("\ufeff" + ";".join(COLUMNS))
    result = import_actors(
        source=data, filename="vorlage.csv", user=cluster_manager, cluster=reference
    )
    assert result.created == 1
    example = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))[1]
    assert example[COLUMNS.index("cluster")] == reference.slug
    request.user = member
    with pytest.raises(PermissionDenied):
        import_template(request)


def test_superuser_imports_into_the_cluster_of_the_page(client, reference, other_cluster):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(email="admin@clusterwerk.test")
    client.force_login(admin)
    url = f"/c/kunststoffe{URL}"
    page = client.get(url).content.decode()
    assert "Der Import geht in das Cluster <strong>Cluster Kunststoffe und Chemie</strong>." in page
    assert 'name="cluster"' not in page  # no choice: the import goes into the page's cluster

    response = client.post(url, {"file": upload(csv_bytes(sample_rows()))})
    # topic area numbers are those of the row's cluster, and "kunststoffe" has no plan here
    assert response.status_code == 400
    assert "Unbekannte Themenbereiche: 4.4.2" in response.content.decode()

    rows = [row[:7] for row in sample_rows()]  # without the competences
    response = client.post(url, {"file": upload(csv_bytes(rows)), "cluster": "metall"})

    assert response.status_code == 200
    assert set(Actor.objects.values_list("memberships__cluster__slug", flat=True)) == {
        "kunststoffe"
    }


def test_manager_of_another_cluster_gets_403_and_changes_nothing(
    client, reference, other_cluster, other_cluster_manager
):
    import_actors(
        source=csv_bytes(sample_rows()), filename="a.csv", user=system_user(), cluster=reference
    )
    before = list(Actor.objects.order_by("pk").values_list("pk", "name", "version"))
    client.force_login(other_cluster_manager)
    rows = sample_rows()
    rows[1][1] = "Übernommen GmbH"

    assert client.get(URL).status_code == 403
    assert client.get(reverse("actors:import-template")).status_code == 403
    response = client.post(URL, {"file": upload(csv_bytes(rows))})

    assert response.status_code == 403
    assert list(Actor.objects.order_by("pk").values_list("pk", "name", "version")) == before
    # on the page of their own cluster, the actors of the other stay out of reach
    response = client.post(f"/c/kunststoffe{URL}", {"file": upload(csv_bytes(rows))})
    assert response.status_code == 400
    assert "Sie dürfen ihn nicht ändern" in response.content.decode()
    assert list(Actor.objects.order_by("pk").values_list("pk", "name", "version")) == before
