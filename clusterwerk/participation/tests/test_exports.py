import csv
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.exporting import export_contributions
from clusterwerk.participation.models import PhaseKind
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import (
    amendment,
    comment,
    person,
    rating,
    support,
    topic,
)

pytestmark = pytest.mark.clock


@pytest.fixture
def consultation(cluster):
    published = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    consultation = make_consultation(cluster, published, phase=PhaseKind.RESULT)
    ta, kp = topic(published, "4.2.1"), published.key_points.get(number="6.3")
    anna = person("anna@example.org", name="Anna Amsel")
    bert = person("bert@example.org", name="Bert")
    first = comment(consultation, ta, anna, body="Leichtbau braucht Prüfstände.")
    comment(consultation, kp, bert, body='=HYPERLINK("x") Ausbildung', parent=None)
    comment(consultation, ta, bert, body="Antwort: ja, in Cottbus.", parent=first)
    comment(
        consultation, ta, bert, body="Kauft bei uns!", hidden_at=timezone.now(),
        hidden_reason="Werbung",
    )  # fmt: skip
    comment(consultation, ta, anna, body="", deleted_at=timezone.now())
    rating(consultation, ta, anna, 5, 3)
    proposal = amendment(consultation, ta, anna, text="Leichte Produkte aus Brandenburg.")
    support(proposal, bert)
    amendment(consultation, ta, bert, text="Versteckt.", hidden_at=timezone.now(),
              hidden_reason="doppelt")  # fmt: skip
    return consultation


def read_csv(content) -> list[dict]:
    if not isinstance(content, bytes):  # a streaming response
        assert content.streaming
        content = b"".join(content.streaming_content)
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(content: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_public_comment_export(consultation, reader):
    export = export_contributions(consultation, "comments", reader, moderator=False)
    rows = read_csv(export.content) if reader == "csv" else read_xlsx(export.content)
    assert [row["Kommentar"] for row in rows] == [
        "Leichtbau braucht Prüfstände.",
        '\'=HYPERLINK("x") Ausbildung' if reader == "csv" else '=HYPERLINK("x") Ausbildung',
        "Antwort: ja, in Cottbus.",
    ]
    assert [row["Nummer"] for row in rows] == ["4.2.1", "6.3", "4.2.1"]
    assert rows[0]["Element"] == "Produkte mit verbesserten Eigenschaften"
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert all(row["Datum"].startswith(today) for row in rows)
    assert rows[0]["Anzeigename"] == "Anna Amsel"
    assert str(rows[2]["Antwort auf Nr."]) == str(rows[0]["Nr."])
    assert "ausgeblendet" not in rows[0]
    assert export.filename.endswith(f"kommentare.{reader}")


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_moderator_export_marks_hidden_comments(consultation, reader):
    export = export_contributions(consultation, "comments", reader, moderator=True)
    rows = read_csv(export.content) if reader == "csv" else read_xlsx(export.content)
    assert len(rows) == 4  # the deleted one is never exported
    hidden = [row for row in rows if row["ausgeblendet"]]
    assert [row["Kommentar"] for row in hidden] == ["Kauft bei uns!"]
    assert hidden[0]["ausgeblendet"] == "ausgeblendet: Werbung"


def test_proposals_and_ratings_exports(consultation):
    public = read_csv(
        export_contributions(consultation, "proposals", "csv", moderator=False).content
    )
    assert len(public) == 1
    assert public[0]["vorgeschlagener Text"] == "Leichte Produkte aus Brandenburg."
    assert public[0]["Unterstützungen"] == "1"
    assert public[0]["Status"] == "eingereicht"
    assert public[0]["Textfeld"] == "Ziel"
    moderator = read_xlsx(
        export_contributions(consultation, "proposals", "xlsx", moderator=True).content
    )
    assert [row["ausgeblendet"] for row in moderator] == [None, "ausgeblendet: doppelt"] or [
        row["ausgeblendet"] for row in moderator
    ] == ["", "ausgeblendet: doppelt"]
    ratings = read_csv(
        export_contributions(consultation, "ratings", "csv", moderator=False).content
    )
    assert ratings[0]["Relevanz (1–5)"] == "5" and "Anzeigename" not in ratings[0]


def test_export_views(manager_client, consultation):
    client = Client()
    url = f"/beteiligung/{consultation.slug}/export/comments.csv"
    public = read_csv(client.get(url))
    assert len(public) == 3
    moderated = read_csv(manager_client.get(url))
    assert len(moderated) == 4
    response = client.get(f"/beteiligung/{consultation.slug}/export/comments.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/beteiligung/{consultation.slug}/export/other.csv").status_code == 404
    assert client.get(f"/beteiligung/{consultation.slug}/export/comments.pdf").status_code == 404


def test_public_export_only_in_the_result_phase(manager_client, cluster):
    client = Client()
    published = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    consultation = make_consultation(cluster, published, phase=PhaseKind.EVALUATION)
    url = f"/beteiligung/{consultation.slug}/export/comments.csv"
    assert client.get(url).status_code == 403
    assert manager_client.get(url).status_code == 200


def test_exports_stream_csv(consultation):
    response = Client().get(f"/beteiligung/{consultation.slug}/export/ratings.csv")
    assert response.streaming
    assert read_csv(response)[0]["Relevanz (1–5)"] == "5"


def test_a_large_xlsx_export_is_a_job(
    manager_client, consultation, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from clusterwerk.core import export_jobs
    from clusterwerk.core.models import Job, JobState

    monkeypatch.setattr(export_jobs, "XLSX_INLINE_ROWS", 2)
    url = f"/beteiligung/{consultation.slug}/export/comments.xlsx"

    anonymous = Client().get(url)
    assert anonymous.status_code == 403
    assert "Für mehr als 2 Zeilen melden Sie sich bitte an" in anonymous.content.decode()
    assert f"/beteiligung/{consultation.slug}/export/comments.csv" in anonymous.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.get(url)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.file_name == f"{consultation.slug}-kommentare-moderation.xlsx"
    download = manager_client.get(reverse("portal:job-file", args=[job.pk]))
    rows = read_xlsx(download.content)
    assert len(rows) == 4  # the moderator's export, with the hidden comment
