"""Pages of the Fachkräftematrix: the company survey.

- `surveys`: the management's list of surveys (with the number of submitted answers); a
  company's representative sees the open surveys with a link to answer.
- `survey_create`, `survey_edit`: the management's form; occupations picked from the KldB
  2010 reference data (filter box by code or title).
- `survey_manage`: status, dates, answers per district (counts only), and the buttons to open,
  remind and close.
- `survey_answer`: the company's form on a phone – a representative of several companies
  picks one first; one compact group of inputs per occupation; "Entwurf speichern" and
  "Abgeben". After the submission a thank-you page with the link to the matrix.
Nothing a person typed is lost: a refused save re-renders the form with their input.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.skills.forms_survey import AnswerForm, CompanyForm, SurveyForm, add_service_errors
from clusterwerk.skills.models import ResponseStatus, Survey, SurveyResponse, SurveyStatus
from clusterwerk.skills.permissions import manages_skills
from clusterwerk.skills.services import survey as services


def _messages_of(error) -> list[str]:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [message for values in error.message_dict.values() for message in values]
        return list(error.messages)
    return [str(error)]


def _require_manager(request, cluster) -> None:
    if not manages_skills(request.user, cluster):
        raise PermissionDenied(_("Die Betriebsbefragung verwaltet das Clustermanagement."))


def get_survey(cluster, year: int) -> Survey:
    survey = Survey.objects.filter(cluster=cluster, year=year).select_related("cluster").first()
    if survey is None:
        raise Http404(_("Diese Befragung gibt es nicht."))
    return survey


# --- the management --------------------------------------------------------------------------


@login_required
def survey_list(request):
    cluster = request_cluster(request)
    manages = manages_skills(request.user, cluster)
    companies = services.answering_companies(request.user, cluster)
    if not manages and not companies:
        raise PermissionDenied(
            _(
                "Die Betriebsbefragung beantworten Vertreterinnen und Vertreter der "
                "Mitgliedsbetriebe; verwaltet wird sie vom Clustermanagement."
            )
        )
    surveys = Survey.objects.filter(cluster=cluster).annotate(
        submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
    )
    if not manages:
        surveys = [survey for survey in surveys if services.is_open(survey)]
    return render(
        request,
        "skills/survey_list.html",
        {"surveys": surveys, "manages": manages, "companies": companies},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                survey = services.create_survey(
                    user=request.user, cluster=cluster, **form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Befragung ist als Entwurf angelegt. Eröffnen Sie sie, wenn alles "
                        "passt."
                    ),
                )
                return redirect("skills:survey_manage", survey.year)
    return render(request, "skills/survey_form.html", {"form": form, "survey": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, year):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    survey = get_survey(cluster, year)
    form = SurveyForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_survey(
                    user=request.user, survey=survey, data=form.data_for_services()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Befragung ist gespeichert."))
                return redirect("skills:survey_manage", survey.year)
    return render(
        request, "skills/survey_form.html", {"form": form, "survey": survey}, status=status
    )


MANAGE_ACTIONS = ("open", "close", "remind")


@login_required
@require_http_methods(["GET", "POST"])
def survey_manage(request, year):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    survey = get_survey(cluster, year)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "open":
                services.open_survey(user=request.user, survey=survey)
                messages.success(request, _("Die Befragung ist eröffnet."))
            elif action == "close":
                services.close_survey(user=request.user, survey=survey)
                messages.success(request, _("Die Befragung ist abgeschlossen."))
            elif action == "remind":
                count = services.remind_survey(user=request.user, survey=survey)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d Betrieb ohne abgegebene Antwort wird per E-Mail erinnert.",
                        "%(count)d Betriebe ohne abgegebene Antwort werden per E-Mail erinnert.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                messages.error(request, _("Diese Aktion gibt es nicht."))
        except (ValidationError, PermissionDenied) as error:
            for message in _messages_of(error):
                messages.error(request, message)
        return redirect("skills:survey_manage", survey.year)
    counts = services.district_counts(survey)
    totals = {
        "submitted": sum(row["submitted"] for row in counts),
        "drafts": sum(row["drafts"] for row in counts),
    }
    return render(
        request,
        "skills/survey_manage.html",
        {
            "survey": survey,
            "occupations": services.survey_occupations(survey),
            "counts": counts,
            "totals": totals,
            "companies": services.member_companies(cluster).count(),
            "to_remind": len(services.companies_to_remind(survey)),
            "is_open": services.is_open(survey),
            "closed_reason": services.closed_reason(survey),
            "can_open": survey.status != SurveyStatus.OPEN,
            "can_close": survey.status == SurveyStatus.OPEN,
            "matrix_url": reverse("skills:matrix"),
        },
    )


# --- the company's answer ------------------------------------------------------------------------


def _chosen_company(request, companies):
    wanted = request.POST.get("betrieb") or request.GET.get("betrieb") or ""
    if len(companies) == 1 and not wanted:
        return companies[0]
    for actor in companies:
        if str(actor.pk) == wanted:
            return actor
    return None


def _answer_form(survey, response, data=None) -> AnswerForm:
    answers = (
        {answer.occupation_id: answer for answer in response.answers.all()} if response else {}
    )
    return AnswerForm(
        data,
        occupations=services.survey_occupations(survey),
        answers=answers,
        version=response.version if response else 0,
        topics=services.topic_choices(survey.cluster),
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, year):
    cluster = request_cluster(request)
    survey = get_survey(cluster, year)
    companies = services.answering_companies(request.user, cluster)
    if survey.status == SurveyStatus.DRAFT and not manages_skills(request.user, cluster):
        raise Http404(_("Diese Befragung gibt es nicht."))
    context = {"survey": survey, "companies": companies, "closed": services.closed_reason(survey)}
    if not companies:
        return render(request, "skills/response_form.html", context, status=403)
    company = _chosen_company(request, companies)
    if company is None:
        context["company_form"] = CompanyForm(companies=companies)
        return render(request, "skills/response_form.html", context)
    response = services.response_of(survey, company)
    status = 200
    if request.method == "POST" and not context["closed"]:
        form = _answer_form(survey, response, request.POST)
        submit = "abgeben" in request.POST
        if form.is_valid():
            try:
                saved = services.save_response(
                    user=request.user,
                    survey=survey,
                    actor=company,
                    rows=form.changes(),
                    expected_version=form.posted_version(response.version if response else 0),
                    submit=submit,
                )
            except EditConflict as error:
                form.add_error(None, str(error))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error, key_map=form.error_keys())
                status = 400
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                if submit:
                    return redirect(
                        reverse("skills:survey_thanks", args=[survey.year])
                        + f"?betrieb={company.pk}"
                    )
                messages.success(
                    request,
                    _("Ihr Entwurf ist gespeichert. Abgeben können Sie bis zum %(date)s.")
                    % {"date": survey.closes_on.strftime("%d.%m.%Y")},
                )
                return redirect(
                    reverse("skills:survey_answer", args=[survey.year])
                    + f"?betrieb={saved.actor_id}"
                )
        else:
            status = 400
    else:
        form = _answer_form(survey, response)
    context.update(
        company=company,
        response=response,
        form=form,
        groups=form.groups(),
        several=len(companies) > 1,
    )
    return render(request, "skills/response_form.html", context, status=status)


@login_required
def survey_thanks(request, year):
    cluster = request_cluster(request)
    survey = get_survey(cluster, year)
    companies = services.answering_companies(request.user, cluster)
    company = _chosen_company(request, companies)
    if company is None:
        raise Http404(_("Diese Antwort gibt es nicht."))
    response = SurveyResponse.objects.filter(
        survey=survey, actor=company, status=ResponseStatus.SUBMITTED
    ).first()
    if response is None:
        return redirect(
            reverse("skills:survey_answer", args=[survey.year]) + f"?betrieb={company.pk}"
        )
    return render(
        request,
        "skills/response_thanks.html",
        {
            "survey": survey,
            "company": company,
            "response": response,
            "is_open": services.is_open(survey),
            "matrix_url": reverse("skills:matrix"),
        },
    )


urlpatterns = [
    path("fachkraefte/befragung/", survey_list, name="surveys"),
    path("fachkraefte/befragung/neu/", survey_create, name="survey_create"),
    path("fachkraefte/befragung/<int:year>/", survey_manage, name="survey_manage"),
    path("fachkraefte/befragung/<int:year>/bearbeiten/", survey_edit, name="survey_edit"),
    path("fachkraefte/befragung/<int:year>/antworten/", survey_answer, name="survey_answer"),
    path("fachkraefte/befragung/<int:year>/danke/", survey_thanks, name="survey_thanks"),
]
