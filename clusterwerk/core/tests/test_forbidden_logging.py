"""403 answers are logged as one warning line (path, user id, reason), without a traceback;
500s keep theirs."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("clusterwerk.core.tests.log_urls")


def _request_records(caplog):
    return [record for record in caplog.records if record.name == "django.request"]


def test_permission_denied_is_one_line_with_path_and_user(client, member, caplog):
    client.force_login(member)
    with caplog.at_level(logging.INFO):
        response = client.get("/verboten/")

    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    message = record.getMessage()
    assert "/verboten/" in message
    assert f"user {member.pk}" in message
    assert "Nur für das Clustermanagement." in message
    assert "\n" not in message
    assert "Traceback" not in caplog.text


def test_anonymous_permission_denied_names_no_user(client, db, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/verboten/")

    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert "user anonymous" in record.getMessage()
    assert record.exc_info is None


def test_admin_refusal_for_non_staff_is_one_line(client, member, caplog):
    client.force_login(member)
    with caplog.at_level(logging.INFO):
        response = client.get("/admin/login/")

    assert response.status_code == 403
    [record] = _request_records(caplog)
    assert record.exc_info is None
    assert "/admin/login/" in record.getMessage() and f"user {member.pk}" in record.getMessage()


def test_api_refusal_is_one_line(client, member, caplog):
    """The API answers 403 JSON itself; the request log line still names path and user."""
    client.force_login(member)
    with caplog.at_level(logging.INFO):
        response = client.post("/api/projects", data="{}", content_type="application/json")

    assert response.status_code == 403, response.content
    [record] = _request_records(caplog)
    assert record.exc_info is None and f"user {member.pk}" in record.getMessage()


def test_server_error_keeps_its_traceback(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.get("/kaputt/")

    assert response.status_code == 500
    [record] = _request_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    assert "Traceback" in caplog.text
