"""The full Ergebnis- und Wirkungsmonitoring: the projects' report
(`clusterwerk.projects.monitoring`) with the sections other apps contribute: the
Kooperationsbörse (`clusterwerk.matchmaking.queries`), the events
(`clusterwerk.events.reporting`), the innovation prize (`clusterwerk.award.reporting`), the
Fachkräftematrix (`clusterwerk.skills.reporting`) and Cross Cluster
(`clusterwerk.crosscluster.reporting`).
Pages, downloads, the API and the `monitoring_report` command all build it here."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.models import ActorKind
from clusterwerk.award.reporting import AWARD_DEFINITION, award_sections
from clusterwerk.core.models import Cluster
from clusterwerk.crosscluster.reporting import CROSSCLUSTER_DEFINITION, crosscluster_sections
from clusterwerk.events.models import EventFormat, FollowUpKind
from clusterwerk.events.reporting import (
    NO_ACTOR,
    NO_DISTRICT,
    NO_TOPIC,
    EventYearFigures,
    events_year_figures,
)
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.queries import brokerage_pipeline
from clusterwerk.projects.monitoring import Indicator, MonitoringReport, Section, build_report
from clusterwerk.skills.reporting import SKILLS_DEFINITION, skills_sections


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


def events_sections(cluster: Cluster, years: list[int]) -> list[Section]:
    """The events section of the report – the overview of held events, participants, craft
    businesses reached, cross-cluster events, B2B meetings and follow-ups, then held events by
    format and by topic area, participants by kind of organisation and by district – from one
    call of `events_year_figures` (seven queries). Counts only, no names."""
    figures = events_year_figures(cluster, years)
    return [
        _events_overview(figures),
        _events_by_format(figures),
        _events_by_topic(figures, cluster),
        _participants_by_kind(figures),
        _participants_by_district(figures),
    ]


def _events_overview(figures: EventYearFigures) -> Section:
    series = figures.series
    rows = [
        Indicator("held", _("Durchgeführte Veranstaltungen"), series(figures.held)),
        Indicator(
            "cross_cluster", _("davon Cross-Cluster-Veranstaltungen"), series(figures.cross_cluster)
        ),
        Indicator("participants", _("Teilnahmen (Einlass)"), series(figures.participants)),
        Indicator(
            "confirmed",
            _("Bestätigte Anmeldungen zu diesen Veranstaltungen"),
            series(figures.confirmed),
        ),
        Indicator("organisations", _("Erreichte Organisationen"), series(figures.organisations)),
        Indicator(
            "craft_businesses", _("Erreichte Handwerksbetriebe"), series(figures.craft_businesses)
        ),
        Indicator("b2b_meetings", _("Geführte B2B-Gespräche"), series(figures.b2b_meetings_held)),
        Indicator(
            "follow_ups", _("Erfasste Ergebnisse (Folgeaktivitäten)"), series(figures.follow_ups)
        ),
    ]
    for kind in FollowUpKind:
        rows.append(
            Indicator(
                f"follow_ups_{kind.value}",
                _("davon %(kind)s") % {"kind": kind.label},
                series(figures.follow_ups_by_kind.get(kind.value, {})),
            )
        )
    return Section(
        "events",
        _("Veranstaltungen"),
        _(
            "Durchgeführte Veranstaltungen im Jahr ihres Beginns; Teilnahmen sind Anmeldungen "
            "mit Einlass, Anmeldungen ohne Einlass zählen nicht; Ergebnisse im Jahr ihrer "
            "Erfassung."
        ),
        rows,
        summary={
            "events_held": "held",
            "events_participants": "participants",
            "events_craft_businesses": "craft_businesses",
            "events_cross_cluster": "cross_cluster",
            "events_b2b_meetings": "b2b_meetings",
            "events_follow_ups": "follow_ups",
        },
    )


def _events_by_format(figures: EventYearFigures) -> Section:
    return Section(
        "events_formats",
        _("Durchgeführte Veranstaltungen nach Format"),
        _("Jede durchgeführte Veranstaltung zählt einmal, im Jahr ihres Beginns."),
        [
            Indicator(kind.value, kind.label, figures.series(figures.by_format.get(kind.value, {})))
            for kind in EventFormat
        ],
    )


def _events_by_topic(figures: EventYearFigures, cluster: Cluster) -> Section:
    # The catalogue (one query, cached per process) only when there is something to label.
    catalogue = topic_catalogue(cluster if figures.by_topic else None)
    numbered, elsewhere = [], [0] * len(figures.years)
    for lineage, counts in figures.by_topic.items():
        if lineage == NO_TOPIC:
            continue
        number = catalogue.number_by_lineage.get(lineage)
        if number is None:
            elsewhere = [a + b for a, b in zip(elsewhere, figures.series(counts), strict=True)]
            continue
        label = f"{number} {catalogue.title_by_number.get(number, '')}".strip()
        numbered.append((number, Indicator(number, label, figures.series(counts))))
    rows = [row for _number, row in sorted(numbered, key=lambda item: number_sort_key(item[0]))]
    if any(elsewhere):
        rows.append(
            Indicator("other_edition", _("Themenbereich nicht in der gültigen Ausgabe"), elsewhere)
        )
    if NO_TOPIC in figures.by_topic:
        rows.append(
            Indicator("none", _("ohne Themenbereich"), figures.series(figures.by_topic[NO_TOPIC]))
        )
    return Section(
        "events_topics",
        _("Durchgeführte Veranstaltungen nach Themenbereich"),
        _(
            "Nach den Themenbereichen der Veranstaltung in der gültigen Masterplan-Ausgabe; "
            "eine Veranstaltung mit mehreren Themenbereichen zählt in jedem."
        ),
        rows,
    )


def _participants_by_kind(figures: EventYearFigures) -> Section:
    always = {ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS}
    rows = [
        Indicator(
            kind.value, kind.label, figures.series(figures.participants_by_kind.get(kind.value, {}))
        )
        for kind in ActorKind
        if kind in always or kind.value in figures.participants_by_kind
    ]
    rows.append(
        Indicator(
            "none",
            _("nicht im Verzeichnis"),
            figures.series(figures.participants_by_kind.get(NO_ACTOR, {})),
        )
    )
    return Section(
        "events_participants",
        _("Teilnahmen nach Art der Organisation"),
        _("Anmeldungen mit Einlass nach der Art ihrer Organisation im Akteursverzeichnis."),
        rows,
    )


def _participants_by_district(figures: EventYearFigures) -> Section:
    counts = figures.participants_by_district
    rows = [
        Indicator(name, name, figures.series(counts[name]))
        for name in sorted(name for name in counts if name != NO_DISTRICT)
    ]
    rows.append(Indicator("unknown", _("ohne Angabe"), figures.series(counts.get(NO_DISTRICT, {}))))
    return Section(
        "events_districts",
        _("Teilnahmen nach Landkreis"),
        _(
            "Anmeldungen mit Einlass nach dem Sitz ihrer Organisation (Landkreis oder "
            "kreisfreie Stadt); ohne Angabe: Organisation nicht im Verzeichnis oder ohne Sitz."
        ),
        rows,
    )


CONTRIBUTED_SECTIONS = (
    brokerage_section,
    events_sections,
    award_sections,
    skills_sections,
    crosscluster_sections,
)

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


EVENTS_DEFINITION = (
    gettext_lazy("Veranstaltungen"),
    gettext_lazy(
        "Durchgeführt sind Veranstaltungen mit dem Status durchgeführt oder dokumentiert, "
        "außerdem beendete veröffentlichte Veranstaltungen, bei denen jemand eingelassen "
        "wurde; sie zählen im Jahr ihres Beginns, Entwürfe und abgesagte nie. Teilnahmen sind "
        "Anmeldungen mit einem Einlass am Eingang: eine bestätigte Anmeldung ohne Einlass ist "
        "keine Teilnahme, und wer zwei Veranstaltungen besucht, zählt zweimal. Art der "
        "Organisation und Landkreis stammen aus dem Akteursverzeichnis (Sitz der "
        "Organisation); erreichte Handwerksbetriebe und Organisationen zählen je Jahr einmal. "
        "Cross-Cluster-Veranstaltungen haben ein Partnercluster oder sind ein "
        "Cross-Cluster-Camp. B2B-Gespräche zählen, wenn sie als stattgefunden erfasst sind, "
        "Ergebnisse (Inserat, Projektidee, Signal für die Vorausschau, Vorschlag für die "
        "nächste Masterplan-Ausgabe) im Jahr ihrer Erfassung. Es sind Summen ohne Namen."
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
    for term, text in (
        BROKERAGE_DEFINITION,
        EVENTS_DEFINITION,
        AWARD_DEFINITION,
        SKILLS_DEFINITION,
        CROSSCLUSTER_DEFINITION,
    ):
        report.method.insert(-1, (str(term), str(text)))
    return report
