"""Background jobs of the request's cluster: the management's list, one job's page with its
progress (htmx polls the partial) and its file to download."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.accounts.queries import get_job_for_user, queue_health, recent_jobs_of_cluster
from clusterwerk.core.tenancy import request_cluster

# Kinds of jobs that show their progress and result on a page of their own.
OWN_PAGES = {"actors.import": "actors:import-job"}


@login_required
def job_list(request):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied
    return render(
        request,
        "portal/jobs.html",
        {"cluster": cluster, "jobs": recent_jobs_of_cluster(cluster), "health": queue_health()},
    )


@login_required
def job_detail(request, job_id):
    job = get_job_for_user(request.user, request_cluster(request), job_id)
    if job.kind in OWN_PAGES:  # a job whose result has its own page (an import's errors)
        return redirect(OWN_PAGES[job.kind], job_id=job.pk)
    context = {"job": job, "poll_url": request.path}
    if request.htmx:
        return render(request, "core/_job_progress.html", context)
    return render(request, "portal/job_detail.html", context)


@login_required
def job_file(request, job_id):
    job = get_job_for_user(request.user, request_cluster(request), job_id)
    if not job.has_file:
        return render(request, "portal/job_detail.html", {"job": job}, status=404)
    response = HttpResponse(bytes(job.file_content), content_type=job.file_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response
