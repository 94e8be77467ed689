"""Interviews and workshops: lists and forms for the cluster management (403 for others)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterwerk.masterplan.queries import get_cluster
from clusterwerk.participation import records
from clusterwerk.participation.record_forms import InterviewForm, WorkshopForm


def _cluster(request):
    return get_cluster(request.GET.get("cluster") or settings.DEFAULT_CLUSTER_SLUG)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def interview_list(request):
    cluster = _cluster(request)
    interviews = list(records.interviews_for(request.user, cluster))
    numbers = records.topic_number_map(cluster)
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
                records.record_interview(user=request.user, cluster=cluster, **form.cleaned_data)
                messages.success(request, _("Das Interview ist erfasst."))
            else:
                records.update_interview(
                    user=request.user, interview=interview, **form.cleaned_data
                )
                messages.success(request, _("Das Interview ist gespeichert."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(_list_url("participation:interviews", cluster))
    return render(
        request,
        "participation/interview_form.html",
        {"cluster": cluster, "form": form, "interview": interview},
        status=400 if form.errors else 200,
    )


def _list_url(name, cluster):
    url = reverse(name)
    if cluster.slug != settings.DEFAULT_CLUSTER_SLUG:
        url += f"?cluster={cluster.slug}"
    return url


def interview_create(request):
    cluster = _cluster(request)
    records.ensure_manager(request.user, cluster)
    return _interview_form(request, cluster)


def interview_edit(request, pk):
    cluster = _cluster(request)
    interview = get_object_or_404(records.interviews_for(request.user, cluster), pk=pk)
    return _interview_form(request, cluster, interview)


def workshop_list(request):
    cluster = _cluster(request)
    return render(
        request,
        "participation/workshop_list.html",
        {"cluster": cluster, "workshops": records.workshops_for(request.user, cluster)},
    )


def _workshop_form(request, cluster, workshop=None):
    form = WorkshopForm(request.POST or None, cluster=cluster, instance=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            if workshop is None:
                records.record_workshop(user=request.user, cluster=cluster, **form.cleaned_data)
                messages.success(request, _("Der Workshop ist erfasst."))
            else:
                records.update_workshop(user=request.user, workshop=workshop, **form.cleaned_data)
                messages.success(request, _("Der Workshop ist gespeichert."))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(_list_url("participation:workshops", cluster))
    return render(
        request,
        "participation/workshop_form.html",
        {"cluster": cluster, "form": form, "workshop": workshop},
        status=400 if form.errors else 200,
    )


def workshop_create(request):
    cluster = _cluster(request)
    records.ensure_manager(request.user, cluster)
    return _workshop_form(request, cluster)


def workshop_edit(request, pk):
    cluster = _cluster(request)
    workshop = get_object_or_404(records.workshops_for(request.user, cluster), pk=pk)
    return _workshop_form(request, cluster, workshop)
