"""The full Ergebnis- und Wirkungsmonitoring: the projects' report
(`clusterwerk.projects.monitoring`) with the sections other apps contribute, today the
Kooperationsbörse (`clusterwerk.matchmaking.queries`). Pages, downloads, the API and the
`monitoring_report` command all build it here."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core.models import Cluster
from clusterwerk.matchmaking.queries import brokerage_pipeline
from clusterwerk.projects.monitoring import Indicator, MonitoringReport, Section, build_report


def brokerage_section(cluster: Cluster, years: list[int]) -> Section:
    """Listings, interests and accepted contacts of the Kooperationsbörse per year: the figures
    of `brokerage_totals`, for all years from one call of `brokerage_pipeline` (four queries),
    with the outcomes of the contacts ("Kooperation vereinbart", "Projektidee", "kein Bedarf",
    each contact once, in the year of the outcome last recorded). Counts only, no names:
    every reader of the report sees the same."""
    months = brokerage_pipeline(
        [cluster.pk], datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    )
    rows = [
        ("listings", _("Veröffentlichte Inserate")),
        ("interests", _("Interessensbekundungen")),
        ("accepted", _("Angenommene Kontakte")),
        ("cooperation", _("Ergebnis: Kooperation vereinbart")),
        ("project_idea", _("Ergebnis: Projektidee")),
        ("no_need", _("Ergebnis: kein Bedarf")),
    ]
    totals = {year: dict.fromkeys((key for key, _label in rows), 0) for year in years}
    for month in months:
        entry = totals[month.month.year]
        for key in entry:
            entry[key] += getattr(month, key)
    return Section(
        "brokerage",
        _("Kooperationsbörse"),
        _(
            "Inserate im Jahr ihrer Veröffentlichung, Interessensbekundungen im Jahr ihres "
            "Eingangs, angenommene Kontakte im Jahr der Annahme, Ergebnisse der Kontakte im "
            "Jahr ihrer letzten Erfassung; alle Inserate des Clusters."
        ),
        [Indicator(key, label, [totals[y][key] for y in years]) for key, label in rows],
        summary={
            "brokerage_listings": "listings",
            "brokerage_interests": "interests",
            "brokerage_contacts": "accepted",
        },
    )


CONTRIBUTED_SECTIONS = (brokerage_section,)

BROKERAGE_DEFINITION = (
    gettext_lazy("Kooperationsbörse"),
    gettext_lazy(
        "Veröffentlichte Inserate zählen im Jahr ihrer Veröffentlichung, "
        "Interessensbekundungen im Jahr ihres Eingangs, angenommene Kontakte im Jahr, in dem "
        "der Anbieter die Bekundung angenommen hat. Das Ergebnis eines Kontakts (Kooperation "
        "vereinbart, Projektidee, kein Bedarf) zählt einmal, im Jahr, in dem eine der beiden "
        "Seiten es zuletzt erfasst hat. Es sind Summen über alle Inserate des Clusters, ohne "
        "Namen."
    ),
)


def build_monitoring_report(
    *, cluster: Cluster, year: int, user, full_access: bool = False
) -> MonitoringReport:
    """The full report of `cluster` for `year`: the figures of all projects, the success stories
    that `user` may see (`full_access`: all of them, the cluster management's view)."""
    report = build_report(
        cluster=cluster,
        year=year,
        user=user,
        full_access=full_access,
        extra_sections=CONTRIBUTED_SECTIONS,
    )
    term, text = BROKERAGE_DEFINITION
    report.method.insert(-1, (str(term), str(text)))
    return report
