"""The English catalogue: complete, compiled, and used once a visitor picks English.

German stays the default; English is only active after the language switcher
(POST /i18n/setlang/) has set the language cookie.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from clusterwerk.masterplan.reference import load_all_reference_data

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def catalogue():
    return polib.pofile(str(CATALOGUE))


@pytest.fixture
def reference(db):
    (report,) = load_all_reference_data()
    return report


@pytest.fixture
def english_client(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


# --- the catalogue ------------------------------------------------------------------------


def test_catalogue_is_complete(catalogue):
    assert catalogue.metadata["Language"] == "en"
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.obsolete_entries() == []
    assert catalogue.percent_translated() == 100


def pairs(entry):
    """(German, English) for an entry; both forms for a plural entry."""
    if entry.msgid_plural:
        return [
            (entry.msgid, entry.msgstr_plural[0]),
            (entry.msgid_plural, entry.msgstr_plural[1]),
        ]
    return [(entry.msgid, entry.msgstr)]


def markup(text):
    """Placeholders, HTML tags and the number of line breaks: what a translation must keep."""
    return sorted(PLACEHOLDER.findall(text)), sorted(TAG.findall(text)), text.count("\n")


def test_translations_keep_placeholders_html_and_newlines(catalogue):
    for entry in catalogue:
        for german, english in pairs(entry):
            assert markup(german) == markup(english), german


def test_compiled_catalogue_matches_the_po_file(catalogue):
    """The .mo is committed next to the .po; a forgotten compile_messages run shows up here."""
    assert COMPILED.exists(), "run: python -m clusterwerk.core.compile_messages locale"
    compiled = {pair for entry in polib.mofile(str(COMPILED)) for pair in pairs(entry)}
    assert {pair for entry in catalogue for pair in pairs(entry)} <= compiled


# --- pages in English ---------------------------------------------------------------------


def test_german_stays_the_default(client, reference):
    content = client.get("/").content.decode()
    assert '<html lang="de">' in content
    assert "Das Cluster in Zahlen" in content
    assert "The cluster in numbers" not in content


def test_landing_page_in_english(english_client, reference):
    response = english_client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content
    assert "The cluster in numbers" in content
    assert "The masterplan at a glance" in content
    assert "Search the masterplan" in content
    assert "Skip to content" in content
    assert "Das Cluster in Zahlen" not in content


def test_masterplan_pages_in_english(english_client, reference):
    edition = reference.edition
    response = english_client.get(edition.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Action fields, key points and topic areas" in content
    assert "Success factors" in content

    topic_area = edition.topic_areas.order_by("order").first()
    content = english_client.get(topic_area.get_absolute_url()).content.decode()
    assert "Topic area in the key point" in content
    assert "Cross-references" in content
    assert ">Goal<" in content and ">Relevance<" in content and ">Potential<" in content

    editions = english_client.get(reverse("masterplan:editions"))
    assert "Editions of the masterplan" in editions.content.decode()


def test_account_and_error_pages_in_english(english_client, db):
    login = english_client.get(reverse("account_login")).content.decode()
    assert "Log in with your email address and password." in login

    missing = english_client.get("/gibt-es-nicht/")
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()

    api = english_client.get("/api/gibt-es-nicht/")
    assert api.json() == {"detail": "This address does not exist in the API."}


def test_switching_back_to_german(english_client, reference):
    english_client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Das Cluster in Zahlen" in english_client.get("/").content.decode()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt not installed")
def test_gettext_reads_the_catalogue():
    """`make messages` merges with GNU gettext: the catalogue must stay valid for it (a
    previous-msgid comment without its msgid, for one, is a syntax error there)."""
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
