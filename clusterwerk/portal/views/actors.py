"""The actor's profile page: the directory's profile (actors) with the projects the actor takes
part in (projects), its events (events: those it co-organises, those its people attended –
as counts) and its innovation prizes (award), all of the request's cluster. It keeps the
address of the directory's profile pages (`/akteure/<pk>/<slug>/`)."""

from django.shortcuts import render

from clusterwerk.actors import queries as actor_queries
from clusterwerk.actors.geo import locator_for_actor
from clusterwerk.actors.jsonld import organisation_json_ld
from clusterwerk.actors.views.profile import load_actor
from clusterwerk.award.related import prizes_of_actor
from clusterwerk.core import versions
from clusterwerk.core.page_cache import cache_public_page
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events.related import events_of_actor
from clusterwerk.projects.queries import projects_of_actor


@cache_public_page(
    versions.ACTORS, versions.PROJECTS, versions.MASTERPLAN, versions.EVENTS, versions.AWARD
)
def actor_profile(request, pk, slug):
    actor, moved = load_actor(request, pk, slug)
    if moved:
        return moved
    cluster = request_cluster(request)
    profile = actor_queries.actor_profile(request.user, cluster, actor)
    projects, project_count = projects_of_actor(request.user, actor, cluster=cluster)
    context = {
        "projects": projects,
        "project_count": project_count,
        "actor_events": events_of_actor(request.user, cluster, actor),
        "actor_prizes": prizes_of_actor(request.user, cluster, actor),
        "profile": profile,
        "actor": actor,
        "json_ld": organisation_json_ld(actor, profile, request),
        "locator": locator_for_actor(actor),
    }
    return render(request, "portal/actor_profile.html", context)
