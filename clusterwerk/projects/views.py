"""Project pages: list with filters, detail, create/edit (managers), phases, ideas, assessment,
and the topic suggestions for the project form. Every page works for the request's cluster
(`core.tenancy.request_cluster`); a project of another cluster is a 404 through the funnel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.classify import NoPublishedEdition, suggest_topic_areas
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.projects import queries, services
from clusterwerk.projects.assessment import assessment_summary
from clusterwerk.projects.forms import (
    AssessmentForm,
    IdeaDecisionForm,
    IdeaForm,
    PhaseForm,
    ProjectForm,
    ResultsForm,
    SupportForm,
    partner_lines,
)
from clusterwerk.projects.models import AssessmentCriterion, FundingProgramme, ProjectPhase
from clusterwerk.projects.permissions import (
    can_assess_projects,
    can_manage_projects,
    can_propose_ideas,
)


def _project(request, pk: int, *, write: bool = False):
    return queries.get_project_for_user(request.user, request_cluster(request), pk, write=write)


def project_list(request):
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    filters = queries.ProjectFilters.from_params(request.GET)
    page = queries.project_page(request.user, cluster, filters, request.GET.get("page"))
    rows = [(project, queries.topic_numbers(project, catalogue)) for project in page]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "phases": ProjectPhase.choices,
        "programmes": FundingProgramme.objects.all(),
        "topic_titles": catalogue.title_by_number,
        "topic_options": sorted(
            catalogue.title_by_number.items(), key=lambda item: number_sort_key(item[0])
        ),
        "can_manage": can_manage_projects(request.user, cluster),
        "can_propose": can_propose_ideas(request.user, cluster),
        "cluster": cluster,
    }
    template = "projects/_project_rows.html" if request.htmx else "projects/project_list.html"
    return render(request, template, context)


def project_detail(request, pk):
    project = _project(request, pk)
    catalogue = topic_catalogue(project.cluster)
    manage = can_manage_projects(request.user, project.cluster)
    assess = can_assess_projects(request.user, project.cluster)
    context = {
        "project": project,
        "topics": [
            (number, catalogue.title_by_number[number], primary)
            for number, primary in queries.topic_numbers(project, catalogue)
        ],
        "partners": project.partners.select_related("actor__district").order_by(
            "role", "actor__name"
        ),
        "phase_changes": project.phase_changes.select_related("user"),
        "support": project.support_activities.all() if manage else [],
        "results": getattr(project, "results", None),
        "assessment": assessment_summary(project),
        "can_manage": manage,
        "phase_form": PhaseForm(initial={"changed_on": timezone.localdate()}) if manage else None,
        "assessment_form": _assessment_form(request.user, project) if assess else None,
        "idea_form": IdeaDecisionForm() if manage and project.idea_status == "proposed" else None,
        "support_form": SupportForm(initial={"date": timezone.localdate()}) if manage else None,
        "results_form": _results_form(project) if manage else None,
    }
    return render(request, "projects/project_detail.html", context)


def _results_form(project, data=None):
    results = getattr(project, "results", None)
    initial = {}
    if results is not None:
        initial = {name: getattr(results, name) for name in ResultsForm.base_fields}
    return ResultsForm(data, initial=initial)


def _assessment_form(user, project, data=None):
    criteria = AssessmentCriterion.objects.filter(cluster=project.cluster, is_active=True)
    own = project.assessments.filter(assessor=user).prefetch_related("scores__criterion").first()
    initial = {}
    if own:
        initial = {f"score_{s.criterion.key}": s.score for s in own.scores.all()}
        initial["comment"] = own.comment
    return AssessmentForm(data, criteria=criteria, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    cluster = request_cluster(request)
    if not can_manage_projects(request.user, cluster):
        raise PermissionDenied
    catalogue = topic_catalogue(cluster)
    form = ProjectForm(request.POST or None, catalogue=catalogue)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                project = services.create_project(
                    user=request.user, cluster=cluster, data=form.data_for_services()
                )
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Das Projekt wurde angelegt."))
                return redirect(project)
        else:
            status = 400
    return render(
        request, "projects/project_form.html", {"form": form, "project": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = _project(request, pk, write=True)
    catalogue = topic_catalogue(project.cluster)
    initial = {
        **{name: getattr(project, name) for name in services.SCALAR_FIELDS},
        "funding_programme": project.funding_programme.key if project.funding_programme else "",
        "version": project.version,
        "partners": partner_lines(project),
    }
    topics = queries.topic_numbers(project, catalogue)
    initial["primary_topic"] = next((n for n, primary in topics if primary), "")
    initial["secondary_topics"] = [n for n, primary in topics if not primary]
    form = ProjectForm(
        request.POST or None,
        catalogue=catalogue,
        initial=initial,
        with_phase=False,
        current_partners=[partner.actor for partner in project.partners.select_related("actor")],
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not form.has_changes():
                messages.info(request, _("Keine Änderungen – es gab nichts zu speichern."))
                return redirect(project)
            try:
                services.update_project(
                    project=project,
                    user=request.user,
                    expected_version=form.cleaned_data.get("version") or 0,
                    data=form.data_for_services(),
                )
            except EditConflict as conflict:
                messages.error(request, str(conflict))
                return redirect("projects:edit", project.pk)
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Das Projekt wurde gespeichert."))
                return redirect(project)
        else:
            status = 400
    return render(
        request, "projects/project_form.html", {"form": form, "project": project}, status=status
    )


FIELD_FOR_KEY = {"topics": "primary_topic", "partner_clusters": None}


def _add_errors(form, error: ValidationError) -> None:
    for key, messages_ in error.message_dict.items():
        field = key.split(".")[0]
        field = FIELD_FOR_KEY.get(field, field)
        if field not in form.fields:
            field = None
        for message in messages_:
            form.add_error(field, message)


@login_required
@require_POST
def project_phase(request, pk):
    project = _project(request, pk, write=True)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.change_phase(
                project=project,
                user=request.user,
                to_phase=form.cleaned_data["to_phase"],
                changed_on=form.cleaned_data["changed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Die Phase wurde geändert."))
    else:
        messages.error(request, _("Bitte Phase und Datum angeben."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def idea_propose(request):
    cluster = request_cluster(request)
    if not can_propose_ideas(request.user, cluster):
        raise PermissionDenied
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.propose_idea(
                user=request.user, cluster=cluster, data=form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Danke! Ihre Projektidee ist beim Clustermanagement eingegangen."),
            )
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(request, "projects/idea_form.html", {"form": form}, status=status)


@login_required
def idea_queue(request):
    cluster = request_cluster(request)
    if not can_manage_projects(request.user, cluster):
        raise PermissionDenied
    ideas = queries.proposed_ideas(request.user, cluster)
    return render(request, "projects/idea_queue.html", {"ideas": ideas})


@login_required
@require_POST
def idea_decide(request, pk):
    project = _project(request, pk, write=True)
    form = IdeaDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_idea(
                project=project,
                user=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Die Entscheidung wurde gespeichert."))
    return redirect(project)


@login_required
@require_POST
def project_assess(request, pk):
    project = _project(request, pk)
    if not can_assess_projects(request.user, project.cluster):
        raise PermissionDenied
    form = _assessment_form(request.user, project, request.POST)
    if form.is_valid():
        try:
            services.save_assessment(
                project=project,
                user=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Ihre Beurteilung wurde gespeichert."))
    else:
        messages.error(request, _("Bitte bewerten Sie jedes Kriterium mit 0 bis 5 Punkten."))
    return redirect(project)


@require_POST
def topic_suggestions(request):
    """htmx: topic suggestions for the text typed into the project form."""
    text = " ".join(request.POST.get(name, "") for name in ("title", "description"))
    try:
        suggestions = suggest_topic_areas(text.strip()[:5000], cluster=request_cluster(request))
    except NoPublishedEdition as missing:
        return render(request, "projects/_topic_suggestions.html", {"problem": str(missing)})
    return render(request, "projects/_topic_suggestions.html", {"suggestions": suggestions})


@login_required
@require_POST
def project_support(request, pk):
    project = _project(request, pk, write=True)
    form = SupportForm(request.POST)
    if form.is_valid():
        services.add_support_activity(project=project, user=request.user, **form.cleaned_data)
        messages.success(request, _("Die Unterstützungsleistung wurde erfasst."))
    else:
        messages.error(request, _("Bitte Datum und Art der Unterstützung angeben."))
    return redirect(project)


@login_required
@require_POST
def project_results(request, pk):
    project = _project(request, pk, write=True)
    form = _results_form(project, request.POST)
    if form.is_valid():
        services.set_results(project=project, user=request.user, values=form.cleaned_data)
        messages.success(request, _("Die Ergebnisse wurden gespeichert."))
    else:
        messages.error(request, _("Bitte nur ganze Zahlen ab 0 angeben."))
    return redirect(project)
