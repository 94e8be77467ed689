"""Pages of the innovation prize: the jury (see urls.py).

Management, under /innovationspreis/<year>/verwaltung/: `jury/` (members, add, remove),
`befangenheiten/` (proposed, pinned, dismissed; detect; pin or dismiss with a reason),
`zuweisung/` (the matrix application × juror; run the solver; change by hand).
Jurors, under /innovationspreis/<year>/jury/: the start page (the confidentiality declaration
until accepted, then the juror's reviews), `erklaerung/`, `befangenheit/` (declare a conflict:
titles and organisation names only).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.actors.queries import visible_actors
from clusterwerk.award import phases, queries
from clusterwerk.award.forms_jury import (
    AssignmentChangeForm,
    DecideConflictForm,
    DeclareConflictForm,
    JurorForm,
)
from clusterwerk.award.models import (
    BLOCKING_CONFLICT_STATUSES,
    AwardEdition,
    Conflict,
    ConflictStatus,
    JuryMember,
    Review,
)
from clusterwerk.award.permissions import jury_member
from clusterwerk.award.services import assignment as assignment_services
from clusterwerk.award.services import jury as services
from clusterwerk.award.views.scoring import my_reviews_context
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.participation.forms import add_service_errors


def _managed_edition(request, year) -> AwardEdition:
    return queries.get_edition_for_user(request.user, request_cluster(request), year, manage=True)


def _juror_edition(request, year) -> tuple[AwardEdition, JuryMember]:
    edition = queries.get_edition_for_user(request.user, request_cluster(request), year)
    member = jury_member(request.user, edition)
    if member is None:
        raise PermissionDenied(_("Sie gehören nicht zur Jury dieses Jahrgangs."))
    return edition, member


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- management: the jury ----------------------------------------------------------------------


def _render_jury(request, edition, form=None, status=200):
    cluster = request_cluster(request)
    members = (
        JuryMember.objects.filter(edition=edition)
        .select_related("user", "affiliation")
        .order_by("-is_chair", "user__last_name", "user__email")
    )
    context = {
        "edition": edition,
        "members": members,
        "form": form or JurorForm(actors=visible_actors(request.user, cluster)),
        "can_manage": phases.allowed(edition, phases.MANAGE_JURY),
    }
    return render(request, "award/jury.html", context, status=status)


@login_required
def jury(request, year):
    edition = _managed_edition(request, year)
    if request.method != "POST":
        return _render_jury(request, edition)
    cluster = request_cluster(request)
    form = JurorForm(request.POST, actors=visible_actors(request.user, cluster))
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_juror(
                user=request.user,
                cluster=cluster,
                edition=edition,
                juror=data["email"],
                affiliation=data["affiliation"],
                function=data["function"],
                is_chair=data["is_chair"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except phases.PhaseClosed as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(person)s gehört jetzt zur Jury.") % {"person": member.user}
            )
            return redirect("award:jury", year=edition.year)
    return _render_jury(request, edition, form=form, status=400)


@login_required
@require_POST
def juror_remove(request, year, pk):
    edition = _managed_edition(request, year)
    member = JuryMember.objects.filter(edition=edition, pk=pk).select_related("user").first()
    if member is None:
        messages.error(request, _("Dieses Jurymitglied gibt es nicht."))
        return redirect("award:jury", year=edition.year)
    try:
        services.remove_juror(user=request.user, cluster=request_cluster(request), member=member)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request, _("%(person)s gehört nicht mehr zur Jury.") % {"person": member.user}
        )
    return redirect("award:jury", year=edition.year)


# --- management: conflicts ---------------------------------------------------------------------


def _render_conflicts(request, edition, bound=None, status=200):
    conflicts = list(queries.conflicts_for_management(request.user, edition))
    groups = {value: [] for value in ConflictStatus.values}
    for conflict in conflicts:
        conflict.form = (
            bound[1]
            if bound is not None and bound[0] == conflict.pk
            else DecideConflictForm(prefix=f"c{conflict.pk}")
        )
        groups[conflict.status].append(conflict)
    context = {
        "edition": edition,
        "proposed": groups[ConflictStatus.PROPOSED],
        "pinned": groups[ConflictStatus.PINNED],
        "dismissed": groups[ConflictStatus.DISMISSED],
        "can_manage": phases.allowed(edition, phases.MANAGE_JURY),
    }
    return render(request, "award/conflicts.html", context, status=status)


@login_required
def conflicts(request, year):
    return _render_conflicts(request, _managed_edition(request, year))


@login_required
@require_POST
def conflicts_detect(request, year):
    edition = _managed_edition(request, year)
    found = services.detect_conflicts(
        user=request.user, cluster=request_cluster(request), edition=edition
    )
    if found:
        messages.success(
            request,
            _("%(count)d neue mögliche Befangenheiten erkannt. Bitte bestätigen oder verwerfen.")
            % {"count": len(found)},
        )
    else:
        messages.success(request, _("Keine neuen Befangenheiten erkannt."))
    return redirect("award:conflicts", year=edition.year)


@login_required
@require_POST
def conflict_decide(request, year, pk):
    edition = _managed_edition(request, year)
    conflict = queries.conflicts_for_management(request.user, edition).filter(pk=pk).first()
    if conflict is None:
        messages.error(request, _("Diese Befangenheit gibt es nicht."))
        return redirect("award:conflicts", year=edition.year)
    form = DecideConflictForm(request.POST, prefix=f"c{conflict.pk}")
    if form.is_valid():
        try:
            services.decide_conflict(
                user=request.user,
                cluster=request_cluster(request),
                conflict=conflict,
                pin=form.cleaned_data["decision"] == "pin",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Entscheidung ist gespeichert."))
            return redirect("award:conflicts", year=edition.year)
    return _render_conflicts(request, edition, bound=(conflict.pk, form), status=400)


# --- management: assignment --------------------------------------------------------------------


def assignment_matrix(user, edition: AwardEdition) -> dict:
    """Rows (applications the user sees in the competition) × columns (jurors), with the
    review or the blocking conflict of every cell, the reviews per application and the load
    per juror."""
    visible = queries.applications_for_user(user, edition).values("pk")
    applications = list(
        assignment_services.competition(edition)
        .filter(pk__in=visible)
        .select_related("applicant")
        .order_by("title", "pk")
    )
    members = list(
        JuryMember.objects.filter(edition=edition)
        .select_related("user")
        .order_by("-is_chair", "user__last_name", "user__email", "pk")
    )
    shown = {application.pk for application in applications}
    reviews = {
        (review.application_id, review.jury_member_id): review
        for review in Review.objects.filter(application_id__in=shown)
    }
    blocking = {}
    for conflict in Conflict.objects.filter(
        application_id__in=shown, status__in=BLOCKING_CONFLICT_STATUSES
    ).order_by("pk"):
        blocking.setdefault((conflict.application_id, conflict.jury_member_id), conflict)
    loads = {member.pk: 0 for member in members}
    for _application_id, member_id in reviews:
        if member_id in loads:
            loads[member_id] += 1
    rows = []
    for application in applications:
        cells = [
            {
                "member": member,
                "review": reviews.get((application.pk, member.pk)),
                "conflict": blocking.get((application.pk, member.pk)),
            }
            for member in members
        ]
        rows.append(
            {
                "application": application,
                "cells": cells,
                "count": sum(1 for cell in cells if cell["review"] is not None),
                "short": sum(1 for cell in cells if cell["review"] is not None)
                < edition.reviews_per_application,
            }
        )
    columns = [{"member": member, "load": loads[member.pk]} for member in members]
    return {"rows": rows, "columns": columns}


@login_required
def assignment(request, year):
    edition = _managed_edition(request, year)
    if request.method == "POST":
        result = assignment_services.assign_reviews(
            user=request.user, cluster=request_cluster(request), edition=edition
        )
        messages.success(
            request,
            _("Bewertungen verteilt: %(created)d neu, %(removed)d entfernt, %(kept)d behalten.")
            % {"created": result.created, "removed": result.removed, "kept": result.kept},
        )
        for warning in result.warnings:
            messages.warning(request, warning)
        return redirect("award:assignment", year=edition.year)
    context = {
        "edition": edition,
        "can_assign": phases.allowed(edition, phases.ASSIGN),
        **assignment_matrix(request.user, edition),
    }
    return render(request, "award/assignment.html", context)


@login_required
@require_POST
def assignment_change(request, year):
    edition = _managed_edition(request, year)
    cluster = request_cluster(request)
    form = AssignmentChangeForm(request.POST)
    back = redirect("award:assignment", year=edition.year)
    if not form.is_valid():
        messages.error(request, _("Bitte Bewerbung und Jurymitglied angeben."))
        return back
    data = form.cleaned_data
    visible = queries.applications_for_user(request.user, edition)
    application = visible.filter(pk=data["application"]).select_related("edition").first()
    member = JuryMember.objects.filter(edition=edition, pk=data["member"]).first()
    if application is None or member is None:
        messages.error(request, _("Diese Bewerbung oder dieses Jurymitglied gibt es nicht."))
        return back
    try:
        if data["action"] == "add":
            assignment_services.add_review_assignment(
                user=request.user, cluster=cluster, application=application, member=member
            )
            messages.success(request, _("Die Bewertung ist zugewiesen."))
        else:
            review = Review.objects.filter(application=application, jury_member=member).first()
            if review is None:
                messages.error(request, _("Diese Zuweisung gibt es nicht."))
                return back
            assignment_services.remove_review_assignment(
                user=request.user, cluster=cluster, review=review
            )
            messages.success(request, _("Die Zuweisung ist entfernt."))
    except ValidationError as error:
        _report(request, error)
    return back


# --- jurors ------------------------------------------------------------------------------------


@login_required
def jury_home(request, year):
    edition, member = _juror_edition(request, year)
    context = {
        "edition": edition,
        "member": member,
        "declaration_version": services.DECLARATION_VERSION,
        **my_reviews_context(request.user, edition),
        "can_declare": phases.allowed(edition, phases.DECLARE_CONFLICT),
        "can_accept": phases.allowed(edition, phases.ACCEPT_CONFIDENTIALITY),
    }
    return render(request, "award/jury_home.html", context)


@login_required
def confidentiality(request, year):
    edition, member = _juror_edition(request, year)
    if request.method == "POST":
        if request.POST.get("accept") != "1":
            messages.error(request, _("Bitte bestätigen Sie die Erklärung."))
        else:
            services.accept_confidentiality(
                user=request.user, cluster=request_cluster(request), edition=edition
            )
            messages.success(
                request, _("Danke. Sie haben die Vertraulichkeitserklärung angenommen.")
            )
            return redirect("award:jury-home", year=edition.year)
    context = {
        "edition": edition,
        "member": member,
        "declaration_version": services.DECLARATION_VERSION,
        "can_accept": phases.allowed(edition, phases.ACCEPT_CONFIDENTIALITY),
    }
    return render(request, "award/confidentiality.html", context)


@login_required
def declare_conflict(request, year):
    edition, member = _juror_edition(request, year)
    if not member.has_accepted_confidentiality:
        messages.error(request, _("Bitte nehmen Sie zuerst die Vertraulichkeitserklärung an."))
        return redirect("award:confidentiality", year=edition.year)
    applications = queries.declarable_applications(request.user, edition)
    form = DeclareConflictForm(request.POST or None, applications=applications)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.declare_conflict(
                    user=request.user,
                    cluster=request_cluster(request),
                    edition=edition,
                    application=form.cleaned_data["application"],
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Ihre Befangenheit ist erfasst. Sie sehen diese Bewerbung nicht mehr "
                        "und bewerten sie nicht."
                    ),
                )
                return redirect("award:jury-home", year=edition.year)
        status = 400
    context = {
        "edition": edition,
        "member": member,
        "form": form,
        "can_declare": phases.allowed(edition, phases.DECLARE_CONFLICT),
    }
    return render(request, "award/declare_conflict.html", context, status=status)


urlpatterns = [
    path("innovationspreis/<int:year>/verwaltung/jury/", jury, name="jury"),
    path(
        "innovationspreis/<int:year>/verwaltung/jury/<int:pk>/entfernen/",
        juror_remove,
        name="juror-remove",
    ),
    path("innovationspreis/<int:year>/verwaltung/befangenheiten/", conflicts, name="conflicts"),
    path(
        "innovationspreis/<int:year>/verwaltung/befangenheiten/erkennen/",
        conflicts_detect,
        name="conflicts-detect",
    ),
    path(
        "innovationspreis/<int:year>/verwaltung/befangenheiten/<int:pk>/",
        conflict_decide,
        name="conflict-decide",
    ),
    path("innovationspreis/<int:year>/verwaltung/zuweisung/", assignment, name="assignment"),
    path(
        "innovationspreis/<int:year>/verwaltung/zuweisung/aendern/",
        assignment_change,
        name="assignment-change",
    ),
    path("innovationspreis/<int:year>/jury/", jury_home, name="jury-home"),
    path("innovationspreis/<int:year>/jury/erklaerung/", confidentiality, name="confidentiality"),
    path(
        "innovationspreis/<int:year>/jury/befangenheit/", declare_conflict, name="declare-conflict"
    ),
]
