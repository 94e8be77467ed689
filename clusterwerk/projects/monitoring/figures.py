"""The sections computed from one aggregate query over the projects: overview, volumes,
consortium structure and cross-cluster shares."""

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.models import BUSINESS_KINDS, SCIENCE_KINDS
from clusterwerk.projects.models import Project
from clusterwerk.projects.monitoring.conditions import (
    carried_out_condition,
    in_window,
    new_condition,
    with_completion,
)
from clusterwerk.projects.monitoring.report import EURO, PERCENT, Indicator, Section, euros, percent

CONSORTIUM_KINDS = (
    ("single_company", gettext_lazy("Einzelprojekt eines Unternehmens")),
    ("companies_only", gettext_lazy("nur Unternehmen")),
    ("companies_with_science", gettext_lazy("Unternehmen mit Wissenschaft")),
    ("science_only", gettext_lazy("nur Wissenschaft")),
    ("other", gettext_lazy("sonstige Zusammensetzung")),
)


def _consortium_conditions() -> dict[str, Q]:
    has_company = Q(business_partners__gt=0)
    has_science = Q(science_partners__gt=0)
    return {
        "single_company": Q(all_partners=1, business_partners=1),
        "companies_only": has_company & Q(science_partners=0, all_partners__gt=1),
        "companies_with_science": has_company & has_science,
        "science_only": Q(business_partners=0) & has_science,
        "other": Q(business_partners=0, science_partners=0),
    }


def project_figures(projects: QuerySet[Project], years: list[int]) -> dict:
    """One aggregate query for every per-project count and sum of the three years."""
    # Inner query: one row per project (GROUP BY), with the date of its completion and the
    # numbers of its partners; the outer query counts and sums these rows per year.
    annotated = with_completion(projects.filter(in_window(years))).annotate(
        completed_on=Max("completion__changed_on"),
        all_partners=Count("partners", distinct=True),
        business_partners=Count(
            "partners", distinct=True, filter=Q(partners__actor__kind__in=BUSINESS_KINDS)
        ),
        science_partners=Count(
            "partners", distinct=True, filter=Q(partners__actor__kind__in=SCIENCE_KINDS)
        ),
    )
    consortium = _consortium_conditions()
    aggregates = {}
    for year in years:
        new = new_condition(year)
        carried = carried_out_condition(year)
        both_amounts = Q(total_volume__isnull=False, regional_volume__isnull=False)
        aggregates |= {
            f"carried_out_{year}": Count("pk", filter=carried),
            f"carried_out_rdi_{year}": Count("pk", filter=carried & Q(is_rdi=True)),
            f"carried_out_joint_{year}": Count("pk", filter=carried & Q(is_joint=True)),
            f"carried_out_with_science_{year}": Count("pk", filter=carried & Q(with_science=True)),
            f"carried_out_cross_cluster_{year}": Count(
                "pk", filter=carried & Q(is_cross_cluster=True)
            ),
            f"new_{year}": Count("pk", filter=new),
            f"new_rdi_{year}": Count("pk", filter=new & Q(is_rdi=True)),
            f"new_joint_{year}": Count("pk", filter=new & Q(is_joint=True)),
            f"new_with_science_{year}": Count("pk", filter=new & Q(with_science=True)),
            f"new_cross_cluster_{year}": Count("pk", filter=new & Q(is_cross_cluster=True)),
            f"total_volume_{year}": Sum("total_volume", filter=new),
            f"funding_amount_{year}": Sum("funding_amount", filter=new),
            f"regional_volume_{year}": Sum("regional_volume", filter=new & both_amounts),
            f"regional_base_{year}": Sum("total_volume", filter=new & both_amounts),
        }
        for key, condition in consortium.items():
            aggregates[f"consortium_{key}_{year}"] = Count("pk", filter=new & condition)
    return annotated.aggregate(**aggregates)


def series(figures: dict, key: str, years: list[int]) -> list:
    return [figures[f"{key}_{year}"] for year in years]


def overview_section(figures: dict, years: list[int]) -> Section:
    rows = [
        ("carried_out", _("Durchgeführte Projekte")),
        ("carried_out_rdi", _("davon FuEuI-Projekte")),
        ("carried_out_joint", _("davon Verbundprojekte")),
        ("carried_out_with_science", _("davon mit Wissenschaft")),
        ("new", _("Neu initiierte Projekte")),
        ("new_rdi", _("davon FuEuI-Projekte")),
        ("new_joint", _("davon Verbundprojekte")),
        ("new_with_science", _("davon mit Wissenschaft")),
    ]
    return Section(
        "overview",
        _("Projekte im Überblick"),
        _(
            "Durchgeführt: Projekte in einer aktiven Phase, deren Zeitraum das Jahr berührt. "
            "Neu initiiert: Projekte mit diesem Jahr der Initiierung."
        ),
        [Indicator(key, label, series(figures, key, years)) for key, label in rows],
    )


def volume_section(figures: dict, years: list[int]) -> Section:
    regional_share = [
        percent(figures[f"regional_volume_{year}"], figures[f"regional_base_{year}"])
        for year in years
    ]
    return Section(
        "volume",
        _("Projekt- und Fördervolumen der neu initiierten Projekte"),
        _(
            "Summen in Euro. Der Anteil in Berlin-Brandenburg bezieht sich auf die Projekte, "
            "für die beide Beträge erfasst sind."
        ),
        [
            Indicator(
                "total_volume",
                _("Projektvolumen (€)"),
                [euros(v) for v in series(figures, "total_volume", years)],
                EURO,
            ),
            Indicator(
                "funding_amount",
                _("Fördervolumen (€)"),
                [euros(v) for v in series(figures, "funding_amount", years)],
                EURO,
            ),
            Indicator(
                "regional_volume",
                _("davon in Berlin-Brandenburg (€)"),
                [euros(v) for v in series(figures, "regional_volume", years)],
                EURO,
            ),
            Indicator(
                "regional_share", _("Anteil in Berlin-Brandenburg (%)"), regional_share, PERCENT
            ),
        ],
    )


def consortium_section(figures: dict, years: list[int]) -> Section:
    return Section(
        "consortium",
        _("Konsortialstruktur der neu initiierten Projekte"),
        _(
            "Unternehmen: Unternehmen und Handwerksbetriebe; Wissenschaft: Hochschulen und "
            "Forschungseinrichtungen."
        ),
        [
            Indicator(key, label, series(figures, f"consortium_{key}", years))
            for key, label in CONSORTIUM_KINDS
        ],
    )


def cross_cluster_section(figures: dict, years: list[int]) -> Section:
    return Section(
        "cross_cluster",
        _("Cross-Cluster-Projekte"),
        _("Projekte mit Partnern oder Themen aus anderen Clustern."),
        [
            Indicator(
                "new_share",
                _("Anteil an den neu initiierten Projekten (%)"),
                [percent(figures[f"new_cross_cluster_{y}"], figures[f"new_{y}"]) for y in years],
                PERCENT,
            ),
            Indicator(
                "carried_out_share",
                _("Anteil an den durchgeführten Projekten (%)"),
                [
                    percent(figures[f"carried_out_cross_cluster_{y}"], figures[f"carried_out_{y}"])
                    for y in years
                ],
                PERCENT,
            ),
            Indicator(
                "new",
                _("neu initiierte Cross-Cluster-Projekte"),
                series(figures, "new_cross_cluster", years),
            ),
            Indicator(
                "carried_out",
                _("durchgeführte Cross-Cluster-Projekte"),
                series(figures, "carried_out_cross_cluster", years),
            ),
        ],
    )
