"""k-anonymity of the company survey: what of the survey may be published, and how.

The survey's figures are confidential per company. They are published only as **base cells**
– one survey year × one occupation × one district – and a base cell is *published* only when
at least `K_ANONYMITY` (5) different companies answered for it (submitted responses whose
district is the cell's district). A base cell with fewer companies is *suppressed*: neither its
figures nor its number of companies appear anywhere (pages, API, exports, the command, the
district sentences, the occupation pages), and nothing computed from it does either.

**The rule for every coarser figure.** Any total or coarser view – per occupation, per
district, per topic area, per year, overall – is the sum of the *published base cells* it
covers, never a sum over the raw answers. Why: if a district total were the sum over all
answers, "district total − the published cells of that district" would give the suppressed
cell exactly (the classic subtraction or differencing attack); with two overlapping totals
(occupation and district) one suppressed cell can even be isolated when it is the only one in
its row. With the rule, every published number is a linear combination of published base
cells only, so any difference of published numbers is again a combination of published base
cells: the suppressed cells contribute nothing to any published number and cannot be
recovered – by subtraction or any other arithmetic – whatever is published beside them.
(The consequence: a total may be smaller than "all answers"; pages say "Summe der
veröffentlichten Zellen".)

Derived values follow the same rule: the traffic light and the trend of a suppressed cell
use no survey figure of it (see `matrix.light_for`), and a trend compares two published
cells only. Answers from companies without a district go into no cell and no total.

Supply figures (trainees and graduates, reported by training providers) and the official
verdicts are not company survey data; they are shown for every cell.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from clusterwerk.skills.models import K_ANONYMITY

FIGURES = ("employees", "openings_12", "openings_36", "retirements")


@dataclass(frozen=True)
class Aggregate:
    """The survey figures of one base cell: how many companies and their sums."""

    companies: int = 0
    employees: int = 0
    openings_12: int = 0
    openings_36: int = 0
    retirements: int = 0

    @property
    def published(self) -> bool:
        return is_publishable(self.companies)


def is_publishable(companies: int) -> bool:
    """A base cell is published over at least `K_ANONYMITY` companies."""
    return companies >= K_ANONYMITY


def published_or_none(aggregate: Aggregate) -> Aggregate | None:
    """The aggregate when it may be published, else None – the only way figures leave here."""
    return aggregate if aggregate.published else None


@dataclass(frozen=True)
class Total:
    """A coarser figure: the sums over the published base cells it covers (and how many
    cells it covers; suppressed cells are not counted)."""

    cells: int = 0
    companies: int = 0
    employees: int = 0
    openings_12: int = 0
    openings_36: int = 0
    retirements: int = 0
    supply: int = 0

    @property
    def demand(self) -> int:
        return self.openings_36 + self.retirements


def total_of(cells: Iterable) -> Total:
    """The total of `cells` (objects with `published`, the figures and `supply`). Only
    published cells add survey figures; supply (not survey data) is added for every cell."""
    values = dict.fromkeys(
        ("cells", "companies", "employees", "openings_12", "openings_36", "retirements"), 0
    )
    supply = 0
    for cell in cells:
        supply += cell.supply or 0
        if not cell.published:
            continue
        values["cells"] += 1
        values["companies"] += cell.companies
        for name in FIGURES:
            values[name] += getattr(cell, name)
    return Total(supply=supply, **values)
