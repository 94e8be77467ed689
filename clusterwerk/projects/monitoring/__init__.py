"""The yearly Ergebnis- und Wirkungsmonitoring of a cluster (`MonitoringReport`).

`build_report(cluster=…, year=…, user=…)` counts over all projects of the cluster, whoever
reads: the ministry's monitoring publishes totals, and confidentiality applies to listing a
project, not to counting it. Only what names projects (the success stories) lists just those
the user may see (`cluster_projects`); the command and other management uses pass
`full_access=True` and list all projects of the cluster. Every
indicator is given for the report year and the two years before it (`report.years`), computed
with a constant number of aggregate queries (about a dozen, whatever the number of projects).
Sections the projects cannot compute themselves come from the caller (`extra_sections`): the
portal's full report (`clusterwerk.portal.reports`) adds the Kooperationsbörse.

The modules: `report` (the report as plain data), `conditions` (the counting rules below as
database conditions), `figures`, `structure`, `topics` and `results` (the sections, a few
aggregate queries each), `building` (`build_report`).

Definitions
-----------
Carried out (durchgeführt) in year Y
    The phase is one of `ACTIVE_PHASES` (Initiierung … abgeschlossen; not Idee, not abgebrochen)
    and the project's period overlaps Y. The period begins with the earlier of `start_date` and
    1 January of `year_initiated` (so a project initiated in Y counts as carried out in Y even
    when its funded runtime begins later; a project with neither is never counted). It ends
    with `end_date`; without one it is open, except for completed projects: they end on the date
    of their last phase change to "abgeschlossen", and without such a dated change they count in
    their first year only.
Newly initiated (neu initiiert) in Y
    `year_initiated == Y`, and the project is not an idea and was not cancelled before starting:
    the phase is one of `ACTIVE_PHASES`, or it is "abgebrochen" with a `start_date`.
R&D&I (FuEuI)
    `is_rdi` of the projects above.
Project volume, funding volume
    Sums of `total_volume` and `funding_amount` of the newly initiated projects. The share
    staying in Berlin-Brandenburg is Σ `regional_volume` / Σ `total_volume` over the newly
    initiated projects for which both amounts are known.
Actors in new projects
    Distinct actors taking part (any role) in the newly initiated projects of Y, by kind;
    companies (Unternehmen and Handwerksbetriebe) by size class 1–9, 10–49, 50–249, 250+
    (and "ohne Angabe").
Funding sources
    Newly initiated projects by funding programme and by its level (EU, Bund, Land, privat,
    sonstige; "ohne Förderprogramm" when none is recorded), counted and with their funding sums.
Consortium structure (newly initiated)
    Single company: exactly one partner, a company. Companies only: at least one company, no
    university or research institute, more than one partner. Companies with science: at least
    one company and at least one university or research institute. Science only: universities
    or institutes, no company. Other: everything else (no partners, only networks …).
Thematic structure (newly initiated)
    By the primary topic area (`ProjectTopicArea.is_primary`), matched by lineage to the
    cluster's published masterplan edition, summed up to key points and action fields. Projects
    without a primary topic area, or with one not in the published edition, are listed apart.
Districts (newly initiated)
    By the district of the lead partner (Konsortialführung); "ohne Angabe" when there is no lead
    partner or it has no district.
Cross-cluster share
    `is_cross_cluster` projects as a percentage of the newly initiated and of the carried-out
    projects.
Results and success stories
    `ProjectResults` are attributed to the year of `reported_on` (Stand), or, when that is
    empty, to the year of the project's `end_date`. Success stories are the non-empty
    `success_story` texts of the report year: counted for all projects, listed (title and
    text) only for the projects the reader may see.
Kooperationsbörse (brokerage; contributed by `clusterwerk.portal.reports`)
    The cluster's listings published in Y (by `published_at`), the expressions of interest sent
    on them in Y (by `created_at`, whatever became of them) and those accepted in Y (by
    `decided_at`): `clusterwerk.matchmaking.queries.brokerage_totals`, computed for the three
    years at once with `brokerage_pipeline` (three aggregate queries instead of nine). Counts
    only, no names, so every reader of the report sees them.
Coverage
    Topic areas of the published edition to which no project carried out in Y is assigned
    (primary or secondary), with their counts of carried-out projects in the three years.
"""

from clusterwerk.projects.monitoring.building import (
    SectionBuilder,
    build_report,
    new_projects_per_year,
)
from clusterwerk.projects.monitoring.conditions import carried_out_condition, new_condition
from clusterwerk.projects.monitoring.report import (
    COUNT,
    EURO,
    MIN_REPORT_YEAR,
    PERCENT,
    YEARS_IN_SERIES,
    Indicator,
    MonitoringReport,
    Section,
    SuccessStory,
    is_valid_report_year,
    max_report_year,
)

__all__ = [
    "COUNT",
    "EURO",
    "MIN_REPORT_YEAR",
    "PERCENT",
    "YEARS_IN_SERIES",
    "Indicator",
    "MonitoringReport",
    "Section",
    "SectionBuilder",
    "SuccessStory",
    "build_report",
    "carried_out_condition",
    "is_valid_report_year",
    "max_report_year",
    "new_condition",
    "new_projects_per_year",
]
