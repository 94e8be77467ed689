"""Pages of the innovation prize: setup (see urls.py) – the public archive and call page of
an edition, and the management's pages: the list of editions, the dashboard of one edition
(phase, next step and its preconditions, counts, links), the edition form, the criteria,
the eligibility rules, the phase change and the formal check."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.award import eligibility, phases, queries
from clusterwerk.award.forms_setup import (
    CriterionFormSet,
    EditionForm,
    FormalCheckForm,
    RulesForm,
    add_criteria_errors,
    add_service_errors,
    criteria_initial,
)
from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    AwardEdition,
    Conflict,
    ConflictStatus,
    FormalCheck,
    Phase,
    Review,
    ReviewStatus,
)
from clusterwerk.award.permissions import manages_award
from clusterwerk.award.services import editions as services
from clusterwerk.award.services.formal_check import record_formal_check
from clusterwerk.core.tenancy import request_cluster


def safe_reverse(name: str, *args) -> str | None:
    """The address of a page of another part, or None while that part is not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _require_manager(request, cluster) -> None:
    if not manages_award(request.user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement verwaltet den Innovationspreis."))


# --- public pages ------------------------------------------------------------------------------


def edition_list(request):
    cluster = request_cluster(request)
    can_manage = manages_award(request.user, cluster)
    editions = queries.visible_editions(request.user, cluster)
    if not can_manage:
        editions = editions.exclude(phase=Phase.PREPARATION)
    context = {"editions": editions.order_by("-year"), "can_manage": can_manage}
    return render(request, "award/edition_list.html", context)


def timeline(edition: AwardEdition) -> list[tuple[str, object, bool, str]]:
    """(label, date or datetime, has time, key) of the edition's plan, in order, those set."""
    rows = [
        (_("Ausschreibung ab"), edition.call_opens_at, True, "call_opens_at"),
        (_("Einsendeschluss"), edition.deadline, True, "deadline"),
        (_("Formale Prüfung bis"), edition.formal_check_until, False, "formal_check_until"),
        (_("Bewertung durch die Jury bis"), edition.scoring_until, False, "scoring_until"),
        (_("Jurysitzung"), edition.jury_meeting_on, False, "jury_meeting_on"),
        (_("Entscheidung"), edition.decision_on, False, "decision_on"),
        (_("Preisverleihung"), edition.ceremony_on, False, "ceremony_on"),
    ]
    return [row for row in rows if row[1]]


def edition_detail(request, year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year)
    rules = list(edition.rules.all())
    can_apply = phases.allowed(edition, phases.APPLY)
    context = {
        "edition": edition,
        "timeline": timeline(edition),
        "criteria": list(edition.criteria.all()),
        "rules": [(rule, eligibility.describe_rule(rule)) for rule in rules],
        "can_apply": can_apply,
        "apply_url": safe_reverse("award:apply", edition.year) if can_apply else None,
        "deadline_passed": timezone.now() >= edition.deadline,
        "call_not_open": edition.phase == Phase.PREPARATION,
        "can_manage": manages_award(request.user, cluster),
        "prize_share": (edition.prize_money / edition.max_winners).quantize(Decimal("0.01")),
        "results": queries.published_results(edition),
    }
    return render(request, "award/edition_detail.html", context)


# --- management: list, dashboard ---------------------------------------------------------------


def edition_counts(edition: AwardEdition) -> dict:
    """The dashboard's numbers (aggregates only: no content of any application)."""
    applications = Application.objects.filter(edition=edition).aggregate(
        drafts=Count("pk", filter=Q(status=ApplicationStatus.DRAFT)),
        submitted=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        withdrawn=Count("pk", filter=Q(status=ApplicationStatus.WITHDRAWN)),
        eligible=Count(
            "pk",
            filter=Q(status=ApplicationStatus.SUBMITTED, formal_check=FormalCheck.ELIGIBLE),
        ),
        ineligible=Count(
            "pk",
            filter=Q(status=ApplicationStatus.SUBMITTED, formal_check=FormalCheck.INELIGIBLE),
        ),
        unchecked=Count(
            "pk", filter=Q(status=ApplicationStatus.SUBMITTED, formal_check=FormalCheck.PENDING)
        ),
    )
    jury = edition.jury.aggregate(
        jurors=Count("pk"),
        accepted=Count("pk", filter=Q(confidentiality_accepted_at__isnull=False)),
    )
    reviews = Review.objects.filter(application__edition=edition).aggregate(
        assigned=Count("pk"),
        done=Count("pk", filter=Q(status__in=[ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED])),
    )
    conflicts_open = Conflict.objects.filter(
        jury_member__edition=edition, status=ConflictStatus.PROPOSED
    ).count()
    return {**applications, **jury, **reviews, "conflicts_open": conflicts_open}


# (label, URL name) of every management page of an edition; those of parts not (yet) in
# this code base are left out.
MANAGEMENT_PAGES = (
    (gettext_lazy("Jahrgang bearbeiten"), "award:edition-edit"),
    (gettext_lazy("Bewertungskriterien"), "award:criteria"),
    (gettext_lazy("Teilnahmebedingungen"), "award:rules"),
    (gettext_lazy("Jury"), "award:jury"),
    (gettext_lazy("Befangenheiten"), "award:conflicts"),
    (gettext_lazy("Formale Prüfung"), "award:formal-check"),
    (gettext_lazy("Zuweisung der Bewertungen"), "award:assignment"),
    (gettext_lazy("Rangfolge"), "award:ranking"),
    (gettext_lazy("Rangfolge als Excel-Datei"), "award:ranking-export"),
    (gettext_lazy("Entscheidung"), "award:decisions"),
    (gettext_lazy("Prüfprotokoll"), "award:audit"),
    (gettext_lazy("Öffentliche Seite der Ausschreibung"), "award:edition-detail"),
    (gettext_lazy("Preisträger (öffentlich)"), "award:winners"),
)


def management_links(edition: AwardEdition) -> list[tuple[str, str]]:
    links = []
    for label, name in MANAGEMENT_PAGES:
        url = safe_reverse(name, edition.year)
        if url:
            links.append((str(label), url))
    return links


@login_required
def manage_list(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    editions = (
        AwardEdition.objects.filter(cluster=cluster)
        .annotate(
            submitted=Count(
                "applications",
                filter=Q(applications__status=ApplicationStatus.SUBMITTED),
                distinct=True,
            ),
            jurors=Count("jury", distinct=True),
        )
        .order_by("-year")
    )
    return render(request, "award/manage_list.html", {"editions": editions})


@login_required
def manage(request, year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    target = phases.next_phase(edition)
    context = {
        "edition": edition,
        "timeline": timeline(edition),
        "counts": edition_counts(edition),
        "next_phase": Phase(target).label if target else None,
        "next_is_publication": target == Phase.PUBLISHED,
        "preconditions": services.preconditions(edition, target) if target else [],
        "can_advance": bool(target) and not services.blockers(edition),
        "links": management_links(edition),
        "release_url": safe_reverse("award:release", edition.year),
        "editable": phases.allowed(edition, phases.EDIT_SETUP),
    }
    return render(request, "award/manage.html", context)


# --- management: the edition, its criteria and rules -------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edition_create(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    form = EditionForm(request.POST if request.method == "POST" else None, cluster=cluster)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.data_for_services()
            try:
                edition = services.create_edition(
                    user=request.user,
                    cluster=cluster,
                    year=data.pop("year"),
                    title=data.pop("title"),
                    deadline=data.pop("deadline"),
                    **data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Der Jahrgang ist angelegt (in Vorbereitung), mit den üblichen "
                        "Kriterien und Teilnahmebedingungen."
                    ),
                )
                return redirect("award:manage", edition.year)
    return render(
        request, "award/edition_form.html", {"form": form, "edition": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_edit(request, year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    form = EditionForm(
        request.POST if request.method == "POST" else None, cluster=cluster, edition=edition
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_edition(
                    user=request.user,
                    cluster=cluster,
                    edition=edition,
                    data=form.data_for_services(),
                )
            except phases.PhaseClosed as error:
                status = 403
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen sind gespeichert."))
                return redirect("award:manage", edition.year)
    context = {
        "form": form,
        "edition": edition,
        "editable": phases.allowed(edition, phases.EDIT_SETUP),
    }
    return render(request, "award/edition_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request, year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    status = 200
    if request.method == "POST":
        formset = CriterionFormSet(request.POST, prefix="kriterien")
        status = 400
        if formset.is_valid():
            sent = [
                form
                for form in formset.forms
                if form not in formset.deleted_forms
                and (form.has_changed() or form.cleaned_data.get("id"))
            ]
            try:
                services.save_criteria(
                    user=request.user,
                    cluster=cluster,
                    edition=edition,
                    criteria=[form.data_for_services() for form in sent],
                )
            except phases.PhaseClosed as error:
                status = 403
                formset.service_errors = [str(error)]
            except ValidationError as error:
                add_criteria_errors(formset, sent, error)
            else:
                messages.success(request, _("Die Bewertungskriterien sind gespeichert."))
                return redirect("award:criteria", edition.year)
    else:
        formset = CriterionFormSet(initial=criteria_initial(edition), prefix="kriterien")
    context = {
        "edition": edition,
        "formset": formset,
        "editable": phases.allowed(edition, phases.EDIT_SETUP),
    }
    return render(request, "award/criteria.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rules(request, year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    form = RulesForm(request.POST if request.method == "POST" else None, edition=edition)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.save_rules(
                    user=request.user,
                    cluster=cluster,
                    edition=edition,
                    rules=form.rules_for_services(),
                )
            except phases.PhaseClosed as error:
                status = 403
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Die Teilnahmebedingungen sind gespeichert."))
                return redirect("award:rules", edition.year)
    context = {
        "edition": edition,
        "form": form,
        "editable": phases.allowed(edition, phases.EDIT_SETUP),
    }
    return render(request, "award/rules.html", context, status=status)


@login_required
@require_POST
def phase(request, year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    try:
        edition = services.advance_phase(user=request.user, cluster=cluster, edition=edition)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Der Jahrgang ist jetzt in der Phase „%(phase)s“.")
            % {"phase": edition.get_phase_display()},
        )
    return redirect("award:manage", edition.year)


# --- management: the formal check --------------------------------------------------------------


def _form_prefix(application: Application) -> str:
    return f"pruefung-{application.pk}"


def _check_row(application: Application, form=None) -> dict:
    results = eligibility.evaluate(application)
    proposal = (
        FormalCheck.ELIGIBLE if all(result.passed for result in results) else FormalCheck.INELIGIBLE
    )
    if form is None:
        initial = {"verdict": application.formal_check, "note": application.formal_check_note}
        if application.formal_check == FormalCheck.PENDING:
            initial["verdict"] = proposal
            if proposal == FormalCheck.INELIGIBLE:
                initial["note"] = "\n".join(r.explanation for r in results if not r.passed)
        form = FormalCheckForm(prefix=_form_prefix(application), initial=initial)
    return {
        "application": application,
        "results": results,
        "proposal": proposal,
        "proposal_label": FormalCheck(proposal).label,
        "form": form,
    }


def _submitted(user, edition):
    return (
        queries.applications_for_user(user, edition)
        .filter(status=ApplicationStatus.SUBMITTED)
        .select_related("applicant", "applicant__district", "edition")
        .order_by("title", "pk")
    )


@login_required
def formal_check(request, year, failed=None, status=200):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    rows = [
        _check_row(application, failed.get(application.pk) if failed else None)
        for application in _submitted(request.user, edition)
    ]
    context = {
        "edition": edition,
        "rows": rows,
        "can_check": phases.allowed(edition, phases.FORMAL_CHECK),
        "counts": edition_counts(edition),
    }
    return render(request, "award/formal_check.html", context, status=status)


@login_required
@require_POST
def formal_check_application(request, year, uid):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year, manage=True)
    application = queries.get_application_for_user(request.user, cluster, uid)
    if application.edition_id != edition.pk:
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    form = FormalCheckForm(request.POST, prefix=_form_prefix(application))
    status = 400
    if form.is_valid():
        try:
            application = record_formal_check(
                user=request.user,
                cluster=cluster,
                application=application,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
        except phases.PhaseClosed as error:
            status = 403
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                row = _check_row(application)
                row["saved"] = True
                context = {"row": row, "edition": edition, "can_check": True}
                return render(request, "award/_setup_formal_check_row.html", context)
            messages.success(
                request,
                _("„%(title)s“: %(verdict)s.")
                % {"title": application.title, "verdict": application.get_formal_check_display()},
            )
            return redirect(
                f"{reverse('award:formal-check', args=[edition.year])}#{_form_prefix(application)}"
            )
    if request.htmx:
        context = {
            "row": _check_row(application, form),
            "edition": edition,
            "can_check": phases.allowed(edition, phases.FORMAL_CHECK),
        }
        return render(request, "award/_setup_formal_check_row.html", context, status=status)
    return formal_check(request, year, failed={application.pk: form}, status=status)


urlpatterns = [
    path("innovationspreis/", edition_list, name="edition-list"),
    path("innovationspreis/verwaltung/", manage_list, name="manage-list"),
    path("innovationspreis/verwaltung/neu/", edition_create, name="edition-create"),
    path("innovationspreis/<int:year>/", edition_detail, name="edition-detail"),
    path("innovationspreis/<int:year>/verwaltung/", manage, name="manage"),
    path("innovationspreis/<int:year>/verwaltung/bearbeiten/", edition_edit, name="edition-edit"),
    path("innovationspreis/<int:year>/verwaltung/kriterien/", criteria, name="criteria"),
    path("innovationspreis/<int:year>/verwaltung/regeln/", rules, name="rules"),
    path("innovationspreis/<int:year>/verwaltung/phase/", phase, name="phase"),
    path(
        "innovationspreis/<int:year>/verwaltung/formale-pruefung/",
        formal_check,
        name="formal-check",
    ),
    path(
        "innovationspreis/<int:year>/verwaltung/formale-pruefung/<uuid:uid>/",
        formal_check_application,
        name="formal-check-application",
    ),
]
