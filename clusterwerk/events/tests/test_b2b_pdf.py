"""The B2B PDFs open and carry the names; markup in names prints as written."""

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest

from clusterwerk.events.b2b_pdf import agendas_pdf, table_plan_pdf
from clusterwerk.events.b2b_schedule import solve_schedule
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant, wish

pytestmark = pytest.mark.django_db


PDFTOTEXT = Path("/usr/bin/pdftotext")


def text_of(pdf: bytes) -> str:
    if not PDFTOTEXT.exists():
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        [str(PDFTOTEXT), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()


@pytest.fixture
def planned(cluster):
    event = make_b2b_day(cluster, slots=3)
    a = make_participant(event, name="Laser #Werk [GmbH]")
    b = make_participant(event, name="Fügetechnik $Institut")
    c = make_participant(event, name="Drehteile")
    wish(a, b, reason="Schweißnähte prüfen")
    wish(c, a, reason="Zulieferung")
    solve_schedule(event=event)
    return event, (a, b, c)


def test_agendas_one_page_each(planned):
    event, _people = planned
    pdf = agendas_pdf(event)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 3
        assert str(document.open_metadata().get("dc:title")) == "Persönliche Gesprächspläne"
    text = text_of(pdf)
    assert "Laser #Werk [GmbH]" in text
    assert "Fügetechnik $Institut" in text
    assert "Schweißnähte prüfen" in text


def test_table_plan(planned):
    event, _people = planned
    pdf = table_plan_pdf(event)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) >= 1
    text = text_of(pdf)
    assert "Tischplan" in text
    assert "Drehteile" in text
