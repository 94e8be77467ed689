"""Pages of the foresight: results.

- `results` (slug) – the results table: per criterion a table of the items with n, median,
  IQR, mean, the distribution (small bars with their numbers), consensus and stability;
  toggles `?ansicht=gewichtet` (expertise-weighted) and `?ansicht=gruppen` (per stakeholder
  group); classic cycles `?runde=N`.
- `item` (slug, key) – the item's fact sheet: description, kind, STEEP, segment, tags, topic
  areas (links to their pages), sources, the result per criterion with its distribution, the
  dissent with reasons, the visible comments, the item's history across cycles and the
  related projects, events and listings (`related.related_for_item`).

The management sees both at any time; everybody else after publication (a panellist before
that: 403 with the reason; anybody else: 404, the cycle does not exist for them). Names never
appear, only pseudonyms. Group results of fewer than `cycle.min_answers` answers are shown to
the management only (a group of one would reveal a person's answer).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.foresight import queries
from clusterwerk.foresight.models import Comment, Cycle, Item, StakeholderGroup, Status
from clusterwerk.foresight.permissions import can_see_results, manages_foresight
from clusterwerk.foresight.related import related_for_item
from clusterwerk.foresight.results import cycle_results, item_result
from clusterwerk.masterplan.models import Edition
from clusterwerk.masterplan.queries import topic_catalogue

VIEWS = {
    "gesamt": gettext_lazy("Alle Antworten"),
    "gewichtet": gettext_lazy("Nach Expertise gewichtet"),
    "gruppen": gettext_lazy("Nach Gruppen"),
}
BAR_HEIGHT = 24
BAR_WIDTH = 10
BAR_GAP = 4


def _cycle_with_results(request, slug: str) -> Cycle:
    """The cycle, when the user may see its results: 404 when the cycle is invisible to them,
    403 for a panellist before publication."""
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    if not can_see_results(request.user, cycle):
        raise PermissionDenied(
            _(
                "Die Ergebnisse sind erst nach der Veröffentlichung sichtbar; bis dahin sehen "
                "Sie die Rückmeldung der Gruppe beim Bewerten."
            )
        )
    return cycle


def bars(stats, criterion) -> dict:
    """The distribution as small bars: per step its label, count and bar height, plus the
    drawing's width and a sentence for screen readers."""
    counts = [stats.distribution.get(step, 0) for step in range(1, criterion.steps + 1)]
    top = max(counts, default=0) or 1
    rows = []
    for index, count in enumerate(counts):
        height = round(BAR_HEIGHT * count / top) if count else 0
        rows.append(
            {
                "step": index + 1,
                "label": criterion.label(index + 1),
                "count": count,
                "x": index * (BAR_WIDTH + BAR_GAP),
                "y": BAR_HEIGHT - height,
                "height": height,
            }
        )
    return {
        "rows": rows,
        "width": len(counts) * (BAR_WIDTH + BAR_GAP) - BAR_GAP if counts else 0,
        "height": BAR_HEIGHT,
        "bar_width": BAR_WIDTH,
        "text": "; ".join(f"{row['label']}: {row['count']}" for row in rows),
        "numbers": " · ".join(str(count) for count in counts),
    }


def _round_of(request, cycle: Cycle) -> int | None:
    if cycle.is_realtime:
        return None
    try:
        number = int(request.GET.get("runde", ""))
    except ValueError:
        return None
    return number if 1 <= number <= cycle.current_round else None


def _group_cells(result, cycle: Cycle, full: bool) -> list[dict]:
    cells = []
    for group, label in StakeholderGroup.choices:
        stats = result.by_group[group]
        cells.append(
            {
                "group": label,
                "stats": stats,
                "shown": stats.n > 0 and (full or stats.n >= cycle.min_answers),
            }
        )
    return cells


ALL_CRITERIA = "alle"
# Up to this many items the page shows every criterion at once; above, one criterion at a
# time (the first unless `?kriterium=` names another), so the page stays readable and fast.
ALL_CRITERIA_UP_TO = 50


def _selected_criterion(request, criteria, item_count: int):
    """The criterion id `?kriterium=` asks for, or `ALL_CRITERIA`; by default all criteria
    for small cycles and the first one for large ones."""
    wanted = request.GET.get("kriterium", "")
    if wanted == ALL_CRITERIA:
        return ALL_CRITERIA
    ids = [result.criterion.pk for result in criteria]
    if wanted.isdigit() and int(wanted) in ids:
        return int(wanted)
    if item_count <= ALL_CRITERIA_UP_TO or not ids:
        return ALL_CRITERIA
    return ids[0]


def results(request, slug):
    cycle = _cycle_with_results(request, slug)
    is_manager = manages_foresight(request.user, cycle.cluster)
    view = request.GET.get("ansicht", "gesamt")
    if view not in VIEWS:
        view = "gesamt"
    number = _round_of(request, cycle)
    item_results = cycle_results(cycle, round=number)
    criteria = item_results[0].criteria if item_results else []
    selected = _selected_criterion(request, criteria, len(item_results))
    sections = []
    for index, criterion_result in enumerate(criteria):
        criterion = criterion_result.criterion
        if selected != ALL_CRITERIA and criterion.pk != selected:
            continue
        rows = []
        for item_result_ in item_results:
            result = item_result_.criteria[index]
            stats = result.weighted if view == "gewichtet" else result.plain
            rows.append(
                {
                    "item": item_result_.item,
                    "result": result,
                    "stats": stats,
                    "bars": bars(stats, criterion),
                    "groups": _group_cells(result, cycle, is_manager) if view == "gruppen" else [],
                }
            )
        sections.append({"criterion": criterion, "rows": rows})
    context = {
        "cycle": cycle,
        "sections": sections,
        "item_results": item_results,
        "view": view,
        "views": VIEWS.items(),
        "groups": StakeholderGroup.choices,
        "is_manager": is_manager,
        "is_published": cycle.status == Status.PUBLISHED,
        "round": number or (1 if cycle.is_realtime else cycle.current_round),
        "rounds": range(1, cycle.current_round + 1) if not cycle.is_realtime else [],
        "consensus_count": sum(1 for result in item_results if result.consensus),
        "criteria": [result.criterion for result in criteria],
        "selected_criterion": selected,
    }
    return render(request, "foresight/results.html", context)


def _topic_links(item: Item, cycle: Cycle) -> list[dict]:
    catalogue = topic_catalogue(cycle.cluster)
    numbers = catalogue.numbers_of(topic.topic_lineage for topic in item.topic_areas.all())
    edition_slug = (
        Edition.objects.filter(pk=catalogue.edition_id).values_list("slug", flat=True).first()
        if numbers
        else None
    )
    return [
        {"number": number, "label": catalogue.label(number), "edition": edition_slug}
        for number in numbers
    ]


def _history(request, item: Item, cycle: Cycle) -> list:
    """The item's rows in the cluster's other cycles the user may see the results of, newest
    first, with their results."""
    others = (
        Item.objects.filter(lineage=item.lineage, cycle__cluster=cycle.cluster)
        .exclude(pk=item.pk)
        .select_related("cycle__cluster", "segment")
        .order_by("-cycle__year", "-cycle_id")
    )
    return [item_result(other) for other in others if can_see_results(request.user, other.cycle)]


def item(request, slug, key):
    cycle = _cycle_with_results(request, slug)
    found = queries.get_item(cycle, key)
    found.cycle = cycle
    result = item_result(found)
    visible = Comment.objects.filter(is_hidden=False).select_related("panellist")
    comments = (
        Comment.objects.filter(item=found, parent=None, is_hidden=False)
        .select_related("panellist")
        .prefetch_related(Prefetch("replies", queryset=visible, to_attr="visible_replies"))
    )
    criteria = [
        {
            "result": criterion_result,
            "bars": bars(criterion_result.plain, criterion_result.criterion),
        }
        for criterion_result in result.criteria
    ]
    context = {
        "cycle": cycle,
        "item": found,
        "result": result,
        "criteria": criteria,
        "has_dissent": any(row.dissent for row in result.criteria),
        "topics": _topic_links(found, cycle),
        "sources": found.sources.defer("content"),
        "comments": comments,
        "history": _history(request, found, cycle),
        "related": related_for_item(found, request.user),
        "is_manager": manages_foresight(request.user, cycle.cluster),
    }
    return render(request, "foresight/item_detail.html", context)


urlpatterns = [
    path("foresight/<slug:slug>/ergebnisse/", results, name="results"),
    path("foresight/<slug:slug>/items/<str:key>/", item, name="item"),
]
