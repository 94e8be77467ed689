"""Small builders for the import/export tests: real Brandenburg districts, growth cores, WZ 2008
divisions of the cluster core, a published masterplan edition, actors with contact persons."""

import csv
import io

from openpyxl import Workbook

from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    ContactPerson,
    District,
    DistrictKind,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
    Visibility,
)
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition

DISTRICTS = [
    # ags, name, kind, latitude, longitude of the centre
    ("12069", "Potsdam-Mittelmark", DistrictKind.RURAL_DISTRICT, 52.25, 12.60),
    ("12067", "Oder-Spree", DistrictKind.RURAL_DISTRICT, 52.25, 14.20),
    ("12072", "Teltow-Fläming", DistrictKind.RURAL_DISTRICT, 52.05, 13.25),
    ("12054", "Potsdam", DistrictKind.URBAN_DISTRICT, 52.40, 13.05),
]
GROWTH_CORES = [
    # number, name, metall focus, [(municipality, 8-digit AGS, district AGS)]
    (4, "Frankfurt (Oder)/Eisenhüttenstadt", True, [("Eisenhüttenstadt", "12067120", "12067")]),
    (6, "Ludwigsfelde", False, [("Ludwigsfelde", "12072240", "12072")]),
    (10, "Potsdam", False, [("Potsdam", "12054000", "12054")]),
]
ACTIVITIES = [
    ("24", "Metallerzeugung und -bearbeitung"),
    ("25", "Herstellung von Metallerzeugnissen"),
    ("28", "Maschinenbau"),
    ("33", "Reparatur und Installation von Maschinen und Ausrüstungen"),
    ("71", "Architektur- und Ingenieurbüros; technische, physikalische und chemische Untersuchung"),
    ("72", "Forschung und Entwicklung"),
]


def load_transfer_reference(cluster: Cluster) -> None:
    """Districts, growth cores, WZ 2008 divisions and the published edition "2020" (whose
    topic areas are 4.2.1, 4.4.2 and 6.3.2)."""
    districts = {}
    for ags, name, kind, latitude, longitude in DISTRICTS:
        districts[ags] = District.objects.create(
            ags=ags,
            name=name,
            kind=kind,
            state="Brandenburg",
            centroid_latitude=latitude,
            centroid_longitude=longitude,
        )
    for number, name, focus, municipalities in GROWTH_CORES:
        core = GrowthCore.objects.create(number=number, name=name, metall_focus=focus)
        for municipality, ags, district_ags in municipalities:
            GrowthCoreMunicipality.objects.create(
                growth_core=core, name=municipality, ags=ags, district=districts[district_ags]
            )
    EconomicActivity.objects.bulk_create(
        EconomicActivity(
            scheme=ActivityScheme.WZ_2008,
            code=code,
            title=title,
            is_cluster_core=True,
        )
        for code, title in ACTIVITIES
    )
    make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


HEADER = [
    "externe_id",
    "name",
    "art",
    "plz",
    "ort",
    "kreis",
    "wz",
    "kompetenzen",
]


def sample_rows() -> list[list[str]]:
    return [
        HEADER,
        [
            "HR-1",
            "Laserteile Ludwigsfelde GmbH",
            "Unternehmen",
            "14974",
            "Ludwigsfelde",
            "12072",
            "25.62; 28",
            "Laserschneiden [Verfahren] (4.4.2) {Faserlaser, Blech}; Edelstahl [Werkstoff]",
        ],
        [
            "HR-2",
            "Schweißtechnik Oder-Spree GmbH",
            "craft_business",
            "15890",
            "Eisenhüttenstadt",
            "Oder-Spree",
            "25",
            "Schweißen (WIG, MIG) [Verfahren] (4.4.2)",
        ],
        [
            "HS-3",
            "Institut für Fügetechnik",
            "Forschungseinrichtung",
            "14469",
            "Potsdam",
            "12054",
            "72",
            "",
        ],
    ]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_actor(
    name: str, *, cluster: Cluster | None = None, status=ActorStatus.PUBLISHED, **fields
) -> Actor:
    slug = name.lower().replace(" ", "-")
    actor = Actor.objects.create(
        name=name, slug=slug, kind=fields.pop("kind", ActorKind.COMPANY), status=status, **fields
    )
    if cluster is not None:
        ClusterMembership.objects.create(actor=actor, cluster=cluster)
    return actor


def add_contacts(actor: Actor) -> dict[str, ContactPerson]:
    """One contact of each kind: public, members only, cluster management only, and public
    without consent."""
    specs = {
        "public": ("Paula Public", Visibility.PUBLIC, True),
        "members": ("Mira Member", Visibility.MEMBERS, True),
        "management": ("Max Management", Visibility.CLUSTER_MANAGEMENT, True),
        "no_consent": ("Nina Noconsent", Visibility.PUBLIC, False),
    }
    return {
        key: ContactPerson.objects.create(
            actor=actor,
            name=name,
            function="Vertrieb",
            email=f"{key}@example.test",
            phone="0331 123",
            visibility=visibility,
            consent=consent,
            order=index,
        )
        for index, (key, (name, visibility, consent)) in enumerate(specs.items())
    }
