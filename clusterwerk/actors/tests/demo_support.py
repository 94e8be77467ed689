"""Test helper: the few reference rows the demo generator needs (districts, growth cores with
their municipalities, WZ 2008 codes), until `clusterwerk.actors.reference` ships
`load_actor_reference_data()`.

AGS codes, names, NUTS-3 codes and populations are those of `../shared/reference/districts.csv`
and `growth_cores.csv`; the district centres are rounded approximations, good enough for tests.
Rows are created with get_or_create on their natural keys, so the helper also runs on top of the
real reference data.
"""

import datetime

from clusterwerk.actors.demo_vocabulary import WZ_2008_CLASSES, WZ_2008_DIVISIONS
from clusterwerk.actors.models import (
    ActivityScheme,
    District,
    DistrictKind,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
)

URBAN = DistrictKind.URBAN_DISTRICT
RURAL = DistrictKind.RURAL_DISTRICT

# ags, name, kind, nuts3, population 31.12.2018, centre latitude, centre longitude
DISTRICTS = (
    ("12051", "Brandenburg an der Havel", URBAN, "DE401", 72124, 52.41, 12.53),
    ("12052", "Cottbus", URBAN, "DE402", 100219, 51.76, 14.33),
    ("12053", "Frankfurt (Oder)", URBAN, "DE403", 57873, 52.34, 14.53),
    ("12054", "Potsdam", URBAN, "DE404", 178089, 52.40, 13.05),
    ("12060", "Barnim", RURAL, "DE405", 182760, 52.83, 13.80),
    ("12061", "Dahme-Spreewald", RURAL, "DE406", 169067, 52.08, 13.75),
    ("12062", "Elbe-Elster", RURAL, "DE407", 102638, 51.60, 13.45),
    ("12063", "Havelland", RURAL, "DE408", 161909, 52.60, 12.70),
    ("12064", "Märkisch-Oderland", RURAL, "DE409", 194328, 52.60, 14.15),
    ("12065", "Oberhavel", RURAL, "DE40A", 211249, 52.90, 13.25),
    ("12066", "Oberspreewald-Lausitz", RURAL, "DE40B", 110476, 51.58, 13.90),
    ("12067", "Oder-Spree", RURAL, "DE40C", 178658, 52.25, 14.10),
    ("12068", "Ostprignitz-Ruppin", RURAL, "DE40D", 99078, 53.00, 12.55),
    ("12069", "Potsdam-Mittelmark", RURAL, "DE40E", 214664, 52.25, 12.75),
    ("12070", "Prignitz", RURAL, "DE40F", 76508, 53.15, 12.00),
    ("12071", "Spree-Neiße", RURAL, "DE40G", 114429, 51.75, 14.45),
    ("12072", "Teltow-Fläming", RURAL, "DE40H", 168296, 52.05, 13.20),
    ("12073", "Uckermark", RURAL, "DE40I", 119552, 53.20, 13.85),
)

# number, growth core, metall focus (masterplan 2020), [(municipality, AGS-8, district AGS-5)]
GROWTH_CORES = (
    (1, "Brandenburg an der Havel", True, [("Brandenburg an der Havel", "12051000", "12051")]),
    (2, "Cottbus", True, [("Cottbus", "12052000", "12052")]),
    (3, "Eberswalde", True, [("Eberswalde", "12060052", "12060")]),
    (
        4,
        "Frankfurt (Oder)/Eisenhüttenstadt",
        True,
        [("Frankfurt (Oder)", "12053000", "12053"), ("Eisenhüttenstadt", "12067120", "12067")],
    ),
    (5, "Fürstenwalde/Spree", True, [("Fürstenwalde/Spree", "12067144", "12067")]),
    (6, "Ludwigsfelde", False, [("Ludwigsfelde", "12072240", "12072")]),
    (7, "Luckenwalde", True, [("Luckenwalde", "12072232", "12072")]),
    (8, "Neuruppin", True, [("Neuruppin", "12068320", "12068")]),
    (
        9,
        "Oranienburg-Hennigsdorf-Velten (O-H-V)",
        True,
        [
            ("Oranienburg", "12065256", "12065"),
            ("Hennigsdorf", "12065136", "12065"),
            ("Velten", "12065332", "12065"),
        ],
    ),
    (10, "Potsdam", False, [("Potsdam", "12054000", "12054")]),
    (
        11,
        "Prignitz",
        False,
        [
            ("Perleberg", "12070296", "12070"),
            ("Wittenberge", "12070424", "12070"),
            ("Karstädt", "12070173", "12070"),
        ],
    ),
    (
        12,
        "Schönefelder Kreuz",
        True,
        [
            ("Königs Wusterhausen", "12061260", "12061"),
            ("Wildau", "12061540", "12061"),
            ("Schönefeld", "12061433", "12061"),
        ],
    ),
    (13, "Schwedt/Oder", True, [("Schwedt/Oder", "12073532", "12073")]),
    (14, "Spremberg", True, [("Spremberg", "12071372", "12071")]),
    (
        15,
        "Westlausitz",
        True,
        [
            ("Finsterwalde", "12062140", "12062"),
            ("Großräschen", "12066112", "12066"),
            ("Lauchhammer", "12066176", "12066"),
            ("Schwarzheide", "12066296", "12066"),
            ("Senftenberg", "12066304", "12066"),
        ],
    ),
)

CLUSTER_CORE_DIVISIONS = {"24", "25", "28", "33", "71", "72"}


def create_actor_reference_rows() -> dict[str, District]:
    """Districts, growth cores and WZ 2008 codes for the demo generator; returns the districts
    by AGS."""
    districts = {}
    for ags, name, kind, nuts3, population, latitude, longitude in DISTRICTS:
        districts[ags], _ = District.objects.get_or_create(
            ags=ags,
            defaults={
                "name": name,
                "kind": kind,
                "nuts3": nuts3,
                "state": "Brandenburg",
                "population": population,
                "population_date": datetime.date(2018, 12, 31),
                "centroid_latitude": latitude,
                "centroid_longitude": longitude,
            },
        )
    for number, name, metall_focus, municipalities in GROWTH_CORES:
        growth_core, _ = GrowthCore.objects.get_or_create(
            number=number, defaults={"name": name, "metall_focus": metall_focus}
        )
        for municipality, ags, district_ags in municipalities:
            GrowthCoreMunicipality.objects.get_or_create(
                ags=ags,
                defaults={
                    "growth_core": growth_core,
                    "name": municipality,
                    "district": districts[district_ags],
                },
            )
    for code, title in (*WZ_2008_DIVISIONS.items(), *WZ_2008_CLASSES.items()):
        EconomicActivity.objects.get_or_create(
            scheme=ActivityScheme.WZ_2008,
            code=code,
            defaults={"title": title, "is_cluster_core": code[:2] in CLUSTER_CORE_DIVISIONS},
        )
    return districts
