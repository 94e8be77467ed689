"""A small world for the profile's tests: the published edition (SMALL_PLAN), the demo profile
of cluster "metall" (published, "Wer wir sind" without English), a key figure, a public body
with a chair and a member (English name, German-only description), two member organisations,
projects over five years up to this year and held events with participants."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django.utils.text import slugify

from clusterwerk.actors.models import (
    Actor,
    ActorKind,
    ClusterMembership,
    Competence,
    CompetenceKind,
    CompetenceTopicArea,
)
from clusterwerk.clusterprofile.demo import seed_profile
from clusterwerk.core.models import ClusterFigure
from clusterwerk.events.models import CheckIn, CheckInKind, CheckInMethod, EventStatus
from clusterwerk.events.tests.factories import BERLIN, make_event, make_registration
from clusterwerk.governance.models import MemberFunction
from clusterwerk.governance.tests.factories import make_body, make_member
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.projects.models import ProjectPhase
from clusterwerk.projects.tests.report_support import make_districts, make_project


def _actor(name, kind, cluster, district=None):
    actor = Actor.objects.create(name=name, slug=slugify(name), kind=kind, district=district)
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    return actor


def _held_event(cluster, day: datetime.date, participants: int, **extra):
    starts = datetime.datetime.combine(day, datetime.time(10), tzinfo=BERLIN)
    event = make_event(cluster, starts_at=starts, status=EventStatus.HELD, **extra)
    for _index in range(participants):
        registration = make_registration(event)
        CheckIn.objects.create(
            registration=registration,
            kind=CheckInKind.ENTRY,
            method=CheckInMethod.QR,
            scanned_at=starts,
        )
    return event


@pytest.fixture
def world(cluster):
    today = timezone.localdate()
    year = today.year
    edition = make_edition(cluster)
    topic = edition.topic_areas.order_by("number").first()
    profile = seed_profile(cluster)
    ClusterFigure.objects.create(
        cluster=cluster,
        key="unternehmen",
        label="Unternehmen im Cluster",
        value=2506,
        year=2018,
        source="Amt für Statistik Berlin-Brandenburg",
    )
    districts = make_districts()
    company = _actor("Stahlbau Havel GmbH", ActorKind.COMPANY, cluster, districts["Potsdam"])
    institute = _actor("Institut für Fügetechnik", ActorKind.RESEARCH_INSTITUTE, cluster)
    competence = Competence.objects.create(
        actor=company, kind=CompetenceKind.PROCESS, text="Laserschweißen"
    )
    CompetenceTopicArea.objects.create(competence=competence, lineage=topic.lineage)
    body = make_body(cluster, description="Berät das Clustermanagement.", description_en="")
    make_member(body, None, name="Prof. Dr. Vorsitz", function=MemberFunction.CHAIR, actor=company)
    make_member(body, None, name="Maria Mitglied", actor=institute)
    projects = [
        make_project(
            cluster,
            "Leichtbau Verbund",
            year_initiated=year,
            start_date=datetime.date(year, 1, 1),
            is_rdi=True,
            total_volume="200000",
            funding_amount="120000",
            regional_volume="150000",
            partners=[company, institute],
            primary_topic=topic.lineage,
        ),
        make_project(
            cluster,
            "Schweißen digital",
            year_initiated=year - 2,
            start_date=datetime.date(year - 2, 3, 1),
            end_date=datetime.date(year - 1, 6, 30),
            partners=[company],
            total_volume="50000",
        ),
        make_project(
            cluster,
            "Altprojekt Guss",
            year_initiated=year - 4,
            phase=ProjectPhase.RUNNING,
            is_cross_cluster=True,
        ),
    ]
    events = [
        _held_event(cluster, datetime.date(year - 1, 5, 4), participants=3, title="Forum Stahl"),
        _held_event(cluster, datetime.date(year - 3, 9, 1), participants=1),
    ]
    upcoming = make_event(cluster, title="Clusterkonferenz Metall")
    return SimpleNamespace(
        year=year,
        edition=edition,
        topic=topic,
        profile=profile,
        company=company,
        institute=institute,
        body=body,
        projects=projects,
        events=events,
        upcoming=upcoming,
    )
