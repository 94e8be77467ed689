"""Interviews and workshops of the request's cluster: lists and forms for its cluster
management (403 for others; a record of another cluster is a 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.participation import queries, services
from clusterwerk.participation.forms import add_service_errors
from clusterwerk.participation.record_forms import InterviewForm, WorkshopForm


def interview_list(request):
    cluster = request_cluster(request)
    interviews = list(queries.interviews_for(request.user, cluster))
    numbers = queries.topic_number_map(cluster)
    for interview in interviews:
        interview.topic_numbers = [
            numbers[lineage] for lineage in interview.topic_lineages if lineage in numbers
        ]
    return render(
        request,
        "participation/interview_list.html",
        {"cluster": cluster, "interviews": interviews},
    )


def _interview_form(request, cluster, interview=None):
    form = InterviewForm(request.POST or None, cluster=cluster, instance=interview)
    if request.method == "POST" and form.is_valid():
        try:
            if interview is None:
                services.record_interview(user=request.user, cluster=cluster, **form.cleaned_data)
                messages.success(request, _("Das Interview ist erfasst."))
            else:
                services.update_interview(
                    user=request.user, interview=interview, **form.cleaned_data
                )
                messages.success(request, _("Das Interview ist gespeichert."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("participation:interviews")
    return render(
        request,
        "participation/interview_form.html",
        {"cluster": cluster, "form": form, "interview": interview},
        status=400 if form.errors else 200,
    )


def interview_create(request):
    cluster = request_cluster(request)
    queries.ensure_records_manager(request.user, cluster)
    return _interview_form(request, cluster)


def interview_edit(request, pk):
    cluster = request_cluster(request)
    return _interview_form(
        request, cluster, queries.get_interview_for_user(request.user, cluster, pk)
    )


def workshop_list(request):
    cluster = request_cluster(request)
    return render(
        request,
        "participation/workshop_list.html",
        {"cluster": cluster, "workshops": queries.workshops_for(request.user, cluster)},
    )


def _workshop_form(request, cluster, workshop=None):
    form = WorkshopForm(request.POST or None, cluster=cluster, instance=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            if workshop is None:
                services.record_workshop(user=request.user, cluster=cluster, **form.cleaned_data)
                messages.success(request, _("Der Workshop ist erfasst."))
            else:
                services.update_workshop(user=request.user, workshop=workshop, **form.cleaned_data)
                messages.success(request, _("Der Workshop ist gespeichert."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("participation:workshops")
    return render(
        request,
        "participation/workshop_form.html",
        {"cluster": cluster, "form": form, "workshop": workshop},
        status=400 if form.errors else 200,
    )


def workshop_create(request):
    cluster = request_cluster(request)
    queries.ensure_records_manager(request.user, cluster)
    return _workshop_form(request, cluster)


def workshop_edit(request, pk):
    cluster = request_cluster(request)
    return _workshop_form(
        request, cluster, queries.get_workshop_for_user(request.user, cluster, pk)
    )
