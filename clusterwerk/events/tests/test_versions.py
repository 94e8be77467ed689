"""Every write of the events app marks the cluster's event data as changed, so that cached pages
that show events (monitoring report, topic-area page, actor profile) are rebuilt."""

import pytest

from clusterwerk.core import versions
from clusterwerk.events.services import registration as registrations
from clusterwerk.events.services.events import cancel_event
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.registration_support import sign_up
from conftest import make_user

pytestmark = pytest.mark.django_db


def events_version(cluster) -> str:
    return versions.versions(cluster, [versions.EVENTS])[versions.EVENTS]


def test_registrations_and_a_cancelled_event_bump_the_events_version(cluster, cluster_manager):
    event = make_event(cluster)
    person = make_user("versioniert@example.org", cluster, "member")
    seen = [events_version(cluster)]

    registration = sign_up(event, person)
    seen.append(events_version(cluster))
    registrations.cancel_registration(registration=registration, by=person)
    seen.append(events_version(cluster))
    sign_up(event, person)
    seen.append(events_version(cluster))
    cancel_event(event=event, by=cluster_manager, reason="Referent erkrankt")
    seen.append(events_version(cluster))

    assert len(set(seen)) == len(seen)
