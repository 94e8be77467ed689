"""A world for the dashboard tests: the Kooperationsbörse's market (three organisations with
one representative each, `matchmaking.tests.factories.make_market`) with a consultation, and
builders for everything that waits for the management."""

import datetime
import uuid

from django.utils import timezone

from clusterwerk.actors.models import ChangeRequest
from clusterwerk.matchmaking.models import ListingStatus, SavedSearch
from clusterwerk.matchmaking.tests.factories import make_interest, make_listing
from clusterwerk.participation.models import Comment, ContentReport, Follow
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.projects.models import IdeaStatus, Project


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def change_request(actor, user, cluster, *, age_days: int = 0) -> ChangeRequest:
    change = ChangeRequest.objects.create(
        actor=actor,
        cluster=cluster,
        submitted_by=user,
        base_version=actor.version,
        proposed={"description": "Neue Beschreibung"},
    )
    ChangeRequest.objects.filter(pk=change.pk).update(submitted_at=days_ago(age_days))
    change.refresh_from_db()
    return change


def listing_in_review(owner, user, *, title: str = "Gesucht: Partner für Gussteile", age_days=0):
    return make_listing(
        owner,
        created_by=user,
        status=ListingStatus.IN_REVIEW,
        title=title,
        submitted_at=days_ago(age_days),
    )


def proposed_idea(cluster, user, *, title: str = "Idee: Wasserstoff-Schweißzentrum", age_days=0):
    idea = Project.objects.create(
        cluster=cluster, title=title, idea_status=IdeaStatus.PROPOSED, proposed_by=user
    )
    Project.objects.filter(pk=idea.pk).update(created_at=days_ago(age_days))
    return idea


def reported_comment(consultation, author, reporter, *, reason="Werbung", age_days=0):
    comment = Comment.objects.create(
        consultation=consultation,
        element_kind="topic_area",
        element_lineage=uuid.uuid4(),
        author=author,
        body="Kaufen Sie bei uns!",
        body_html="<p>Kaufen Sie bei uns!</p>",
    )
    report = ContentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
    ContentReport.objects.filter(pk=report.pk).update(created_at=days_ago(age_days))
    return report


def follow(user, consultation) -> Follow:
    return Follow.objects.create(user=user, consultation=consultation)


def consultation_of(market, **kwargs):
    return make_consultation(market.cluster, market.plan, **kwargs)


def saved_search(user, cluster, *, query: str = "", seen_days_ago: int = 1) -> SavedSearch:
    return SavedSearch.objects.create(
        user=user,
        cluster=cluster,
        name=f"Suche {query or 'alles'}",
        query=query,
        last_seen_at=days_ago(seen_days_ago),
    )


def listing_with_interest(market, *, title="Freie Kapazität: Pulverbeschichtung"):
    listing = make_listing(market.owner, created_by=market.owner_user, title=title)
    interest = make_interest(listing, market.institute, market.institute_user)
    return listing, interest
