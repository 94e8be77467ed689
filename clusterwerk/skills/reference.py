"""The occupations the skills app ships: KldB 2010 (überarbeitete Fassung 2020) reference data in
data/kldb2010_occupations.csv – the Berufsgruppen and Berufsgattungen of metal production and
processing, mechanical and vehicle engineering, mechatronics/energy/electrical engineering and
technical R&D, drawing/design and production planning. Source, version and licence:
data/README.md and docs/data-sources.md.

`load_occupations()` upserts the file by code in one transaction and returns how many rows it
created or changed: a second run returns 0. Occupations are never deleted (survey answers,
indicators and supply figures point at them).
"""

import csv
from pathlib import Path

from django.db import transaction

from clusterwerk.skills.models import Chamber, Occupation, OccupationLevel

DATA_FILE = Path(__file__).resolve().parent / "data" / "kldb2010_occupations.csv"
SOURCE = (
    "© Statistik der Bundesagentur für Arbeit, Klassifikation der Berufe 2010 – "
    "überarbeitete Fassung 2020, Systematisches Verzeichnis"
)
FIELDS = ("title", "short_title", "level", "skill_level", "is_apprenticeship", "chamber", "source")
CHAMBERS = {"": Chamber.NONE, "ihk": Chamber.IHK, "hwk": Chamber.HWK, "both": Chamber.BOTH}


def occupation_rows(path: Path = DATA_FILE) -> list[dict]:
    """The shipped rows as model field values (lines starting with "#" are comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines):
        code = record["code"].strip()
        if not code.isdigit() or len(code) not in (3, 5):
            raise ValueError(f"{path.name}: invalid KldB 2010 code {code!r}")
        skill_level = record["skill_level"].strip()
        rows.append(
            {
                "code": code,
                "title": record["title"].strip(),
                "short_title": record["short_title"].strip(),
                "level": OccupationLevel.TYPE if len(code) == 5 else OccupationLevel.GROUP,
                "skill_level": int(skill_level) if skill_level else None,
                "is_apprenticeship": record["is_apprenticeship"].strip() == "ja",
                "chamber": CHAMBERS[record["chamber"].strip().lower()],
                "source": SOURCE,
            }
        )
    return rows


@transaction.atomic
def load_occupations() -> int:
    """Upsert the shipped occupations; returns the number created or changed (0 on a re-run)."""
    existing = {occupation.code: occupation for occupation in Occupation.objects.all()}
    created, changed = [], []
    for row in occupation_rows():
        occupation = existing.get(row["code"])
        if occupation is None:
            created.append(Occupation(**row))
            continue
        differs = [field for field in FIELDS if getattr(occupation, field) != row[field]]
        if differs:
            for field in differs:
                setattr(occupation, field, row[field])
            changed.append(occupation)
    Occupation.objects.bulk_create(created)
    if changed:
        Occupation.objects.bulk_update(changed, FIELDS)
    return len(created) + len(changed)
