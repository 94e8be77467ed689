"""The members-only space: only the body's members and the management (404 for everyone
else – an outsider, a member of the cluster without a seat, another cluster's manager),
PDF documents (a non-PDF gets a German message and stores nothing; meeting documents only
from the management; downloads as attachment with nosniff), the discussion with answers,
and the badge choice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from clusterwerk.governance import services
from clusterwerk.governance.models import Document, Post
from clusterwerk.governance.tests.factories import make_action_item, make_member, pdf_bytes

pytestmark = pytest.mark.django_db
SPACE = "/gremien/beirat/intern/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_nobody_but_members_and_the_management_enters_the_space(
    cluster, body, body_members, meeting, outsider, member, other_cluster_manager, cluster_manager
):
    document = services.upload_document(
        cluster_manager,
        cluster,
        body,
        title="Protokoll",
        name="p.pdf",
        content_type="application/pdf",
        data=pdf_bytes(),
    )
    services.post(user=body_members[1].user, cluster=cluster, body=body, text="Geheime Notiz")
    former = make_member(body, "ehemalig@beirat.example", term_end=body_members[0].term_start)
    for person in (outsider, member, other_cluster_manager, former.user):
        client = logged_in(person)
        for address in (
            SPACE,
            f"{SPACE}dokumente/{document.pk}/",
            f"/c/kunststoffe{SPACE}",
        ):
            response = client.get(address)
            assert response.status_code == 404, (person, address)
            assert b"Geheime Notiz" not in response.content
        assert client.post(f"{SPACE}beitraege/", {"beitrag-text": "Hallo"}).status_code == 404
        upload = SimpleUploadedFile("x.pdf", pdf_bytes(), content_type="application/pdf")
        assert client.post(f"{SPACE}dokumente/", {"dokument-file": upload}).status_code == 404
    assert Client().get(SPACE).status_code == 302  # to the login
    assert Post.objects.count() == 1 and Document.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.post(user=member, cluster=cluster, body=body, text="Hallo")
    with pytest.raises(PermissionDenied):
        services.upload_document(
            other_cluster_manager,
            cluster,
            body,
            title="",
            name="x.pdf",
            content_type="application/pdf",
            data=pdf_bytes(),
        )

    page = logged_in(cluster_manager).get(SPACE)
    assert page.status_code == 200
    text = page.content.decode()
    assert meeting.title in text and "Sitzung anlegen" in text and "Geheime Notiz" in text
    assert "Meine Funktion bei Beiträgen" not in text  # the management has no membership


def test_documents(cluster, body, body_members, meeting, cluster_manager):
    author, other = body_members[1], body_members[2]
    client = logged_in(author.user)
    upload = SimpleUploadedFile(
        "notizen.docx", b"PK\x03\x04 kein pdf", content_type="application/msword"
    )
    response = client.post(
        f"{SPACE}dokumente/", {"dokument-title": "Notizen", "dokument-file": upload}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bitte laden Sie nur PDF-Dateien hoch; „notizen.docx“ ist keine PDF-Datei." in text
    assert 'value="Notizen"' in text
    assert not Document.objects.exists()
    with pytest.raises(ValidationError):
        services.upload_document(
            author.user,
            cluster,
            body,
            title="",
            name="a.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.7 abgeschnitten",
        )
    assert not Document.objects.exists()

    upload = SimpleUploadedFile(
        "../Strategie 2025.pdf", pdf_bytes(), content_type="application/pdf"
    )
    response = client.post(f"{SPACE}dokumente/", {"dokument-title": "", "dokument-file": upload})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.filename, document.title, document.uploaded_by) == (
        "Strategie 2025.pdf",
        "Strategie 2025",
        author.user,
    )
    download = logged_in(other.user).get(f"{SPACE}dokumente/{document.pk}/")
    assert download.status_code == 200 and download.content == pdf_bytes()
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"

    with pytest.raises(PermissionDenied):  # members upload to the space, not to a meeting
        services.upload_document(
            author.user,
            cluster,
            body,
            title="TOP 1",
            name="top1.pdf",
            content_type="application/pdf",
            data=pdf_bytes(),
            meeting=meeting,
        )
    minutes = services.upload_document(
        cluster_manager,
        cluster,
        body,
        title="TOP 1",
        name="top1.pdf",
        content_type="application/pdf",
        data=pdf_bytes(),
        meeting=meeting,
    )
    assert logged_in(other.user).get(f"{SPACE}dokumente/{minutes.pk}/").status_code == 200
    assert "TOP 1" not in logged_in(other.user).get(SPACE).content.decode()  # meeting's only

    assert (
        logged_in(other.user).post(f"{SPACE}dokumente/{document.pk}/entfernen/").status_code == 403
    )
    assert client.post(f"{SPACE}dokumente/{document.pk}/entfernen/").status_code == 302
    assert list(Document.objects.all()) == [minutes]


def test_discussion_badge_and_action_items(cluster, body, body_members, meeting, cluster_manager):
    author, other = body_members[1], body_members[2]
    client = logged_in(author.user)
    response = client.post(f"{SPACE}beitraege/", {"beitrag-text": "  "})
    assert (
        response.status_code == 400
        and "Bitte schreiben Sie einen Beitrag." in response.content.decode()
    )
    assert (
        client.post(
            f"{SPACE}beitraege/", {"beitrag-text": "Vorschlag zur Tagesordnung"}
        ).status_code
        == 302
    )
    first = Post.objects.get()
    answer = services.post(
        user=other.user, cluster=cluster, body=body, text="Einverstanden", reply_to=first
    )
    nested = services.post(
        user=author.user, cluster=cluster, body=body, text="Danke", reply_to=answer
    )
    assert nested.reply_to == first  # answers join the thread
    text = client.get(SPACE).content.decode()
    assert (
        text.index("Vorschlag zur Tagesordnung") < text.index("Einverstanden") < text.index("Danke")
    )

    with pytest.raises(PermissionDenied):
        services.edit_post(user=other.user, cluster=cluster, post=first, text="Übernommen")
    assert logged_in(other.user).get(f"{SPACE}beitraege/{first.pk}/").status_code == 403
    assert logged_in(other.user).post(f"{SPACE}beitraege/{first.pk}/entfernen/").status_code == 403
    assert (
        client.post(
            f"{SPACE}beitraege/{first.pk}/", {"beitrag-text": "Vorschlag, geändert"}
        ).status_code
        == 302
    )
    first.refresh_from_db()
    assert first.text == "Vorschlag, geändert" and first.edited_at is not None
    assert (
        logged_in(cluster_manager).post(f"{SPACE}beitraege/{first.pk}/entfernen/").status_code
        == 302
    )
    assert not Post.objects.exists()  # with its answers

    make_action_item(meeting, author.user, title="Stellungnahme entwerfen")
    page = client.get(SPACE).content.decode()
    assert (
        "Stellungnahme entwerfen" in page
        and "Meine Funktion bei Beiträgen in Beteiligungen zeigen" in page
    )
    assert client.post(f"{SPACE}funktion/", {"show": "on"}).status_code == 302
    author.refresh_from_db()
    assert author.show_badge
    assert logged_in(cluster_manager).post(f"{SPACE}funktion/", {}).status_code == 404
    author.refresh_from_db()
    assert author.show_badge
    client.post(f"{SPACE}funktion/", {})
    author.refresh_from_db()
    assert not author.show_badge
