"""The topic area's page: the plan's text (masterplan) with what the cluster does in it – the
actors with a competence tagged to it (actors), its projects (projects), its events
(events: upcoming and past, those the viewer may see), the innovation prize's published
entries (award) and the published foresight items tagged to it (foresight)."""

from django.shortcuts import render

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors.queries import actors_for_topic_area
from clusterwerk.award.related import prizes_for_topic_area
from clusterwerk.core import versions
from clusterwerk.core.page_cache import cache_public_page
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events.related import events_for_topic_area
from clusterwerk.foresight.related import items_for_topic
from clusterwerk.masterplan import queries as masterplan
from clusterwerk.masterplan.pages import edition_context
from clusterwerk.projects.queries import projects_for_topic_area


@cache_public_page(
    versions.MASTERPLAN,
    versions.ACTORS,
    versions.PROJECTS,
    versions.EVENTS,
    versions.AWARD,
    versions.FORESIGHT,
)
def topic_area_detail(request, edition_slug, number):
    cluster = request_cluster(request)
    edition = masterplan.get_edition_for_user(request.user, cluster, edition_slug)
    topic_area = masterplan.get_topic_area(edition, number)
    outgoing, incoming = masterplan.related_topic_areas(topic_area)
    # The actors panel counts and sorts the whole directory: computed once per data version
    # and visibility class (the management sees drafts in the directory).
    visibility = "management" if manages_cluster(request.user, cluster) else "published"
    actors, actor_count = versions.get_or_set(
        "topic-area-actors",
        cluster,
        [versions.ACTORS, versions.MASTERPLAN],
        lambda: actors_for_topic_area(request.user, cluster, topic_area.lineage),
        topic_area.lineage,
        visibility,
        daily=False,
    )
    projects, project_count = projects_for_topic_area(
        request.user, topic_area.lineage, cluster=cluster
    )
    context = edition_context(request, edition, topic_area)
    context.update(
        {
            "outgoing": outgoing,
            "incoming": incoming,
            "topic_actors": actors,
            "topic_actor_count": actor_count,
            "topic_projects": projects,
            "topic_project_count": project_count,
            "topic_events": events_for_topic_area(request.user, cluster, topic_area.lineage),
            "topic_prizes": prizes_for_topic_area(request.user, cluster, topic_area.lineage),
            "topic_foresight": items_for_topic(cluster, topic_area.lineage),
        }
    )
    return render(request, "portal/topic_area_detail.html", context)
