"""The pipeline page at the Kooperationsbörse's address shows the B2B meetings' outcomes
beside (not inside) the Kooperationsbörse's figures."""

import datetime

import pytest
from django.utils import timezone

from clusterwerk.events.models import B2BMeeting, B2BMeetingStatus, B2BSlot
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant

pytestmark = pytest.mark.django_db


def test_b2b_outcomes_on_the_pipeline_page(cluster, manager_client):
    day = make_b2b_day(cluster, slots=3)
    people = [make_participant(day) for _ in range(4)]
    past = timezone.now() - datetime.timedelta(days=3)
    B2BSlot.objects.filter(event=day).update(starts_at=past, ends_at=past)
    slots = list(B2BSlot.objects.filter(event=day))
    B2BMeeting.objects.create(
        event=day,
        first=people[0],
        second=people[1],
        slot=slots[0],
        table=1,
        status=B2BMeetingStatus.HELD,
        outcome="cooperation",
    )
    B2BMeeting.objects.create(
        event=day,
        first=people[2],
        second=people[3],
        slot=slots[0],
        table=2,
        status=B2BMeetingStatus.HELD,
        outcome="project_idea",
    )
    B2BMeeting.objects.create(
        event=day,
        first=people[0],
        second=people[2],
        slot=slots[1],
        table=1,
        status=B2BMeetingStatus.NO_SHOW,
        no_show=people[2],
    )
    B2BMeeting.objects.create(  # planned only: not counted
        event=day, first=people[1], second=people[3], slot=slots[2], table=1
    )
    page = manager_client.get("/kooperation/vermittlung/")
    assert page.status_code == 200
    b2b = page.context["b2b"]
    assert b2b == {"held": 2, "no_show": 1, "cooperation": 1, "project_idea": 1, "no_need": 0}
    assert page.context["report"].totals.interests == 0  # not faked as interests
    assert "B2B-Gespräche der Veranstaltungen" in page.content.decode()


def test_pipeline_still_only_for_the_management(member_client_factory):
    assert member_client_factory("member").get("/kooperation/vermittlung/").status_code == 403
