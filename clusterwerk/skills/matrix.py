"""The Fachkräftematrix: occupations × districts for one survey year – the official verdict,
the cluster's reported demand (only over at least five companies, see anonymity.py), the
supply of trainees and graduates, a traffic light and the trend against the previous survey.

**Cells.** The occupations are the year's survey occupations (and those with supply figures);
the districts those with submitted answers or supply figures in that year. A cell's survey
figures are the sums over the submitted responses of the year's survey whose district is the
cell's; `companies` and the figures are None when fewer than `K_ANONYMITY` companies answered.

**Official verdict.** Per occupation the `OfficialAssessment` of the latest indicator import
of the cluster with a year not after the matrix year (latest year, then latest import).

**Supply.** trainees + graduates of the `SupplyFigure`s of the cluster, year, occupation and
district (all providers).

**Demand** of a published cell = openings in the next 36 months + retirements within five
years. "Clearly above supply" means demand ≥ supply + max(3, supply / 2): at least half as
much again as the supply and at least three people more.

**Traffic light** (`light_for`), the first that applies:
- red – the official verdict is "Engpassberuf", or the cell is published and its demand is
  clearly above its supply;
- amber – the official verdict is "Anzeichen für Engpass", or the cell is published and its
  demand exceeds its supply at all;
- green – there is data (an official verdict or a published cell) and none of the above;
- grey – no data: no official verdict and no published survey figures.
A suppressed cell's light uses the official verdict only (its survey figures never count).

**Trend** (published cells only): demand against the same cell in the previous survey year
of the cluster, "up" / "down" / "same"; None when either cell is not published.

**Gaps** (`matrix_gaps`): published or officially short cells whose occupation is short of
workers (official verdict shortage, or published openings in 36 months above supply) and
for which no published training offer of the occupation is in or next to the district
(within `NEAR_KM` of its centroid).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from clusterwerk.actors.models import District
from clusterwerk.skills.anonymity import Aggregate, Total, published_or_none, total_of
from clusterwerk.skills.models import (
    K_ANONYMITY,
    MatrixGapDecision,
    Occupation,
    OfficialAssessment,
    ResponseStatus,
    SupplyFigure,
    Survey,
    SurveyAnswer,
    TrainingOffer,
    Verdict,
)

LIGHTS = ("red", "amber", "green", "grey")
NEAR_KM = 40


def light_label(light: str) -> str:
    return {
        "red": _("rot: Engpass"),
        "amber": _("gelb: beobachten"),
        "green": _("grün: kein Engpass"),
        "grey": _("grau: keine Daten"),
    }[light]


def light_letter(light: str) -> str:
    """The symbol shown beside the colour, so the light never depends on colour alone."""
    return {"red": "!", "amber": "?", "green": "✓", "grey": "–"}[light]


def clearly_above(demand: int, supply: int) -> bool:
    return demand >= supply + max(3, supply / 2)


def light_for(verdict: str | None, demand: int | None, supply: int) -> str:
    """The traffic light (see the module's docstring); `demand` None = not published."""
    if verdict == Verdict.SHORTAGE or (demand is not None and clearly_above(demand, supply)):
        return "red"
    if verdict == Verdict.WATCH or (demand is not None and demand > supply):
        return "amber"
    if verdict or demand is not None:
        return "green"
    return "grey"


@dataclass
class Cell:
    occupation: Occupation
    district: District
    official_verdict: str | None
    companies: int | None
    employees: int | None
    openings_12: int | None
    openings_36: int | None
    retirements: int | None
    supply: int
    light: str
    trend: str | None = None
    previous_demand: int | None = None

    @property
    def published(self) -> bool:
        return self.companies is not None

    @property
    def demand(self) -> int | None:
        return None if not self.published else self.openings_36 + self.retirements

    @property
    def verdict_label(self) -> str:
        return Verdict(self.official_verdict).label if self.official_verdict else ""

    @property
    def light_text(self) -> str:
        return light_label(self.light)

    @property
    def light_symbol(self) -> str:
        return light_letter(self.light)

    @property
    def trend_text(self) -> str:
        return {
            "up": _("steigend"),
            "down": _("fallend"),
            "same": _("gleich"),
        }.get(self.trend or "", "")


@dataclass
class Matrix:
    year: int | None
    previous_year: int | None
    occupations: list[Occupation]
    districts: list[District]
    cells: list[Cell]
    totals_by_occupation: dict[int, Total] = field(default_factory=dict)
    totals_by_district: dict[int, Total] = field(default_factory=dict)
    total: Total = field(default_factory=Total)

    def cell(self, occupation, district) -> Cell | None:
        for cell in self.cells:
            if cell.occupation.pk == occupation.pk and cell.district.pk == district.pk:
                return cell
        return None

    def rows(self) -> list[tuple[Occupation, list[Cell], Total]]:
        """Per occupation its cells in the order of `districts`, and its total."""
        index = {(c.occupation.pk, c.district.pk): c for c in self.cells}
        return [
            (
                occupation,
                [index[(occupation.pk, district.pk)] for district in self.districts],
                self.totals_by_occupation[occupation.pk],
            )
            for occupation in self.occupations
        ]


def survey_years(cluster) -> list[int]:
    """The cluster's survey years, newest first."""
    return list(Survey.objects.filter(cluster=cluster).values_list("year", flat=True))


def default_year(cluster) -> int | None:
    years = survey_years(cluster)
    return years[0] if years else None


def official_verdicts(cluster, year: int) -> dict[int, str]:
    """Per occupation id the verdict of the latest assessment of the year or before."""
    verdicts: dict[int, str] = {}
    rows = (
        OfficialAssessment.objects.filter(batch__cluster=cluster, batch__year__lte=year)
        .order_by("batch__year", "batch__imported_at", "batch_id")
        .values_list("occupation_id", "verdict")
    )
    for occupation_id, verdict in rows:  # later rows overwrite earlier ones
        verdicts[occupation_id] = verdict
    return verdicts


def survey_aggregates(cluster, year: int) -> dict[tuple[int, int], Aggregate]:
    """Per (occupation id, district id) the raw aggregate of the year's submitted answers
    (published and suppressed; callers publish through `anonymity.published_or_none`)."""
    rows = (
        SurveyAnswer.objects.filter(
            response__survey__cluster=cluster,
            response__survey__year=year,
            response__status=ResponseStatus.SUBMITTED,
            response__district__isnull=False,
        )
        .values("occupation_id", "response__district_id")
        .annotate(
            companies=Count("response__actor_id", distinct=True),
            employees=Sum("employees"),
            openings_12=Sum("openings_12"),
            openings_36=Sum("openings_36"),
            retirements=Sum("retirements_5y"),
        )
    )
    return {
        (row["occupation_id"], row["response__district_id"]): Aggregate(
            companies=row["companies"],
            employees=row["employees"] or 0,
            openings_12=row["openings_12"] or 0,
            openings_36=row["openings_36"] or 0,
            retirements=row["retirements"] or 0,
        )
        for row in rows
    }


def supply_figures(cluster, year: int) -> dict[tuple[int, int], int]:
    rows = (
        SupplyFigure.objects.filter(cluster=cluster, year=year)
        .values("occupation_id", "district_id")
        .annotate(trainees=Sum("trainees"), graduates=Sum("graduates"))
    )
    return {
        (row["occupation_id"], row["district_id"]): (row["trainees"] or 0) + (row["graduates"] or 0)
        for row in rows
    }


def _published_demand(cluster, year: int | None) -> dict[tuple[int, int], int]:
    if year is None:
        return {}
    result = {}
    for key, aggregate in survey_aggregates(cluster, year).items():
        if published_or_none(aggregate):
            result[key] = aggregate.openings_36 + aggregate.retirements
    return result


def _trend(now: int | None, before: int | None) -> str | None:
    if now is None or before is None:
        return None
    return "up" if now > before else "down" if now < before else "same"


def build_matrix(cluster, year: int | None = None) -> Matrix:
    """The matrix of `cluster` for the survey year `year` (default: the latest)."""
    if year is None:
        year = default_year(cluster)
    survey = Survey.objects.filter(cluster=cluster, year=year).first() if year else None
    if survey is None:
        return Matrix(year=year, previous_year=None, occupations=[], districts=[], cells=[])
    previous_year = (
        Survey.objects.filter(cluster=cluster, year__lt=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    aggregates = survey_aggregates(cluster, year)
    supply = supply_figures(cluster, year)
    verdicts = official_verdicts(cluster, year)
    previous = _published_demand(cluster, previous_year)

    occupation_ids = set(survey.occupations.values_list("pk", flat=True))
    occupation_ids |= {key[0] for key in supply}
    district_ids = {key[1] for key in aggregates} | {key[1] for key in supply}
    occupations = list(Occupation.objects.filter(pk__in=occupation_ids).order_by("code"))
    districts = list(District.objects.filter(pk__in=district_ids).order_by("name", "ags"))

    cells = []
    for occupation in occupations:
        for district in districts:
            key = (occupation.pk, district.pk)
            shown = published_or_none(aggregates.get(key, Aggregate()))
            cell_supply = supply.get(key, 0)
            verdict = verdicts.get(occupation.pk)
            demand = shown.openings_36 + shown.retirements if shown else None
            cells.append(
                Cell(
                    occupation=occupation,
                    district=district,
                    official_verdict=verdict,
                    companies=shown.companies if shown else None,
                    employees=shown.employees if shown else None,
                    openings_12=shown.openings_12 if shown else None,
                    openings_36=shown.openings_36 if shown else None,
                    retirements=shown.retirements if shown else None,
                    supply=cell_supply,
                    light=light_for(verdict, demand, cell_supply),
                    trend=_trend(demand, previous.get(key)),
                    previous_demand=previous.get(key) if demand is not None else None,
                )
            )
    matrix = Matrix(
        year=year,
        previous_year=previous_year,
        occupations=occupations,
        districts=districts,
        cells=cells,
    )
    by_occupation = defaultdict(list)
    by_district = defaultdict(list)
    for cell in cells:
        by_occupation[cell.occupation.pk].append(cell)
        by_district[cell.district.pk].append(cell)
    matrix.totals_by_occupation = {o.pk: total_of(by_occupation[o.pk]) for o in occupations}
    matrix.totals_by_district = {d.pk: total_of(by_district[d.pk]) for d in districts}
    matrix.total = total_of(cells)
    return matrix


def occupation_demand(cluster, occupation, year: int | None = None) -> list[Cell]:
    """Part A's occupation page: the published cells of `occupation` in the year (default:
    the latest survey year), one per district."""
    matrix = build_matrix(cluster, year)
    return [c for c in matrix.cells if c.occupation.pk == occupation.pk and c.published]


# --- the district page's sentences ---------------------------------------------------------


def _people(number: int) -> str:
    return _("%(n)d Person") % {"n": number} if number == 1 else _("%(n)d Personen") % {"n": number}


def district_summary(cluster, district, year: int | None = None, *, matrix=None) -> list[str]:
    """German sentences answering "Welche Fachkräfte müssen in welchem Umfang ausgebildet
    werden?" for one district – from published cells, official verdicts and supply only."""
    matrix = matrix or build_matrix(cluster, year)
    if matrix.year is None:
        return [_("Für dieses Cluster gibt es noch keine Betriebsbefragung.")]
    cells = [c for c in matrix.cells if c.district.pk == district.pk]
    name = f"{district.name} {matrix.year}"
    if not cells:
        return [_("%(name)s: Aus diesem Kreis liegen keine Angaben vor.") % {"name": name}]
    published = [c for c in cells if c.published]
    sentences = []
    short = sorted(
        (c for c in published if c.demand > c.supply),
        key=lambda c: (-(c.demand - c.supply), c.occupation.code),
    )
    if short:
        first = short[0]
        sentences.append(
            _(
                "%(name)s: am knappsten %(occupation)s – %(demand)s werden in drei Jahren "
                "gebraucht (offene Stellen und Ruhestand), %(supply)s sind in Ausbildung oder "
                "Abschluss; mindestens %(gap)s zusätzlich auszubilden."
            )
            % {
                "name": name,
                "occupation": first.occupation.label,
                "demand": _people(first.demand),
                "supply": _people(first.supply),
                "gap": _people(first.demand - first.supply),
            }
        )
        for cell in short[1:]:
            sentences.append(
                _("Ebenfalls mehr Bedarf als Nachwuchs: %(occupation)s (%(gap)s mehr).")
                % {"occupation": cell.occupation.label, "gap": _people(cell.demand - cell.supply)}
            )
    elif published:
        sentences.append(
            _(
                "%(name)s: In keinem Beruf mit genügend Antworten übersteigt der gemeldete "
                "Bedarf den Nachwuchs."
            )
            % {"name": name}
        )
    official = sorted(
        c.occupation.label
        for c in cells
        if c.official_verdict == Verdict.SHORTAGE and c not in short
    )
    if official:
        sentences.append(
            _("Laut Engpassanalyse der Bundesagentur für Arbeit Engpassberufe: %(list)s.")
            % {"list": ", ".join(official)}
        )
    hidden = len(cells) - len(published)
    if hidden:
        sentences.append(
            _(
                "Für %(count)d Berufe antworteten hier weniger als %(k)d Betriebe; ihre Zahlen "
                "werden zum Schutz der Betriebe nicht gezeigt."
            )
            % {"count": hidden, "k": K_ANONYMITY}
            if hidden != 1
            else _(
                "Für einen Beruf antworteten hier weniger als %(k)d Betriebe; seine Zahlen "
                "werden zum Schutz der Betriebe nicht gezeigt."
            )
            % {"k": K_ANONYMITY}
        )
    if not published and not official:
        sentences.insert(
            0,
            _("%(name)s: Noch zu wenige Antworten für eine Aussage.") % {"name": name},
        )
    return sentences


# --- gaps -------------------------------------------------------------------------------


@dataclass
class Gap:
    cell: Cell
    reasons: list[str]
    decisions: list[MatrixGapDecision] = field(default_factory=list)

    @property
    def actions(self) -> set[str]:
        return {d.action for d in self.decisions}


def distance_km(a: District, b: District) -> float:
    """Great-circle distance of two district centroids."""
    lat1, lon1 = math.radians(a.centroid_latitude), math.radians(a.centroid_longitude)
    lat2, lon2 = math.radians(b.centroid_latitude), math.radians(b.centroid_longitude)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def offer_districts(cluster) -> dict[int, list[District]]:
    """Per occupation id the districts of its published training offers."""
    result = defaultdict(list)
    offers = TrainingOffer.objects.filter(
        cluster=cluster, is_published=True, occupation__isnull=False
    ).select_related("district")
    for offer in offers:
        result[offer.occupation_id].append(offer.district)
    return result


def has_offer_near(places: list[District], district: District) -> bool:
    return any(
        place.pk == district.pk or distance_km(place, district) <= NEAR_KM for place in places
    )


def matrix_gaps(cluster, year: int | None = None, *, matrix=None) -> list[Gap]:
    """Cells short of workers with no published training offer in or near the district."""
    matrix = matrix or build_matrix(cluster, year)
    offers = offer_districts(cluster)
    decisions = defaultdict(list)
    for decision in MatrixGapDecision.objects.filter(cluster=cluster, year=matrix.year):
        decisions[(decision.occupation_id, decision.district_id)].append(decision)
    gaps = []
    for cell in matrix.cells:
        reasons = []
        if cell.official_verdict == Verdict.SHORTAGE:
            reasons.append(_("Engpassberuf laut Engpassanalyse der Bundesagentur für Arbeit."))
        if cell.published and cell.openings_36 > cell.supply:
            reasons.append(
                _("%(openings)d offene Stellen in 36 Monaten, %(supply)d im Nachwuchs.")
                % {"openings": cell.openings_36, "supply": cell.supply}
            )
        if not reasons or has_offer_near(offers.get(cell.occupation.pk, []), cell.district):
            continue
        reasons.append(
            _("Kein veröffentlichtes Bildungsangebot im Kreis oder im Umkreis von %(km)d km.")
            % {"km": NEAR_KM}
        )
        gaps.append(
            Gap(
                cell=cell,
                reasons=reasons,
                decisions=decisions.get((cell.occupation.pk, cell.district.pk), []),
            )
        )
    return gaps
