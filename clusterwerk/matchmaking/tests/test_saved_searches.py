"""Saved searches: the service's validation, the "neue Treffer" count (own and expired
listings excluded) and its context processor, the pages, the weekly digest e-mail (anonymous
owners stay anonymous) and the two cron commands."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.models import User
from clusterwerk.core.models import Cluster, DigestFrequency
from clusterwerk.matchmaking import digest as digest_module
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.context_processors import new_hits
from clusterwerk.matchmaking.models import Listing, ListingStatus, SavedSearch
from clusterwerk.matchmaking.queries import new_hit_count
from clusterwerk.matchmaking.saved_searches import cached_new_hit_count
from clusterwerk.matchmaking.services import mark_search_seen
from clusterwerk.matchmaking.tests.saved_support import (
    OWNER_NAME,
    build_world,
    expire,
    publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

HOUR = datetime.timedelta(hours=1)
WEEK = datetime.timedelta(days=7)


def send_digests(**kwargs):
    """The digest, with the e-mails it queues delivered (after its transactions commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return digest_module.send_digests(**kwargs)


def command(*args, stdout=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(*args, stdout=stdout or StringIO())


@pytest.fixture
def world(cluster):
    return build_world(cluster)


def save(user, **fields) -> SavedSearch:
    """A saved search, looked at an hour ago and mailed a week ago (so that anything
    published now is new, and this week's digest is due)."""
    fields.setdefault("name", "Laser")
    search = services.save_search(user=user, cluster=metall(), **fields)
    earlier = timezone.now() - HOUR
    SavedSearch.objects.filter(pk=search.pk).update(
        last_seen_at=earlier, last_digest_at=timezone.now() - WEEK
    )
    search.refresh_from_db()
    return search


def metall() -> Cluster:
    return Cluster.objects.get(slug="metall")


def fresh(user) -> User:
    """The user without the permission caches of earlier calls."""
    return User.objects.get(pk=user.pk)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the service -------------------------------------------------------------------------------


def test_save_search_stores_query_kinds_topic_and_digest(world):
    search = services.save_search(
        user=world.other_member,
        cluster=world.cluster,
        name=" Schweißen ",
        query="Laserschweißen",
        kinds=["rdi_request", "technology_offer"],
        topic="4.4.2",
        digest=DigestFrequency.NEVER,
    )
    assert (search.name, search.query, search.kinds, search.digest) == (
        "Schweißen",
        "Laserschweißen",
        ["rdi_request", "technology_offer"],
        "never",
    )
    assert str(search.topic_lineage) == world.lineage("4.4.2")


@pytest.mark.parametrize(
    "fields, key, fragment",
    [
        ({"name": "Leer"}, "query", "Bitte geben Sie einen Suchtext"),
        ({"name": "", "query": "Laser"}, "name", "erforderlich"),
        ({"name": "Art", "kinds": ["swap"]}, "kinds", "Unbekannte Art: swap"),
        ({"name": "Thema", "topic": "9.9.9"}, "topic", "Unbekannter Themenbereich: 9.9.9"),
        ({"name": "Mail", "query": "Laser", "digest": "daily"}, "digest", "keine gültige"),
        ({"name": "x" * 121, "query": "Laser"}, "name", "Höchstens 120 Zeichen"),
    ],
)
def test_save_search_refuses_bad_input(world, fields, key, fragment):
    with pytest.raises(ValidationError) as caught:
        services.save_search(user=world.other_member, cluster=world.cluster, **fields)
    assert fragment in " ".join(caught.value.message_dict[key])


def test_save_search_needs_a_login_and_has_a_limit(world):
    with pytest.raises(PermissionDenied):
        services.save_search(user=AnonymousUser(), cluster=world.cluster, name="x", query="Laser")
    for number in range(services.MAX_SAVED_SEARCHES):
        services.save_search(
            user=world.other_member, cluster=world.cluster, name=f"Suche {number}", query="Laser"
        )
    with pytest.raises(ValidationError, match="Höchstens 20 gespeicherte Suchen"):
        services.save_search(
            user=world.other_member, cluster=world.cluster, name="eine zu viel", query="Laser"
        )


# --- new hits ----------------------------------------------------------------------------------


def test_new_hit_count_excludes_own_expired_closed_and_unmatched_listings(world):
    save(world.owner_user, query="Laserschweißen")
    save(world.interested_user, query="Laserschweißen")
    save(world.interested_user, name="Auch Leichtbau", query="Leichtbau Aluminium")
    match = publish(world, title="Laserschweißen von Aluminium")
    expired = publish(world, title="Laserschweißen abgelaufen")
    expire(expired)
    closed = publish(world, title="Laserschweißen beendet")
    services.close_listing(user=world.owner_user, listing=closed)
    publish(
        world,
        kind="training_cooperation",
        title="Verbundausbildung",
        description="Gemeinsame Ausbildung von Metallbauern in der Lausitz und in Potsdam.",
        keywords=["Ausbildung"],
        topics=["6.3.2"],
    )
    assert new_hit_count(fresh(world.owner_user), world.cluster) == 0  # own listings do not count
    assert (
        new_hit_count(fresh(world.interested_user), world.cluster) == 1
    )  # once, though two searches meet it
    assert new_hit_count(AnonymousUser(), world.cluster) == 0
    for search in SavedSearch.objects.filter(user=world.interested_user):
        mark_search_seen(user=world.interested_user, search=search)
    assert new_hit_count(fresh(world.interested_user), world.cluster) == 0
    assert match.pk


def test_marking_one_search_seen_leaves_the_others_new(world):
    first = save(world.other_member, name="Eins", query="Laserschweißen")
    save(world.other_member, name="Zwei", kinds=["rdi_request"])
    publish(world)
    mark_search_seen(user=world.other_member, search=first)
    assert new_hit_count(fresh(world.other_member), world.cluster) == 1
    with pytest.raises(PermissionDenied):
        mark_search_seen(user=world.interested_user, search=first)


def test_cached_count_follows_new_listings_and_visits(world):
    search = save(world.other_member, query="Laserschweißen")
    assert cached_new_hit_count(fresh(world.other_member), world.cluster) == 0
    publish(world)
    assert cached_new_hit_count(fresh(world.other_member), world.cluster) == 1
    second = publish(world, title="Noch einmal Laserschweißen")
    assert cached_new_hit_count(fresh(world.other_member), world.cluster) == 2
    expire(second)
    assert cached_new_hit_count(fresh(world.other_member), world.cluster) == 1
    mark_search_seen(user=world.other_member, search=search)
    assert cached_new_hit_count(fresh(world.other_member), world.cluster) == 0


# --- context processor -------------------------------------------------------------------------


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.cluster = metall()
    return request


def test_context_processor_costs_one_query_without_saved_searches(world, django_assert_num_queries):
    request = request_for(AnonymousUser())
    with django_assert_num_queries(0):
        assert new_hits(request) == {}
    request = request_for(fresh(world.other_member))
    with django_assert_num_queries(1):
        assert new_hits(request) == {"matchmaking_new_hits": 0}


def test_context_processor_costs_two_queries_once_cached(world, django_assert_num_queries):
    save(world.other_member, query="Laserschweißen")
    publish(world)
    assert new_hits(request_for(fresh(world.other_member))) == {"matchmaking_new_hits": 1}
    request = request_for(fresh(world.other_member))
    with django_assert_num_queries(2):
        assert new_hits(request) == {"matchmaking_new_hits": 1}


def test_navigation_shows_the_new_hits(world):
    save(world.other_member, query="Laserschweißen")
    publish(world)
    page = logged_in(world.other_member).get(reverse("matchmaking:saved-search-list"))
    assert "1 neuer Treffer" in page.content.decode()


# --- pages -------------------------------------------------------------------------------------


def test_pages_need_a_login(client, world):
    for url in (
        reverse("matchmaking:saved-search-list"),
        reverse("matchmaking:saved-search-hits", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_saving_from_the_list_page_returns_there(world):
    browser = logged_in(world.other_member)
    back = reverse("matchmaking:listing-list") + "?q=Laser&kind=rdi_request"
    response = browser.post(
        reverse("matchmaking:saved-search-create"),
        {
            "name": "Laser",
            "query": "Laser",
            "kinds": ["rdi_request"],
            "topic": "4.4.2",
            "digest": "weekly",
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    search = SavedSearch.objects.get(user=world.other_member)
    assert (search.query, search.kinds, search.digest) == ("Laser", ["rdi_request"], "weekly")


def test_saving_refuses_foreign_next_urls_and_shows_errors(world):
    browser = logged_in(world.other_member)
    url = reverse("matchmaking:saved-search-create")
    response = browser.post(
        url, {"name": "Laser", "query": "Laser", "digest": "never", "next": "https://evil.test/"}
    )
    assert response["Location"] == reverse("matchmaking:saved-search-list")
    response = browser.post(url, {"name": "Leer", "digest": "weekly"})
    assert response.status_code == 400
    assert (
        "Bitte geben Sie einen Suchtext, eine Art oder ein Thema an." in response.content.decode()
    )
    link = browser.get(url + "?q=Fräsen&kind=technology_offer")
    assert link.status_code == 302
    assert link["Location"].startswith(reverse("matchmaking:saved-search-list") + "?q=Fr")


def test_list_page_prefills_the_form_from_the_query_string(world):
    save(world.other_member, name="Meine Lasersuche", query="Laserschweißen", topic="4.4.2")
    page = logged_in(world.other_member).get(
        reverse("matchmaking:saved-search-list") + "?q=Fräsen&kind=technology_offer"
    )
    text = page.content.decode()
    assert "Meine Lasersuche" in text and "4.4.2" in text
    assert 'value="Fräsen"' in text
    assert 'value="technology_offer" id="id_kinds_0" checked>' in text


def test_hits_page_shows_new_hits_once_and_keeps_the_owner_anonymous(world):
    search = save(world.other_member, query="Laserschweißen")
    listing = publish(world, is_anonymous=True)
    browser = logged_in(world.other_member)
    url = reverse("matchmaking:saved-search-hits", args=[search.pk])
    text = browser.get(url).content.decode()
    assert listing.title in text and "1 neuer Treffer" in text
    assert "Anonymer Anbieter" in text and OWNER_NAME not in text
    again = browser.get(url).content.decode()
    assert "0 neue Treffer" in again and listing.title in again  # now among the others
    assert logged_in(world.interested_user).get(url).status_code == 404


def test_delete_only_own_searches_by_post(world):
    search = save(world.other_member, query="Laser")
    url = reverse("matchmaking:saved-search-delete", args=[search.pk])
    assert logged_in(world.other_member).get(url).status_code == 405
    assert logged_in(world.interested_user).post(url).status_code == 404
    response = logged_in(world.other_member).post(url)
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


# --- the weekly digest ---------------------------------------------------------------------------


def test_digest_lists_new_hits_without_the_anonymous_owner(world):
    save(world.other_member, name="Laser", query="Laserschweißen")
    save(world.other_member, name="Forschung", kinds=["rdi_request"])
    anonymous = publish(world, is_anonymous=True)
    named = publish(
        world,
        owner=world.interested,
        user=world.interested_user,
        title="Laserschweißen mit offenem Visier",
    )
    run = send_digests()
    assert [digest.user.email for digest in run.sent] == [world.other_member.email]
    [message] = mail.outbox
    assert message.to == [world.other_member.email]
    assert message.subject == "Kooperationsbörse: 2 neue passende Inserate"
    body = message.body
    assert anonymous.title in body and named.title in body
    assert "Suche „Laser“" in body and "Suche „Forschung“" in body
    assert OWNER_NAME not in body and "Anonymer Anbieter (Unternehmen)" in body
    assert "Lausitzer Präzisionsteile GmbH" in body  # a named owner is named
    assert f"/kooperation/{anonymous.pk}/" in body
    assert "/kooperation/suchen/" in body


def test_digest_moves_last_digest_at_and_sends_each_hit_once(world):
    search = save(world.other_member, query="Laserschweißen")
    publish(world)
    before = timezone.now()
    send_digests()
    search.refresh_from_db()
    assert search.last_digest_at >= before
    assert len(mail.outbox) == 1
    send_digests()
    assert len(mail.outbox) == 1  # nothing new since
    publish(world, title="Neues Laserschweißen")
    assert send_digests().sent == []  # one digest a week
    assert len(mail.outbox) == 1
    send_digests(now=timezone.now() + WEEK)
    assert len(mail.outbox) == 2
    assert "Neues Laserschweißen" in mail.outbox[1].body
    assert "Partner für Laserschweißen" not in mail.outbox[1].body


def test_digest_skips_own_listings_never_digests_and_quiet_weeks(world):
    own = save(world.owner_user, query="Laserschweißen")
    save(world.interested_user, query="Laserschweißen", digest=DigestFrequency.NEVER)
    quiet = save(world.other_member, query="Ausbildung")
    publish(world)
    run = send_digests()
    assert run.sent == [] and mail.outbox == []
    assert run.without_hits == 2
    for search in (own, quiet):
        search.refresh_from_db()
        assert search.last_digest_at > timezone.now() - HOUR / 2


def test_dry_run_sends_nothing_and_changes_nothing(world):
    search = save(world.other_member, query="Laserschweißen")
    publish(world)
    output = StringIO()
    command("send_match_digest", "--dry-run", stdout=output)
    assert mail.outbox == []
    assert f"{world.other_member.email} bekäme 1 Treffer." in output.getvalue()
    assert "Probelauf: 1 E-Mail(s) würden gesendet." in output.getvalue()
    before = search.last_digest_at
    search.refresh_from_db()
    assert search.last_digest_at == before
    command("send_match_digest", stdout=output)
    assert len(mail.outbox) == 1
    assert "1 E-Mail(s) gesendet" in output.getvalue()
    # Once a week: a second run of the command in the same week is refused.
    with pytest.raises(CommandError, match="kein zweites Mal"):
        command("send_match_digest")
    assert len(mail.outbox) == 1


def test_a_failed_digest_is_sent_again_next_time_and_does_not_stop_the_others(world, monkeypatch):
    search = save(world.other_member, query="Laserschweißen")
    save(world.interested_user, query="Laserschweißen")
    publish(world)
    render = digest_module.render_digest

    def fail_for_other_member(digest):
        if digest.user == world.other_member:
            raise RuntimeError("template broken")
        return render(digest)

    monkeypatch.setattr(digest_module, "render_digest", fail_for_other_member)
    with pytest.raises(CommandError, match="1 E-Mail\\(s\\) konnten nicht gesendet werden"):
        command("send_match_digest")
    assert [message.to for message in mail.outbox] == [[world.interested_user.email]]
    before = search.last_digest_at
    search.refresh_from_db()
    assert search.last_digest_at == before
    monkeypatch.undo()
    # The run failed, so it may run again this week; it sends only what is still due.
    command("send_match_digest")
    assert [message.to for message in mail.outbox] == [
        [world.interested_user.email],
        [world.other_member.email],
    ]


def test_a_mail_server_error_does_not_fail_the_digest(world, settings, caplog):
    """The e-mail leaves through the task queue, which retries while the server is away
    (core/tests/test_mail.py); the digest is done once it is queued."""
    search = save(world.other_member, query="Laserschweißen")
    publish(world)
    settings.EMAIL_BACKEND = "clusterwerk.core.tests.test_mail.RefusingBackend"
    run = send_digests()
    assert [digest.user for digest in run.sent] == [world.other_member] and not run.failed
    search.refresh_from_db()
    assert search.last_digest_at > timezone.now() - HOUR
    assert "cannot retry later" in caplog.text


def test_inactive_users_get_no_digest(world):
    save(world.other_member, query="Laserschweißen")
    User.objects.filter(pk=world.other_member.pk).update(is_active=False)
    publish(world)
    assert send_digests().sent == [] and mail.outbox == []


def test_expire_listings_command(world):
    listing = publish(world)
    kept = publish(world, title="Noch gültig")
    expire(listing)
    output = StringIO()
    command("expire_listings", stdout=output)
    assert "1 Inserat(e) als abgelaufen markiert." in output.getvalue()
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.EXPIRED
    assert Listing.objects.get(pk=kept.pk).status == ListingStatus.PUBLISHED
