"""Who takes part and how it is paid for: actors by kind and size, funding programmes and
levels, and the lead partners' districts of the newly initiated projects (a query each)."""

from decimal import Decimal

from django.db.models import Count, F, FilteredRelation, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from clusterwerk.actors.models import BUSINESS_KINDS, SCIENCE_KINDS, ActorKind, SizeClass
from clusterwerk.projects.models import FundingLevel, PartnerRole, Project, ProjectPartner
from clusterwerk.projects.monitoring.conditions import new_projects_in
from clusterwerk.projects.monitoring.report import COUNT, EURO, Indicator, Section, euros


def actor_sections(projects: QuerySet[Project], years: list[int]) -> list[Section]:
    """Distinct actors in new projects by kind, companies by size class: one query."""
    new_ids = new_projects_in(projects, years).values("pk")
    rows = (
        ProjectPartner.objects.filter(project__in=new_ids)
        .values("project__year_initiated", "actor__kind", "actor__size_class")
        .annotate(actors=Count("actor", distinct=True))
        .order_by()
    )
    by_kind: dict[str, dict[int, int]] = {}
    by_size: dict[str, dict[int, int]] = {}
    totals: dict[int, int] = {}
    for row in rows:
        year = row["project__year_initiated"]
        kind = row["actor__kind"]
        by_kind.setdefault(kind, {}).setdefault(year, 0)
        by_kind[kind][year] += row["actors"]
        totals[year] = totals.get(year, 0) + row["actors"]
        if kind in BUSINESS_KINDS:
            size = row["actor__size_class"] or ""
            by_size.setdefault(size, {}).setdefault(year, 0)
            by_size[size][year] += row["actors"]
    kind_rows = [Indicator("all", _("Akteure insgesamt"), [totals.get(y, 0) for y in years])]
    always = {*BUSINESS_KINDS, *SCIENCE_KINDS}
    for kind in ActorKind:
        if kind in by_kind or kind in always:
            counts = by_kind.get(kind, {})
            kind_rows.append(Indicator(kind.value, kind.label, [counts.get(y, 0) for y in years]))
    size_rows = [
        Indicator(size.value, size.label, [by_size.get(size.value, {}).get(y, 0) for y in years])
        for size in SizeClass
    ]
    size_rows.append(
        Indicator("unknown", _("ohne Angabe"), [by_size.get("", {}).get(y, 0) for y in years])
    )
    return [
        Section(
            "actors",
            _("Akteure in neu initiierten Projekten nach Art"),
            _("Jeder Akteur zählt je Jahr einmal, gleich in wie vielen Projekten er mitwirkt."),
            kind_rows,
        ),
        Section(
            "company_sizes",
            _("Unternehmen in neu initiierten Projekten nach Größenklasse"),
            _("Unternehmen und Handwerksbetriebe nach Beschäftigten."),
            size_rows,
        ),
    ]


def funding_sections(projects: QuerySet[Project], years: list[int]) -> list[Section]:
    """New projects by funding programme (and so by level): one query."""
    rows = (
        new_projects_in(projects, years)
        .values(
            "year_initiated",
            "funding_programme_id",
            "funding_programme__short_name",
            "funding_programme__level",
            "funding_programme__order",
        )
        .annotate(projects=Count("pk"), funding=Sum("funding_amount"))
        .order_by()
    )
    programmes: dict[object, dict] = {}
    levels: dict[str, dict[int, list]] = {}
    for row in rows:
        key = row["funding_programme_id"]
        entry = programmes.setdefault(
            key,
            {
                "label": row["funding_programme__short_name"] or _("ohne Förderprogramm"),
                "order": (
                    key is None,
                    row["funding_programme__order"] or 0,
                    row["funding_programme__short_name"] or "",
                ),
                "counts": {},
            },
        )
        year = row["year_initiated"]
        entry["counts"][year] = entry["counts"].get(year, 0) + row["projects"]
        level = row["funding_programme__level"] or "none"
        per_year = levels.setdefault(level, {}).setdefault(year, [0, Decimal(0)])
        per_year[0] += row["projects"]
        per_year[1] += row["funding"] or 0
    programme_rows = [
        Indicator(
            f"programme_{key}" if key is not None else "none",
            entry["label"],
            [entry["counts"].get(y, 0) for y in years],
        )
        for key, entry in sorted(programmes.items(), key=lambda item: item[1]["order"])
    ]
    level_labels = [(level.value, level.label) for level in FundingLevel]
    level_labels.append(("none", _("ohne Förderprogramm")))
    level_rows = [
        Indicator(key, label, [levels.get(key, {}).get(y, [0, 0])[0] for y in years], COUNT)
        for key, label in level_labels
    ] + [
        Indicator(
            f"{key}_funding",
            _("Fördervolumen %(level)s (€)") % {"level": label},
            [euros(levels.get(key, {}).get(y, [0, 0])[1]) for y in years],
            EURO,
        )
        for key, label in level_labels
        if key in levels
    ]
    return [
        Section(
            "funding_programmes",
            _("Finanzierungsquellen: Förderprogramme der neu initiierten Projekte"),
            _("Anzahl der neu initiierten Projekte je Förderprogramm."),
            programme_rows,
        ),
        Section(
            "funding_levels",
            _("Finanzierungsquellen nach Ebene"),
            _("Anzahl der neu initiierten Projekte und ihr Fördervolumen nach Förderebene."),
            level_rows,
        ),
    ]


def district_section(projects: QuerySet[Project], years: list[int]) -> Section:
    """New projects by the district of the lead partner: one query."""
    rows = (
        new_projects_in(projects, years)
        .alias(lead=FilteredRelation("partners", condition=Q(partners__role=PartnerRole.LEAD)))
        .values("year_initiated", lead_district=F("lead__actor__district__name"))
        .annotate(projects=Count("pk"))
        .order_by()
    )
    counts: dict[str | None, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["lead_district"], {})[row["year_initiated"]] = row["projects"]
    named = sorted(name for name in counts if name)
    indicators = [Indicator(name, name, [counts[name].get(y, 0) for y in years]) for name in named]
    indicators.append(
        Indicator("unknown", _("ohne Angabe"), [counts.get(None, {}).get(y, 0) for y in years])
    )
    return Section(
        "districts",
        _("Neu initiierte Projekte nach Landkreis"),
        _("Nach dem Sitz der Konsortialführung (Landkreis oder kreisfreie Stadt)."),
        indicators,
    )
