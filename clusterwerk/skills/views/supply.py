"""Pages of the Fachkräftematrix: supply and training offers.

- `offers` – the companies' search over published training offers (occupation by code or
  words, format, district with those within 40 km, topic area, free text; phone-first cards).
- `offer` – one offer, the provider linked to its directory profile; unpublished offers only
  for those who may edit them (else 404).
- `offer_create`, `offer_edit`, `offer_delete` – for the provider's representatives and the
  management (optimistic locking: a form loaded before somebody else saved answers 409).
- `supply` – the management's figures per year (?jahr=), a figure by hand, the CSV import
  with a preview of its rows or line-numbered errors; a checked file is kept in the session
  until it is confirmed.
"""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.skills.forms_supply import (
    OfferForm,
    OfferSearchForm,
    SupplyFigureForm,
    SupplyImportForm,
    add_service_errors,
    offer_initial,
)
from clusterwerk.skills.models import SupplyFigure, TrainingOffer
from clusterwerk.skills.permissions import manages_skills
from clusterwerk.skills.services import supply as services

SESSION_KEY = "skills_supply_import"


# --- offers ------------------------------------------------------------------------------------


def offers(request):
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    form = OfferSearchForm(request.GET or None, catalogue=catalogue)
    results = services.search_offers(cluster, form.query())
    context = {
        "form": form,
        "offers": results,
        "searched": bool(request.GET),
        "can_create": services.may_keep_offers(request.user, cluster),
    }
    template = "skills/offer_results.html" if request.htmx else "skills/offer_list.html"
    return render(request, template, context)


def _offer_for(request, cluster, pk, *, edit=False) -> TrainingOffer:
    offer = (
        services.visible_offers(request.user, cluster)
        .prefetch_related("topic_areas")
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404(_("Dieses Bildungsangebot gibt es nicht."))
    if edit and not services.may_edit_offer(request.user, offer):
        raise PermissionDenied(
            _("Dieses Angebot pflegen die Vertreterinnen und Vertreter des Bildungsträgers.")
        )
    return offer


def offer(request, pk):
    cluster = request_cluster(request)
    item = _offer_for(request, cluster, pk)
    catalogue = topic_catalogue(cluster)
    topics = catalogue.numbers_of(t.topic_lineage for t in item.topic_areas.all())
    context = {
        "offer": item,
        "topics": [(number, catalogue.label(number)) for number in topics],
        "can_edit": services.may_edit_offer(request.user, item),
        "running": services.is_running_or_future(item),
    }
    return render(request, "skills/offer_detail.html", context)


def _offer_page(request, form, item=None, status=200):
    return render(request, "skills/offer_form.html", {"form": form, "offer": item}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request):
    cluster = request_cluster(request)
    providers = services.offer_providers(request.user, cluster)
    if not providers.exists():
        raise PermissionDenied(
            _(
                "Bildungsangebote legen die Vertreterinnen und Vertreter eines Bildungsträgers "
                "im Verzeichnis oder das Clustermanagement an."
            )
        )
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        providers=providers,
        catalogue=topic_catalogue(cluster),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = services.create_offer(
                    user=request.user, cluster=cluster, data=form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Das Angebot „%(title)s“ ist angelegt.") % {"title": item.title}
                )
                return redirect("skills:offer", item.pk)
    return _offer_page(request, form, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk):
    cluster = request_cluster(request)
    item = _offer_for(request, cluster, pk, edit=True)
    catalogue = topic_catalogue(cluster)
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        providers=services.offer_providers(request.user, cluster),
        catalogue=catalogue,
        offer=item,
        initial=offer_initial(services.offer_data(item, catalogue), item.version),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                item = services.update_offer(
                    user=request.user,
                    offer=item,
                    data=form.data_for_services(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except EditConflict as error:
                status = 409
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect("skills:offer", item.pk)
    return _offer_page(request, form, item=item, status=status)


@login_required
@require_POST
def offer_delete(request, pk):
    cluster = request_cluster(request)
    item = _offer_for(request, cluster, pk, edit=True)
    services.delete_offer(user=request.user, offer=item)
    messages.success(request, _("Das Angebot „%(title)s“ ist gelöscht.") % {"title": item.title})
    return redirect("skills:offers")


# --- supply figures (management) ---------------------------------------------------------------


def _require_manager(request, cluster) -> None:
    if not manages_skills(request.user, cluster):
        raise PermissionDenied(_("Zahlen zum Nachwuchs pflegt das Clustermanagement."))


def _year(request, years) -> int | None:
    value = request.GET.get("jahr", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return years[0] if years else None


def _supply_page(request, cluster, *, import_form=None, figure_form=None, preview=None, status=200):
    years = list(
        SupplyFigure.objects.filter(cluster=cluster)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    year = _year(request, years)
    figures = (
        SupplyFigure.objects.filter(cluster=cluster, year=year)
        .select_related("occupation", "district", "provider")
        .order_by("occupation__code", "district__name", "provider__name")
    )
    totals = figures.aggregate(trainees=Sum("trainees"), graduates=Sum("graduates"))
    providers = services.offer_providers(request.user, cluster)
    pending = request.session.get(SESSION_KEY)
    context = {
        "years": years,
        "year": year,
        "figures": figures,
        "totals": totals,
        "import_form": import_form or SupplyImportForm(initial={"year": year, "dry_run": True}),
        "figure_form": figure_form
        or SupplyFigureForm(providers=providers, initial={"year": year}, prefix="zahl"),
        "preview": preview,
        "pending": pending if preview and pending else None,
    }
    return render(request, "skills/supply_overview.html", context, status=status)


@login_required
def supply(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    return _supply_page(request, cluster)


@login_required
@require_POST
def supply_import(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    if request.POST.get("confirm"):
        pending = request.session.pop(SESSION_KEY, None)
        if not pending:
            messages.error(request, _("Bitte laden Sie die Datei erneut hoch."))
            return redirect("skills:supply")
        data = base64.b64decode(pending["data"])
        filename, year, dry_run = pending["filename"], pending["year"], False
        form = SupplyImportForm(initial={"year": year})
    else:
        form = SupplyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return _supply_page(request, cluster, import_form=form, status=400)
        upload = form.cleaned_data["file"]
        data, filename = upload.read(), upload.name
        year, dry_run = form.cleaned_data["year"], form.cleaned_data["dry_run"]
    try:
        result = services.import_supply(
            user=request.user,
            cluster=cluster,
            data=data,
            filename=filename,
            year=year,
            dry_run=dry_run,
        )
    except ValidationError as error:
        request.session.pop(SESSION_KEY, None)
        if not form.is_bound:
            form = SupplyImportForm(initial={"year": year})
        errors = getattr(error, "lines", None) or error.messages
        return _supply_page(
            request, cluster, import_form=form, preview={"errors": errors}, status=400
        )
    if dry_run:
        request.session[SESSION_KEY] = {
            "data": base64.b64encode(data).decode("ascii"),
            "filename": filename,
            "year": year,
        }
        return _supply_page(request, cluster, import_form=form, preview={"result": result})
    messages.success(
        request,
        _("%(count)d Zeilen importiert: %(created)d neu, %(updated)d ersetzt.")
        % {"count": result.count, "created": result.created, "updated": result.updated},
    )
    return redirect(f"{reverse('skills:supply')}?jahr={year}")


@login_required
@require_POST
def supply_figure(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    providers = services.offer_providers(request.user, cluster)
    form = SupplyFigureForm(request.POST, providers=providers, prefix="zahl")
    if form.is_valid():
        try:
            figure = services.save_supply_figure(
                user=request.user,
                cluster=cluster,
                year=form.cleaned_data["year"],
                occupation=form.cleaned_data["occupation"],
                district=form.cleaned_data["district"],
                provider=form.cleaned_data["provider"] or None,
                trainees=form.cleaned_data["trainees"],
                graduates=form.cleaned_data["graduates"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Zahlen sind gespeichert."))
            return redirect(f"{reverse('skills:supply')}?jahr={figure.year}")
    return _supply_page(request, cluster, figure_form=form, status=400)


urlpatterns = [
    path("fachkraefte/angebote/", offers, name="offers"),
    path("fachkraefte/angebote/neu/", offer_create, name="offer_create"),
    path("fachkraefte/angebote/<int:pk>/", offer, name="offer"),
    path("fachkraefte/angebote/<int:pk>/bearbeiten/", offer_edit, name="offer_edit"),
    path("fachkraefte/angebote/<int:pk>/loeschen/", offer_delete, name="offer_delete"),
    path("fachkraefte/nachwuchs/", supply, name="supply"),
    path("fachkraefte/nachwuchs/import/", supply_import, name="supply_import"),
    path("fachkraefte/nachwuchs/eintragen/", supply_figure, name="supply_figure"),
]
