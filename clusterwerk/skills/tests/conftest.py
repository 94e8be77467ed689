"""A small world for skills tests: the actor tests' districts and published plan (Potsdam-
Mittelmark 12069, Potsdam 12054, Cottbus 12052, Berlin 11000), three occupations, seven
member companies in Potsdam-Mittelmark and two in Cottbus, and the Handwerkskammer Potsdam.

- `occupations` – 25102 Maschinenbau- und Betriebstechnik – Fachkraft (Industriemechaniker/innen),
  24412 Metallbau – Fachkraft, 24422 Schweiß- und Verbindungstechnik – Fachkraft.
- `companies` – "Betrieb 1" … "Betrieb 7" (12069) and "Betrieb 8", "Betrieb 9" (12052), each
  with a representative (`company.user`).
- `chamber` – "Handwerkskammer Potsdam" (12054) with a representative (`chamber.user`).
"""

import pytest

from clusterwerk.actors.tests.conftest import districts, plan  # noqa: F401
from clusterwerk.skills.models import Chamber
from clusterwerk.skills.tests.factories import make_chamber, make_company, make_occupation


@pytest.fixture
def occupations(db):
    return [
        make_occupation(
            "25102",
            "Berufe in der Maschinenbau- und Betriebstechnik (ohne Spezialisierung) – "
            "fachlich ausgerichtete Tätigkeiten",
            short_title="Industriemechaniker/innen",
        ),
        make_occupation(
            "24412",
            "Berufe im Metallbau – fachlich ausgerichtete Tätigkeiten",
            short_title="Metallbauer/innen",
            chamber=Chamber.BOTH,
        ),
        make_occupation(
            "24422",
            "Berufe in der Schweiß- und Verbindungstechnik – fachlich ausgerichtete Tätigkeiten",
            short_title="Schweißer/innen",
        ),
    ]


@pytest.fixture
def companies(cluster, districts):  # noqa: F811
    rows = []
    for number in range(1, 10):
        district = districts["12069"] if number <= 7 else districts["12052"]
        rows.append(make_company(cluster, f"Betrieb {number}", district, with_user=True))
    return rows


@pytest.fixture
def chamber(cluster, districts):  # noqa: F811
    return make_chamber(cluster, "Handwerkskammer Potsdam", districts["12054"])
