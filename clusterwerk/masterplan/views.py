from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from clusterwerk.accounts.permissions import can_manage_masterplan
from clusterwerk.core import versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.page_cache import cache_public_page
from clusterwerk.core.tenancy import (
    cluster_by_slug,
    find_cluster,
    request_cluster,
    reverse_for_cluster,
)
from clusterwerk.masterplan import queries, services
from clusterwerk.masterplan.diff import (
    attach_provenance,
    collapse_equal,
    compare_editions,
    render_segments_html,
)
from clusterwerk.masterplan.export import edition_as_dict, edition_as_markdown
from clusterwerk.masterplan.forms import (
    CompareForm,
    DraftCreateForm,
    ElementEditForm,
    SearchForm,
    TopicAreaAddForm,
    TopicAreaMoveForm,
    VersionConfirmForm,
)
from clusterwerk.masterplan.models import ElementKind, SuccessFactor
from clusterwerk.masterplan.pages import cached_tree, edition_context
from clusterwerk.masterplan.search import search_edition

URL_KINDS = {
    "handlungsfeld": ElementKind.ACTION_FIELD,
    "eckpunkt": ElementKind.KEY_POINT,
    "themenbereich": ElementKind.TOPIC_AREA,
    "erfolgsfaktor": ElementKind.SUCCESS_FACTOR,
}


# --- public pages ---------------------------------------------------------------------------


@cache_public_page(versions.MASTERPLAN)
def landing(request):
    if not request.cluster:
        return render(request, "masterplan/landing_empty.html", status=503)
    cluster = request.cluster
    edition = queries.get_published_edition(cluster)
    # The figures and the plan are a fragment cached per masterplan data version; they are
    # only read when it misses.
    return render(
        request,
        "masterplan/landing.html",
        {
            "cluster": cluster,
            "figures": SimpleLazyObject(lambda: list(cluster.figures.all())),
            "districts": cluster.strongest_districts,
            "edition": edition,
            "tree": SimpleLazyObject(lambda: cached_tree(edition) if edition else None),
            "fragment_key": versions.cache_key(
                "landing", cluster, [versions.MASTERPLAN], edition.pk if edition else None
            ),
            "fragment_max_age": versions.MAX_AGE,
        },
    )


def published(request):
    edition = queries.get_published_edition(request_cluster(request))
    if edition is None:
        return redirect("masterplan:editions")
    return redirect(edition.get_absolute_url())


def legacy_redirect(request, cluster_slug, rest=""):
    """The old URLs `/masterplan/<cluster>/<rest>` live on as permanent redirects to
    `/c/<cluster>/masterplan/<rest>` (unprefixed for the default cluster)."""
    cluster = cluster_by_slug(cluster_slug)
    target = reverse_for_cluster(cluster, "masterplan:published") + rest
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


@cache_public_page(versions.MASTERPLAN)
def edition_detail(request, edition_slug):
    cluster = request_cluster(request)
    try:
        edition = queries.get_edition_for_user(request.user, cluster, edition_slug)
    except Http404:
        if find_cluster(edition_slug) is not None:  # an old `/masterplan/<cluster>/`
            return legacy_redirect(request, edition_slug)
        raise
    context = edition_context(request, edition)
    context["tree"] = cached_tree(edition)
    return render(request, "masterplan/edition_detail.html", context)


@cache_public_page(versions.MASTERPLAN)
def action_field_detail(request, edition_slug, number):
    edition = queries.get_edition_for_user(request.user, request_cluster(request), edition_slug)
    action_field = queries.get_action_field(edition, number)
    context = edition_context(request, edition, action_field)
    context["tree"] = cached_tree(edition)
    context["action_field_node"] = next(
        af for af in context["tree"].action_fields if af.pk == action_field.pk
    )
    return render(request, "masterplan/action_field_detail.html", context)


@cache_public_page(versions.MASTERPLAN)
def key_point_detail(request, edition_slug, number):
    edition = queries.get_edition_for_user(request.user, request_cluster(request), edition_slug)
    key_point = queries.get_key_point(edition, number)
    context = edition_context(request, edition, key_point)
    context["topic_areas"] = list(key_point.topic_areas.order_by("order"))
    return render(request, "masterplan/key_point_detail.html", context)


def switch_edition(request):
    """The edition switcher: the same element in another edition (by lineage), if it is there."""
    cluster = request_cluster(request)
    target = get_object_or_404(
        queries.visible_editions(request.user, cluster), slug=request.GET.get("ausgabe", "")
    )
    kind = request.GET.get("art", "")
    lineage = request.GET.get("kennung", "")
    element = queries.find_by_lineage(target, kind, lineage)
    if element is not None:
        return redirect(element.get_absolute_url())
    if kind:
        messages.info(
            request,
            _("Dieses Element gibt es in der Ausgabe „%s“ nicht; Sie sehen die Übersicht.")
            % target.label,
        )
    return redirect(target.get_absolute_url())


def edition_list(request):
    cluster = request_cluster(request)
    can_manage = can_manage_masterplan(request.user, cluster)
    return render(
        request,
        "masterplan/edition_list.html",
        {
            "cluster": cluster,
            "editions": queries.editions_with_counts(request.user, cluster),
            "can_manage": can_manage,
            "draft_form": DraftCreateForm() if can_manage else None,
        },
    )


def compare(request):
    cluster = request_cluster(request)
    editions, old, new = queries.editions_for_comparison(
        request.user, cluster, request.GET.get("alt"), request.GET.get("neu")
    )
    form = CompareForm(
        initial={"alt": old.slug if old else None, "neu": new.slug if new else None},
        editions=editions,
    )
    diff = attach_provenance(compare_editions(old, new)) if old and new and old != new else None
    return render(
        request,
        "masterplan/compare.html",
        {
            "cluster": cluster,
            "form": form,
            "old": old,
            "new": new,
            "diff": diff,
            "rendered_entries": rendered_diff_entries(diff) if diff else [],
        },
    )


def rendered_diff_entries(diff) -> list[dict]:
    entries = []
    for entry in diff.entries:
        fields = [
            {
                "label": change.label,
                "html": render_segments_html(collapse_equal(change.segments))
                if change.segments
                else None,
                "added": change.added,
                "removed": change.removed,
            }
            for change in entry.field_changes
        ]
        entries.append({"entry": entry, "fields": fields})
    return entries


def search(request):
    cluster = request_cluster(request)
    editions = list(queries.visible_editions(request.user, cluster))
    form = SearchForm(request.GET or None, editions=editions)
    published_edition = queries.get_published_edition(cluster)
    edition = published_edition
    hits = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        chosen = form.cleaned_data.get("ausgabe")
        edition = next((e for e in editions if e.slug == chosen), None) or edition
        if query and edition is not None:
            hits = search_edition(edition, query)
    context = {
        "cluster": cluster,
        "form": form,
        "query": query,
        "hits": hits,
        "search_edition": edition,
    }
    template = "masterplan/_search_results.html" if request.htmx else "masterplan/search.html"
    return render(request, template, context)


def history(request, edition_slug):
    edition = queries.get_edition_for_user(request.user, request_cluster(request), edition_slug)
    context = edition_context(request, edition)
    context["revisions"] = queries.edition_history(edition)
    return render(request, "masterplan/history.html", context)


def export(request, edition_slug, file_format):
    edition = queries.get_edition_for_user(request.user, request_cluster(request), edition_slug)
    filename = f"masterplan-{edition.cluster.slug}-{edition.slug}"
    if file_format == "json":
        response = JsonResponse(
            edition_as_dict(edition), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    response = HttpResponse(
        edition_as_markdown(edition), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.md"'
    return response


# --- Fortschreibung (cluster management only) ----------------------------------------------


@login_required
@require_POST
def draft_create(request, edition_slug):
    source = queries.get_edition_for_user(request.user, request_cluster(request), edition_slug)
    form = DraftCreateForm(request.POST)
    if form.is_valid():
        try:
            draft = services.revise_edition(
                source=source,
                label=form.cleaned_data["label"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Der Entwurf „%s“ wurde angelegt.") % draft.label)
            return redirect(draft.get_absolute_url())
    cluster = source.cluster
    return render(
        request,
        "masterplan/edition_list.html",
        {
            "cluster": cluster,
            "editions": queries.editions_with_counts(request.user, cluster),
            "can_manage": can_manage_masterplan(request.user, cluster),
            "draft_form": form,
            "draft_source": source,
        },
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def element_edit(request, edition_slug, kind, number):
    edition = queries.get_edition_for_user(
        request.user, request_cluster(request), edition_slug, write=True
    )
    element = queries.get_element(edition, URL_KINDS.get(kind), number)
    form = ElementEditForm(request.POST or None, element=element)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            changed = save_element_form(form, element, request.user)
        except EditConflict as error:
            conflict = error
            form = conflict_form(form, error.obj)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if changed:
                messages.success(request, _("Gespeichert: %s") % element)
            else:
                messages.info(request, _("Keine Änderungen."))
            if request.htmx:
                return HttpResponseClientRedirect(element_url(element))
            return redirect(element_url(element))
    template = "masterplan/_element_form.html" if request.htmx else "masterplan/element_edit.html"
    context = edition_context(request, edition, element)
    context.update({"form": form, "conflict": conflict, "kind": kind})
    return render(request, template, context, status=409 if conflict else 200)


def save_element_form(form, element, user) -> list[str]:
    return services.update_element(
        element=element,
        user=user,
        expected_version=form.cleaned_data["version"],
        values=form.text_values(),
        references=form.reference_numbers(),
    )


def conflict_form(form, current):
    """Keep what the user typed, but show the stored version next to it and move the
    version on, so that saving again is a deliberate decision."""
    data = form.data.copy()
    data["version"] = current.version
    fresh = ElementEditForm(data, element=current)
    fresh.is_valid()
    fresh.current_values = {
        name: ", ".join(value) if isinstance(value, list) else value
        for name, value in (
            (name, getattr(current, name)) for name in services.EDITABLE_FIELDS[current.kind]
        )
    }
    return fresh


def element_url(element) -> str:
    if isinstance(element, SuccessFactor):
        return element.edition.get_absolute_url()
    return element.get_absolute_url()


@login_required
@require_http_methods(["GET", "POST"])
def topic_area_add(request, edition_slug, number):
    edition = queries.get_edition_for_user(
        request.user, request_cluster(request), edition_slug, write=True
    )
    key_point = queries.get_key_point(edition, number)
    form = TopicAreaAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic_area = services.add_topic_area(
                key_point=key_point, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Themenbereich %s angelegt.") % topic_area.number)
            return redirect(topic_area.get_absolute_url())
    context = edition_context(request, edition, key_point)
    context["form"] = form
    return render(request, "masterplan/topic_area_add.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def topic_area_move(request, edition_slug, number):
    edition = queries.get_edition_for_user(
        request.user, request_cluster(request), edition_slug, write=True
    )
    topic_area = queries.get_topic_area(edition, number)
    form = TopicAreaMoveForm(request.POST or None, topic_area=topic_area)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.move_topic_area(
                topic_area=topic_area,
                key_point=form.cleaned_data["key_point"],
                number=form.cleaned_data["number"].strip(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except EditConflict as error:
            conflict = error
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Themenbereich verschoben: %s") % topic_area)
            return redirect(topic_area.get_absolute_url())
    context = edition_context(request, edition, topic_area)
    context.update({"form": form, "conflict": conflict})
    return render(
        request, "masterplan/topic_area_move.html", context, status=409 if conflict else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_area_delete(request, edition_slug, number):
    edition = queries.get_edition_for_user(
        request.user, request_cluster(request), edition_slug, write=True
    )
    topic_area = queries.get_topic_area(edition, number)
    form = VersionConfirmForm(request.POST or None, initial={"version": topic_area.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_topic_area(
                topic_area=topic_area,
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = error
        else:
            messages.success(request, _("Themenbereich gelöscht: %s") % topic_area)
            return redirect(topic_area.key_point.get_absolute_url())
    context = edition_context(request, edition, topic_area)
    context.update({"form": form, "conflict": conflict})
    return render(
        request, "masterplan/topic_area_delete.html", context, status=409 if conflict else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_publish(request, edition_slug):
    edition = queries.get_edition_for_user(
        request.user, request_cluster(request), edition_slug, write=True
    )
    current = queries.get_published_edition(edition.cluster)
    error = None
    if request.method == "POST":
        try:
            services.publish_edition(edition=edition, user=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request, _("Die Ausgabe „%s“ ist jetzt veröffentlicht.") % edition.label
            )
            return redirect(edition.get_absolute_url())
    context = edition_context(request, edition)
    context.update({"current": current, "error": error})
    if current is not None:
        context["diff"] = compare_editions(current, edition)
    return render(request, "masterplan/edition_publish.html", context, status=400 if error else 200)


def add_form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
