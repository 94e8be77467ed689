"""Pages of the foresight: setup – the list of cycles (the public sees published ones), the
overview of one cycle (the management's dashboard: phase, next step, blockers, counts, links
to every part; a panellist's "Jetzt bewerten"; the public's results and radar), the cycle
form, the criteria, the radar's segments and rings, the phase change, the items with their
form and sources (PDFs only through the access funnel)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.foresight import phases, queries
from clusterwerk.foresight.forms_setup import (
    CriterionFormSet,
    CycleForm,
    ItemForm,
    RingFormSet,
    SegmentsForm,
    SourceDocumentForm,
    SourceLinkForm,
    add_row_errors,
    add_service_errors,
    criteria_initial,
    item_initial,
    rings_initial,
)
from clusterwerk.foresight.models import Panellist, Rating, SourceKind, Status
from clusterwerk.foresight.permissions import manages_foresight, panel_seat
from clusterwerk.foresight.services import cycles as services
from clusterwerk.foresight.services import items as item_services
from clusterwerk.masterplan.queries import topic_catalogue


def _require_manager(request, cluster) -> None:
    if not manages_foresight(request.user, cluster):
        raise PermissionDenied(_("Foresight-Zyklen verwaltet das Clustermanagement."))


# --- list and overview -------------------------------------------------------------------------


def cycle_list(request):
    cluster = request_cluster(request)
    can_manage = manages_foresight(request.user, cluster)
    cycles = queries.visible_cycles(request.user, cluster).order_by("-year", "-id")
    return render(
        request, "foresight/cycle_list.html", {"cycles": cycles, "can_manage": can_manage}
    )


# (label, URL name) of the management's pages of a cycle; those of parts not (yet) in this
# code base are left out.
MANAGEMENT_PAGES = (
    (gettext_lazy("Zyklus bearbeiten"), "foresight:cycle_edit"),
    (gettext_lazy("Kriterien"), "foresight:criteria"),
    (gettext_lazy("Radar einrichten"), "foresight:radar_setup"),
    (gettext_lazy("Items"), "foresight:items"),
    (gettext_lazy("Panel"), "foresight:panel"),
    (gettext_lazy("Expertise-Matrix"), "foresight:matrix"),
    (gettext_lazy("Ergebnisse"), "foresight:results"),
    (gettext_lazy("Radar"), "foresight:radar"),
    (gettext_lazy("Lücken"), "foresight:gaps"),
    (gettext_lazy("Bericht als PDF"), "foresight:report_pdf"),
    (gettext_lazy("Bericht als Excel-Datei"), "foresight:report_xlsx"),
)
PUBLIC_PAGES = (
    (gettext_lazy("Ergebnisse"), "foresight:results"),
    (gettext_lazy("Radar"), "foresight:radar"),
    (gettext_lazy("Bericht als PDF"), "foresight:report_pdf"),
)
ACTION_LABELS = {
    "open": gettext_lazy("Bewertung eröffnen"),
    "close": gettext_lazy("Bewertung schließen"),
    "reopen": gettext_lazy("Bewertung wieder eröffnen"),
    "next_round": gettext_lazy("Nächste Runde beginnen"),
    "publish": gettext_lazy("Ergebnisse veröffentlichen"),
}


def _links(pages, cycle) -> list[tuple[str, str]]:
    return [(str(label), reverse(name, args=[cycle.slug])) for label, name in pages]


def cycle_counts(cycle) -> dict:
    panel = Panellist.objects.filter(cycle=cycle).aggregate(
        invited=Count("pk"), accepted=Count("pk", filter=Q(accepted_at__isnull=False))
    )
    return {
        "items": cycle.items.count(),
        "criteria": cycle.criteria.count(),
        "segments": cycle.segments.count(),
        "rings": cycle.rings.count(),
        **panel,
        "answered": Rating.objects.filter(item__cycle=cycle, round=cycle.current_round)
        .values("panellist")
        .distinct()
        .count(),
    }


def _steps(cycle) -> list[dict]:
    """The phase changes the management may take now, each with its blockers."""
    candidates = {
        Status.PREPARATION: ["open"],
        Status.RATING: ["next_round", "close"] if cycle.mode == "rounds" else ["close"],
        Status.EVALUATION: ["publish", "reopen"],
    }.get(cycle.status, [])
    steps = []
    for action in candidates:
        reasons = services.blockers(cycle, action)
        if action == "next_round" and reasons:
            continue
        steps.append({"action": action, "label": str(ACTION_LABELS[action]), "blockers": reasons})
    return steps


def cycle_detail(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug)
    can_manage = manages_foresight(request.user, cluster)
    seat = panel_seat(request.user, cycle)
    context = {
        "cycle": cycle,
        "can_manage": can_manage,
        "seat": seat,
        "rate_url": reverse("foresight:rate", args=[cycle.slug])
        if seat and phases.allowed(cycle, phases.RATE)
        else None,
        "public_links": _links(PUBLIC_PAGES, cycle) if cycle.is_published else [],
        "criteria": list(cycle.criteria.all()),
    }
    if can_manage:
        next_action = services.next_action(cycle)
        context.update(
            {
                "counts": cycle_counts(cycle),
                "steps": _steps(cycle),
                "next_label": str(ACTION_LABELS[next_action]) if next_action else None,
                "warnings": services.warnings(cycle),
                "links": _links(MANAGEMENT_PAGES, cycle),
            }
        )
    return render(request, "foresight/cycle_detail.html", context)


# --- the cycle ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    form = CycleForm(request.POST if request.method == "POST" else None, cluster=cluster)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.data_for_services()
            try:
                cycle = services.create_cycle(
                    user=request.user,
                    cluster=cluster,
                    title=data.pop("title"),
                    year=data.pop("year"),
                    **data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Der Zyklus ist angelegt (in Vorbereitung), mit den üblichen Kriterien, "
                        "Segmenten und Ringen."
                    ),
                )
                return redirect("foresight:cycle", cycle.slug)
    return render(
        request, "foresight/cycle_form.html", {"form": form, "cycle": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    editable = phases.allowed(cycle, phases.EDIT_SETUP)
    form = CycleForm(
        request.POST if request.method == "POST" else None,
        cluster=cluster,
        cycle=cycle,
        editable=editable,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                cycle = services.update_cycle(
                    user=request.user,
                    cycle=cycle,
                    data=form.data_for_services(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except (phases.PhaseClosed, EditConflict) as error:
                status = 403 if isinstance(error, phases.PhaseClosed) else 409
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect("foresight:cycle", cycle.slug)
    context = {"form": form, "cycle": cycle, "editable": editable}
    return render(request, "foresight/cycle_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    status = 200
    if request.method == "POST":
        formset = CriterionFormSet(request.POST, prefix="kriterien")
        status = 400
        if formset.is_valid():
            sent = [
                form
                for form in formset.forms
                if form not in formset.deleted_forms
                and (form.cleaned_data.get("id") or form.cleaned_data.get("name"))
            ]
            try:
                services.save_criteria(
                    user=request.user,
                    cycle=cycle,
                    rows=[form.data_for_services() for form in sent],
                )
            except phases.PhaseClosed as error:
                status = 403
                formset.service_errors = [str(error)]
            except ValidationError as error:
                add_row_errors(formset, sent, error, "criteria")
            else:
                messages.success(request, _("Die Kriterien sind gespeichert."))
                return redirect("foresight:criteria", cycle.slug)
    else:
        formset = CriterionFormSet(initial=criteria_initial(cycle), prefix="kriterien")
    context = {
        "cycle": cycle,
        "formset": formset,
        "editable": phases.allowed(cycle, phases.EDIT_SETUP),
    }
    return render(request, "foresight/criteria.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def radar_setup(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    segments_form = SegmentsForm(
        initial={"segments": "\n".join(s.name for s in cycle.segments.all())}, prefix="radar"
    )
    rings = RingFormSet(initial=rings_initial(cycle), prefix="ringe")
    status = 200
    if request.method == "POST":
        status = 400
        which = request.POST.get("part")
        try:
            if which == "segments":
                segments_form = SegmentsForm(request.POST, prefix="radar")
                if segments_form.is_valid():
                    try:
                        services.save_segments(
                            user=request.user, cycle=cycle, names=segments_form.names()
                        )
                    except ValidationError as error:
                        add_service_errors(segments_form, error, {"segments": "segments"})
                    else:
                        messages.success(request, _("Die Segmente sind gespeichert."))
                        return redirect("foresight:radar_setup", cycle.slug)
            elif which == "rings":
                rings = RingFormSet(request.POST, prefix="ringe")
                if rings.is_valid():
                    sent = [
                        form
                        for form in rings.forms
                        if form not in rings.deleted_forms
                        and (form.cleaned_data.get("name") or form.cleaned_data.get("upper"))
                    ]
                    try:
                        services.save_rings(
                            user=request.user,
                            cycle=cycle,
                            rows=[
                                (f.cleaned_data.get("name", ""), f.cleaned_data.get("upper", ""))
                                for f in sent
                            ],
                        )
                    except ValidationError as error:
                        add_row_errors(rings, sent, error, "rings")
                    else:
                        messages.success(request, _("Die Ringe sind gespeichert."))
                        return redirect("foresight:radar_setup", cycle.slug)
            else:
                messages.error(request, _("Unbekannte Angabe."))
        except phases.PhaseClosed as error:
            status = 403
            messages.error(request, str(error))
    context = {
        "cycle": cycle,
        "segments_form": segments_form,
        "rings": rings,
        "ring_criterion": services.ring_criterion(cycle),
        "editable": phases.allowed(cycle, phases.SHAPE_RADAR),
    }
    return render(request, "foresight/radar_setup.html", context, status=status)


@login_required
@require_POST
def transition(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    action = request.POST.get("action", "")
    try:
        cycle = services.transition(user=request.user, cycle=cycle, action=action)
    except (ValidationError, phases.PhaseClosed) as error:
        for message in getattr(error, "messages", None) or [str(error)]:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Der Zyklus ist jetzt in der Phase „%(phase)s“.")
            % {"phase": cycle.get_status_display()}
            if action != "next_round"
            else _("Runde %(n)d hat begonnen.") % {"n": cycle.current_round},
        )
    return redirect("foresight:cycle", cycle.slug)


# --- items -------------------------------------------------------------------------------------


@login_required
def items(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    catalogue = topic_catalogue(cluster)
    rows = (
        cycle.items.select_related("segment")
        .prefetch_related("topic_areas")
        .annotate(source_count=Count("sources", distinct=True))
    )
    listed = [
        (item, catalogue.numbers_of(t.topic_lineage for t in item.topic_areas.all()))
        for item in rows
    ]
    context = {
        "cycle": cycle,
        "rows": listed,
        "can_add": phases.allowed(cycle, phases.EDIT_ITEMS),
        "can_delete": phases.allowed(cycle, phases.DELETE_ITEMS),
    }
    return render(request, "foresight/item_list.html", context)


def _item_page(request, cycle, form, item=None, status=200, link_form=None, document_form=None):
    context = {
        "cycle": cycle,
        "item": item,
        "form": form,
        "sources": list(item.sources.all()) if item else [],
        "link_form": link_form or SourceLinkForm(prefix="link"),
        "document_form": document_form or SourceDocumentForm(prefix="dokument"),
        "editable": phases.allowed(cycle, phases.EDIT_ITEMS),
        "can_delete": phases.allowed(cycle, phases.DELETE_ITEMS),
    }
    return render(request, "foresight/item_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, slug):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    catalogue = topic_catalogue(cluster)
    form = ItemForm(
        request.POST if request.method == "POST" else None, cycle=cycle, catalogue=catalogue
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = item_services.create_item(
                    user=request.user, cycle=cycle, data=form.data_for_services()
                )
            except phases.PhaseClosed as error:
                status = 403
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Item „%(key)s“ ist angelegt.") % {"key": item.key})
                return redirect("foresight:item_edit", cycle.slug, item.key)
    return _item_page(request, cycle, form, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, slug, key):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    item = queries.get_item(cycle, key)
    catalogue = topic_catalogue(cluster)
    initial = item_initial(item_services.item_data(item, catalogue), item.version)
    form = ItemForm(
        request.POST if request.method == "POST" else None,
        cycle=cycle,
        catalogue=catalogue,
        item=item,
        initial_data=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = item_services.update_item(
                    user=request.user,
                    item=item,
                    data=form.data_for_services(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except (phases.PhaseClosed, EditConflict) as error:
                status = 403 if isinstance(error, phases.PhaseClosed) else 409
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect("foresight:item_edit", cycle.slug, item.key)
    return _item_page(request, cycle, form, item=item, status=status)


@login_required
@require_POST
def item_delete(request, slug, key):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    item = queries.get_item(cycle, key)
    try:
        item_services.delete_item(user=request.user, item=item)
    except phases.PhaseClosed as error:
        messages.error(request, str(error))
        return redirect("foresight:item_edit", cycle.slug, item.key)
    messages.success(request, _("Das Item „%(key)s“ ist gelöscht.") % {"key": key})
    return redirect("foresight:items", cycle.slug)


@login_required
@require_POST
def source_add(request, slug, key):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    item = queries.get_item(cycle, key)
    link_form = document_form = None
    kind = request.POST.get("kind")
    if kind == SourceKind.DOCUMENT:
        form = document_form = SourceDocumentForm(request.POST, request.FILES, prefix="dokument")
    else:
        form = link_form = SourceLinkForm(request.POST, prefix="link")
    status = 400
    if form.is_valid():
        try:
            if form is document_form:
                source = item_services.add_source_document(
                    user=request.user,
                    item=item,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            else:
                source = item_services.add_source_link(
                    user=request.user,
                    item=item,
                    title=form.cleaned_data["title"],
                    url=form.cleaned_data["url"],
                )
        except phases.PhaseClosed as error:
            status = 403
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Die Quelle „%(title)s“ ist hinzugefügt.") % {"title": source.title}
            )
            return redirect("foresight:item_edit", cycle.slug, item.key)
    catalogue = topic_catalogue(cluster)
    item_form = ItemForm(
        cycle=cycle,
        catalogue=catalogue,
        item=item,
        initial_data=item_initial(item_services.item_data(item, catalogue), item.version),
    )
    return _item_page(
        request,
        cycle,
        item_form,
        item=item,
        status=status,
        link_form=link_form,
        document_form=document_form,
    )


@require_http_methods(["GET", "POST"])
def source(request, slug, key, pk):
    """GET: the document (only through the cycle's funnel, always as a download) or a
    redirect to the link; POST (management): remove the source."""
    cluster = request_cluster(request)
    manage = request.method == "POST"
    if manage and not request.user.is_authenticated:
        raise PermissionDenied(_("Foresight-Zyklen verwaltet das Clustermanagement."))
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=manage)
    item = queries.get_item(cycle, key)
    found = item.sources.filter(pk=pk).first()
    if found is None:
        raise Http404(_("Diese Quelle gibt es nicht."))
    if manage:
        try:
            item_services.remove_source(user=request.user, source=found)
        except phases.PhaseClosed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Die Quelle „%(title)s“ ist entfernt.") % {"title": found.title}
            )
        return redirect("foresight:item_edit", cycle.slug, item.key)
    if found.kind == SourceKind.LINK:
        return redirect(found.url)
    response = HttpResponse(bytes(found.content), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, found.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


CYCLE = "foresight/<slug:slug>/"
ITEM = CYCLE + "items/<str:key>/"

urlpatterns = [
    path("foresight/", cycle_list, name="cycles"),
    path("foresight/neu/", cycle_create, name="cycle_create"),
    path(CYCLE, cycle_detail, name="cycle"),
    path(CYCLE + "bearbeiten/", cycle_edit, name="cycle_edit"),
    path(CYCLE + "kriterien/", criteria, name="criteria"),
    path(CYCLE + "radar-einrichten/", radar_setup, name="radar_setup"),
    path(CYCLE + "phase/", transition, name="transition"),
    path(CYCLE + "items/", items, name="items"),
    path(CYCLE + "items/neu/", item_create, name="item_create"),
    path(ITEM + "bearbeiten/", item_edit, name="item_edit"),
    path(ITEM + "loeschen/", item_delete, name="item_delete"),
    path(ITEM + "quellen/", source_add, name="source_add"),
    path(ITEM + "quellen/<int:pk>/", source, name="source"),
]
