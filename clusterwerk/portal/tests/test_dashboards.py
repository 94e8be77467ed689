"""The dashboards: "Mein Bereich" (members), "Aufgaben" (the cluster's management), where the
login leads, and the same data in the API."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.governance.models import ActionStatus
from clusterwerk.governance.tests.factories import (
    make_action_item,
    make_body,
    make_meeting,
    make_member,
)
from clusterwerk.matchmaking.models import InterestStatus, ListingStatus
from clusterwerk.matchmaking.tests.factories import (
    make_interest,
    make_listing,
    make_market,
    make_representative,
)
from clusterwerk.portal import dashboards
from clusterwerk.portal.tests.dashboard_support import (
    change_request,
    consultation_of,
    follow,
    listing_in_review,
    listing_with_interest,
    proposed_idea,
    reported_comment,
    saved_search,
)
from conftest import PASSWORD

MY_AREA = "/mein-bereich/"
TASKS = "/aufgaben/"


@pytest.fixture
def market(cluster):
    return make_market(cluster)


def past_meeting(body, days_ago: int = 40):
    """A meeting of `body` held `days_ago` days ago (where action items come from)."""
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return make_meeting(
        body,
        title=f"{body.name}: Sitzung vor {days_ago} Tagen",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )


def overdue_action_item(meeting, owner, *, days: int, **overrides):
    """An open action item of `meeting` whose due date was `days` days ago."""
    due_on = timezone.localdate() - datetime.timedelta(days=days)
    return make_action_item(meeting, owner, due_on=due_on, **overrides)


def logged_in(client, user):
    client.force_login(user)
    return client


# --- Who may see what -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [MY_AREA, TASKS, "/start/"])
def test_anonymous_people_are_sent_to_the_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={path}" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "outsider", "board_member", "other_cluster_manager"])
def test_only_the_management_of_the_request_cluster_sees_the_tasks(
    client, cluster, persona, tenant_personas
):
    response = logged_in(client, tenant_personas(persona)).get(TASKS)
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_management_of_another_cluster_sees_that_clusters_tasks_only(
    client, cluster, other_cluster, other_cluster_manager, market
):
    change_request(market.owner, market.owner_user, cluster)
    client.force_login(other_cluster_manager)
    assert client.get(TASKS).status_code == 403
    response = client.get(f"/c/{other_cluster.slug}{TASKS}")
    assert response.status_code == 200
    assert market.owner.name not in response.content.decode()


@pytest.mark.django_db
def test_a_person_without_organisation_gets_the_next_step(client, outsider, cluster):
    response = logged_in(client, outsider).get(MY_AREA)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Organisation zuordnen" in page
    assert "Meine Anfragen" in page
    # No organisation: no listings or interests sections.
    assert "Meine Inserate" not in page


# --- Mein Bereich -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_listing_with_a_pending_interest_asks_for_an_answer(client, market):
    listing, interest = listing_with_interest(market)
    page = logged_in(client, market.owner_user).get(MY_AREA).content.decode()
    detail = reverse("matchmaking:listing-detail", args=[listing.pk])
    assert "Interesse beantworten" in page
    assert f'href="{detail}#interest-{interest.pk}"' in page
    assert f'href="{detail}#interests-heading"' in page
    assert "1 Interessensbekundung, 1 offen" in page
    assert market.institute.name in page  # who is waiting for the answer


@pytest.mark.django_db
def test_an_answered_interest_no_longer_asks_for_an_answer(client, market):
    listing, interest = listing_with_interest(market)
    interest.status = InterestStatus.ACCEPTED
    interest.save()
    page = logged_in(client, market.owner_user).get(MY_AREA).content.decode()
    assert "Interesse beantworten" not in page
    assert "Niemand wartet auf eine Antwort." in page
    assert listing.title in page


@pytest.mark.django_db
def test_the_profile_hint_names_what_is_missing_and_links_to_the_edit_form(client, market):
    page = logged_in(client, market.owner_user).get(MY_AREA).content.decode()
    edit = reverse("actors:edit", args=[market.owner.pk, market.owner.slug])
    assert market.owner.name in page
    assert "Profil ergänzen" in page
    assert f'href="{edit}"' in page
    assert "Es fehlen: Beschreibung, Website, Anschrift, Themenbereiche der Kompetenzen, " in page
    # Another organisation's profile is not this person's.
    assert market.institute.name not in page


@pytest.mark.django_db
def test_a_complete_profile_says_so_and_a_pending_change_is_shown(client, market, cluster):
    actor = market.institute
    actor.description = "Fügetechnik für die Industrie."
    actor.website = "https://fuegetechnik.example"
    actor.postal_code = "03046"
    actor.save()
    actor.contacts.create(name="Ingo Igel", consent=True)
    client = logged_in(client, market.institute_user)
    assert "Profil vollständig" in client.get(MY_AREA).content.decode()
    change_request(actor, market.institute_user, cluster)
    page = client.get(MY_AREA).content.decode()
    assert "Ihre Änderung wartet auf Prüfung" in page
    assert "Profil bearbeiten" in page


@pytest.mark.django_db
def test_sent_interests_show_their_state_and_keep_anonymity(client, market):
    listing = make_listing(market.owner, title="Anonymes Gesuch", is_anonymous=True)
    make_interest(listing, market.institute, market.institute_user)
    page = logged_in(client, market.institute_user).get(MY_AREA).content.decode()
    assert "Gesendete Interessensbekundungen" in page
    assert "Anonymes Gesuch" in page
    assert "offen" in page
    assert market.owner.name not in page


@pytest.mark.django_db
def test_saved_searches_show_their_new_hits(client, market, cluster):
    search = saved_search(market.institute_user, cluster, query="Pulverbeschichtung")
    make_listing(market.owner, title="Pulverbeschichtung frei", keywords=["Pulverbeschichtung"])
    make_listing(market.owner, title="Drehteile", description="CNC", keywords=["Drehen"])
    page = logged_in(client, market.institute_user).get(MY_AREA).content.decode()
    assert search.name in page
    assert "1 neuer Treffer" in page
    hits = reverse("matchmaking:saved-search-hits", args=[search.pk])
    assert f'href="{hits}"' in page
    assert "Neue Treffer ansehen" in page


@pytest.mark.django_db
def test_followed_consultations_are_listed_with_their_next_action(client, market, cluster):
    consultation = consultation_of(market, title="Fortschreibung 2026")
    consultation_of(market, title="Nicht gefolgt")
    follow(market.owner_user, consultation)
    page = logged_in(client, market.owner_user).get(MY_AREA).content.decode()
    assert "Fortschreibung 2026" in page
    assert "Nicht gefolgt" not in page
    assert "Mitmachen" in page


@pytest.mark.django_db
def test_my_area_shows_only_the_request_clusters_things(client, market, cluster, other_cluster):
    listing_with_interest(market)
    follow(market.owner_user, consultation_of(market, title="Fortschreibung 2026"))
    client = logged_in(client, market.owner_user)
    page = client.get(f"/c/{other_cluster.slug}{MY_AREA}").content.decode()
    assert market.owner.name not in page
    assert "Interesse beantworten" not in page
    assert "Fortschreibung 2026" not in page
    assert "Organisation zuordnen" in page
    data = client.get(f"/c/{other_cluster.slug}/api/v1/me/dashboard").json()
    assert data["organisations"] == data["interests_to_answer"] == data["consultations"] == []


@pytest.mark.django_db
def test_a_manager_sees_the_way_to_the_tasks_from_my_area(client, cluster_manager):
    page = logged_in(client, cluster_manager).get(MY_AREA).content.decode()
    assert reverse("portal:tasks") in page


@pytest.mark.django_db
def test_bodies_in_my_area_and_overdue_action_items_in_the_tasks(
    client, cluster, other_cluster, cluster_manager
):
    body = make_body(cluster)
    member = make_member(body, "beirat@example.org")
    colleague = make_member(body, "kollegin@example.org")
    held = past_meeting(body)
    upcoming = make_meeting(body, title="Beirat: Frühjahrssitzung")
    mine = overdue_action_item(held, member.user, days=5, title="Stellungnahme verschicken")
    theirs = overdue_action_item(held, colleague.user, days=3, title="Protokoll prüfen")
    later = make_action_item(
        held,
        member.user,
        title="Bericht vorbereiten",
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    overdue_action_item(held, member.user, days=6, title="Längst erledigt", status="done")
    foreign = make_body(other_cluster)
    overdue_action_item(
        past_meeting(foreign),
        make_member(foreign, "fremd@example.org").user,
        days=5,
        title="Fremde Aufgabe",
    )

    # Mein Bereich of the member: the next meeting, the own open action items, overdue first.
    page = logged_in(client, member.user).get(MY_AREA).content.decode()
    bodies = page[page.index('id="governance-heading"') :]
    assert "Beirat: Frühjahrssitzung" in bodies
    assert f'href="{reverse("governance:meeting", args=[body.slug, upcoming.pk])}"' in bodies
    assert "Sitzung ansehen" in bodies
    assert held.title not in bodies  # a past meeting is no next meeting
    assert f"überfällig seit {mine.due_on:%d.%m.%Y}" in bodies
    assert f"fällig am {later.due_on:%d.%m.%Y}" in bodies
    assert bodies.index(mine.title) < bodies.index(later.title)
    assert f'href="{reverse("governance:meeting", args=[body.slug, held.pk])}"' in bodies
    for title in (theirs.title, "Längst erledigt", "Fremde Aufgabe"):
        assert title not in page
    assert reverse("governance:action-items") in bodies
    data = client.get("/api/v1/me/dashboard").json()
    assert [item["title"] for item in data["governance"]] == [
        upcoming.title,
        mine.title,
        later.title,
    ]
    assert logged_in(client, member.user).get(TASKS).status_code == 403

    # Aufgaben of the management: every overdue open action item of the cluster, oldest first.
    page = logged_in(client, cluster_manager).get(TASKS).content.decode()
    assert "Überfällige Aufgaben der Gremien" in page
    assert f'href="{reverse("governance:action-items")}"' in page
    assert page.index(mine.title) < page.index(theirs.title)
    assert f"{mine.owner_name} · {body.name}, fällig am {mine.due_on:%d.%m.%Y}" in page
    assert "seit 5 Tagen" in page and "Nachfassen" in page
    for title in (later.title, "Längst erledigt", "Fremde Aufgabe"):
        assert title not in page
    data = client.get("/api/v1/tasks").json()
    group = next(group for group in data["groups"] if group["kind"] == "action_item")
    assert (group["count"], group["oldest_age_days"]) == (2, 5)
    assert [task["title"] for task in data["tasks"]] == [mine.title, theirs.title]


# --- Aufgaben -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.clock
def test_a_pending_change_request_appears_with_its_age(client, market, cluster, cluster_manager):
    change = change_request(market.owner, market.owner_user, cluster, age_days=3)
    page = logged_in(client, cluster_manager).get(TASKS).content.decode()
    assert market.owner.name in page
    assert "seit 3 Tagen" in page
    assert f'href="{reverse("actors:review", args=[change.pk])}"' in page
    assert "Änderung prüfen" in page


@pytest.mark.django_db
@pytest.mark.clock
def test_every_kind_of_task_is_counted_with_its_oldest_age(
    client, market, cluster, cluster_manager
):
    change_request(market.owner, market.owner_user, cluster, age_days=1)
    change_request(market.supplier, market.supplier_user, cluster, age_days=6)
    listing = listing_in_review(market.owner, market.owner_user, age_days=2)
    idea = proposed_idea(cluster, market.owner_user, age_days=0)
    consultation = consultation_of(market)
    reported_comment(consultation, market.owner_user, market.institute_user, age_days=10)
    body = make_body(cluster)
    meeting = past_meeting(body)
    owner = make_member(body, "beirat@example.org").user
    overdue_action_item(meeting, owner, days=4, title="Stellungnahme verschicken")
    overdue_action_item(meeting, owner, days=1, status=ActionStatus.IN_PROGRESS)
    # neither due yet, nor done, nor dropped: not a task
    overdue_action_item(meeting, owner, days=-3, title="Noch nicht fällig")
    overdue_action_item(meeting, owner, days=8, status=ActionStatus.DONE)
    overdue_action_item(meeting, owner, days=8, status=ActionStatus.DROPPED)

    board = dashboards.task_board(cluster_manager, cluster)
    counts = {
        group.kind: (group.count, group.oldest and group.oldest.age) for group in board.groups
    }
    assert counts == {
        "claim": (0, None),
        "change": (2, "seit 6 Tagen"),
        "listing": (1, "seit 2 Tagen"),
        "idea": (1, "seit heute"),
        "report": (1, "seit 10 Tagen"),
        "message": (0, None),
        "conflict": (0, None),
        "action_item": (2, "seit 4 Tagen"),
    }
    assert board.total == 7
    oldest_first = [task.kind for task in board.combined()]
    assert oldest_first == [
        "report",
        "change",
        "action_item",
        "listing",
        "action_item",  # due yesterday: waiting since the start of yesterday
        "change",
        "idea",
    ]
    assert [task.kind for task in board.combined(newest_first=True)] == oldest_first[::-1]

    client = logged_in(client, cluster_manager)
    page = client.get(TASKS).content.decode()
    for url in [
        reverse("matchmaking:listing-detail", args=[listing.pk]),
        reverse("projects:detail", args=[idea.pk]),
        reverse("participation:moderation", args=[consultation.slug]),
        reverse("governance:meeting", args=[body.slug, meeting.pk]),
    ]:
        assert f'href="{url}"' in page
    assert "Stellungnahme verschicken" in page
    assert "Noch nicht fällig" not in page
    assert "warten 7 Vorgänge auf das Clustermanagement" in page
    assert page.index("Meldung bearbeiten") < page.index("Idee entscheiden")
    newest = client.get(TASKS, {"sortierung": "neueste"}).content.decode()
    assert newest.index("Idee entscheiden") < newest.index("Meldung bearbeiten")


@pytest.mark.django_db
def test_tasks_of_another_cluster_do_not_appear(market, cluster, cluster_manager, other_cluster):
    foreign = make_actor(other_cluster, "Kunststoff AG")
    person = make_representative(foreign, "k@kunststoff.example", other_cluster)
    change_request(foreign, person, other_cluster)
    proposed_idea(other_cluster, person, title="Fremde Idee")
    listing_in_review(foreign, person)
    assert dashboards.task_board(cluster_manager, cluster).total == 0


@pytest.mark.django_db
def test_an_empty_queue_says_so(client, cluster_manager):
    page = logged_in(client, cluster_manager).get(TASKS).content.decode()
    assert "Nichts wartet. Alles erledigt." in page
    assert "warten 0 Vorgänge" in page


# --- Query counts -------------------------------------------------------------------------------


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_tasks_read_a_constant_number_of_queries(
    client, market, cluster, cluster_manager, django_assert_max_num_queries
):
    client = logged_in(client, cluster_manager)
    consultation = consultation_of(market)
    change_request(market.owner, market.owner_user, cluster)
    listing_in_review(market.owner, market.owner_user)
    proposed_idea(cluster, market.owner_user)
    reported_comment(consultation, market.owner_user, market.institute_user)
    body = make_body(cluster)
    meeting = past_meeting(body)
    owner = make_member(body, "beirat@example.org").user
    overdue_action_item(meeting, owner, days=2)
    few = count_queries(client, TASKS)
    change_request(market.institute, market.institute_user, cluster)
    change_request(market.supplier, market.supplier_user, cluster)
    other_body = make_body(cluster, slug="lenkungskreis", name="Lenkungskreis")
    other_meeting = past_meeting(other_body, days_ago=20)
    for number in range(5):
        listing_in_review(market.supplier, market.supplier_user, title=f"Gesuch {number}")
        proposed_idea(cluster, market.owner_user, title=f"Idee {number}")
        reported_comment(consultation, market.owner_user, market.supplier_user)
        overdue_action_item(other_meeting, owner, days=number + 1, title=f"Aufgabe {number}")
    assert count_queries(client, TASKS) == few
    # 20, and the bodies' overdue action items: two (the first ones with their meeting and
    # body in one query, and their number)
    with django_assert_max_num_queries(22):
        client.get(TASKS)


@pytest.mark.django_db
def test_my_area_reads_a_constant_number_of_queries(
    client, market, cluster, django_assert_max_num_queries
):
    client = logged_in(client, market.owner_user)
    listing_with_interest(market)
    saved_search(market.owner_user, cluster)
    follow(market.owner_user, consultation_of(market))
    make_interest(make_listing(market.supplier, title="Drehteile"), market.owner, market.owner_user)
    few = count_queries(client, MY_AREA)
    for number in range(4):
        listing, _interest = listing_with_interest(market, title=f"Inserat {number}")
        make_interest(listing, market.supplier, market.supplier_user)
        make_listing(market.owner, title=f"Entwurf {number}", status=ListingStatus.DRAFT)
        make_interest(
            make_listing(market.institute, title=f"Fremd {number}"),
            market.owner,
            market.owner_user,
        )
        saved_search(market.owner_user, cluster, query=f"Inserat {number}")
        follow(market.owner_user, consultation_of(market, title=f"Beteiligung {number}"))
    assert count_queries(client, MY_AREA) == few
    # 25, and the Fachkräftematrix's few: the companies, the open surveys, the succession
    # cases and interests, the chambers
    with django_assert_max_num_queries(29):
        client.get(MY_AREA)


# --- After the login ----------------------------------------------------------------------------


def login(client, user, **extra):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, **extra}
    )


@pytest.mark.django_db
def test_the_login_leads_the_management_to_its_tasks(client, cluster_manager):
    response = login(client, cluster_manager)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:start")
    assert client.get(response["Location"])["Location"] == reverse("portal:tasks")


@pytest.mark.django_db
def test_the_login_leads_members_to_my_area(client, member):
    response = login(client, member)
    assert client.get(response["Location"])["Location"] == reverse("portal:my-area")


@pytest.mark.django_db
def test_the_login_follows_next(client, cluster_manager):
    response = login(client, cluster_manager, next="/projekte/")
    assert response["Location"] == "/projekte/"


@pytest.mark.django_db
def test_the_start_page_and_navigation_lead_logged_in_people_to_their_dashboard(
    client, cluster, cluster_manager, member
):
    anonymous_page = client.get("/").content.decode()
    assert reverse("portal:start") not in anonymous_page
    assert "Mein Bereich" not in anonymous_page
    member_page = logged_in(client, member).get("/").content.decode()
    assert f'href="{reverse("portal:start")}"' in member_page
    assert f'href="{MY_AREA}"' in member_page
    assert f'href="{TASKS}"' not in member_page
    manager_page = logged_in(client, cluster_manager).get("/").content.decode()
    assert f'href="{TASKS}"' in manager_page


# --- API ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_my_dashboard(client, market):
    listing, interest = listing_with_interest(market)
    assert client.get("/api/v1/me/dashboard").status_code == 401
    data = logged_in(client, market.owner_user).get("/api/v1/me/dashboard").json()
    assert data["organisations"][0]["title"] == market.owner.name
    assert data["organisations"][0]["action"] == "Profil ergänzen"
    assert data["interests_to_answer"] == [
        {
            "title": listing.title,
            "url": reverse("matchmaking:listing-detail", args=[listing.pk]),
            "status": "offen",
            "note": f"von {market.institute.name}, seit heute",
            "action": "Interesse beantworten",
            "action_url": reverse("matchmaking:listing-detail", args=[listing.pk])
            + f"#interest-{interest.pk}",
        }
    ]
    assert data["claims"] == []
    assert data["next_step"] is None


@pytest.mark.django_db
def test_api_my_dashboard_without_organisation_names_the_next_step(client, outsider, cluster):
    data = logged_in(client, outsider).get("/api/v1/me/dashboard").json()
    assert data["organisations"] == []
    assert data["next_step"]["action"] == "Organisation zuordnen"


@pytest.mark.django_db
@pytest.mark.clock
def test_api_tasks(client, market, cluster, cluster_manager, other_cluster_manager):
    change = change_request(market.owner, market.owner_user, cluster, age_days=3)
    assert client.get("/api/v1/tasks").status_code == 401
    forbidden = logged_in(client, other_cluster_manager).get("/api/v1/tasks")
    assert forbidden.status_code == 403
    assert "Clustermanagement" in forbidden.json()["detail"]
    data = logged_in(client, cluster_manager).get("/api/v1/tasks").json()
    assert data["total"] == 1
    change_group = next(group for group in data["groups"] if group["kind"] == "change")
    assert change_group == {
        "kind": "change",
        "label": "Profiländerungen",
        "count": 1,
        "oldest_age_days": 3,
        "oldest_age": "seit 3 Tagen",
        "queue_url": reverse("actors:review-queue"),
    }
    [task] = data["tasks"]
    assert task["url"] == reverse("actors:review", args=[change.pk])
    assert task["age_days"] == 3
    newest = client.get("/api/v1/tasks", {"newest_first": "true"}).json()
    assert newest["tasks"] == data["tasks"]
    refused = client.get("/api/v1/tasks", {"newest_first": "vielleicht"})
    assert refused.status_code == 422
    assert "newest_first" in refused.json()["detail"]


# --- Claims (the front door) ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.clock
def test_a_pending_claim_shows_in_my_area_and_in_the_tasks(
    client, cluster, outsider, cluster_manager, pinned_clock
):
    from clusterwerk.actors.services.joining import submit_claim

    actor = make_actor(cluster, "Gießerei am Kanal")
    claim = submit_claim(user=outsider, cluster=cluster, actor=actor, message="Geschäftsführer")

    mine = dashboards.member_dashboard(outsider, cluster)
    assert [item.title for item in mine.claims] == ["Gießerei am Kanal"]
    assert mine.as_dict()["next_step"] is None  # the claim is the next step already taken
    page = logged_in(client, outsider).get(MY_AREA).content.decode()
    assert "Gießerei am Kanal" in page and reverse("actors:welcome") in page

    pinned_clock.shift(datetime.timedelta(days=2))
    board = dashboards.task_board(cluster_manager, cluster)
    claims = next(group for group in board.groups if group.kind == "claim")
    assert (claims.count, claims.oldest.age) == (1, "seit 2 Tagen")
    assert claims.tasks[0].url == reverse("actors:claim-detail", args=[claim.pk])
    assert claims.queue_url == reverse("actors:claim-queue")
