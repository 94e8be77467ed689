"""The Kooperationsbörse pages through the test client: who sees and may do what, forms with
German errors, anonymity before and after acceptance, matches, and constant queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.matchmaking import forms as matchmaking_forms
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.models import (
    Interest,
    InterestStatus,
    Listing,
    ListingKind,
    ListingStatus,
)
from clusterwerk.matchmaking.tests.factories import (
    INSTITUTE_NAME,
    OWNER_NAME,
    SUPPLIER_NAME,
    listing_data,
    make_interest,
    make_listing,
    make_market,
)
from conftest import DaysFromToday, make_user, resolve_days

pytestmark = pytest.mark.clock


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def market(cluster):
    return make_market(cluster)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def errors(page: str) -> str:
    """The error summary's text (for assertion messages)."""
    found = re.search(r'<ul class="error-summary__list">(.*?)</ul>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


def form_post(**overrides) -> dict:
    """The listing form as a browser posts it (an anonymous F&E request)."""
    data = listing_data()
    post = {
        "kind": data["kind"],
        "title": data["title"],
        "description": data["description"],
        "keywords": ", ".join(data["keywords"]),
        "topics": data["topics"],
        "maturity": data["maturity"],
        "region_scope": data["region_scope"],
        "radius_km": "",
        "expires_on": data["expires_on"],
        "is_anonymous": "on",
        "action": "save",
    }
    post.update(overrides)
    return {key: value for key, value in post.items() if value is not None}


@pytest.fixture
def anonymous_request(market):
    """A published anonymous F&E request of the owner, created through the services."""
    listing = services.create_listing(
        cluster=market.cluster,
        user=market.owner_user,
        owner=market.owner,
        data=listing_data(),
        submit=True,
    )
    manager = make_user("pruefung@clusterwerk.test", market.cluster, "cluster_manager")
    return services.approve_listing(user=manager, listing=listing)


# --- The list ------------------------------------------------------------------------------


def test_list_shows_open_listings_only_and_filters(client, market):
    make_listing(market.supplier, title="Fräskapazität frei", topics=["4.4.2"])
    make_listing(market.supplier, title="Entwurf Drehteile", status=ListingStatus.DRAFT)
    make_listing(market.supplier, title="Alte Kapazität", expires_on=yesterday())
    make_listing(market.supplier, title="Beendete Kapazität", status=ListingStatus.CLOSED)
    url = reverse("matchmaking:listing-list")
    page = text(client.get(url))
    assert "Fräskapazität frei" in page
    assert SUPPLIER_NAME in page  # not anonymous
    for hidden in ("Entwurf Drehteile", "Alte Kapazität", "Beendete Kapazität"):
        assert hidden not in page
    # the cluster management sees the same Börse (drafts and reviews have their own pages)
    manager_page = text(client_for(make_manager(market)).get(url))
    assert "Alte Kapazität" not in manager_page and "Entwurf Drehteile" not in manager_page

    def shown(query: str) -> bool:
        return "Fräskapazität frei" in text(client.get(url + query))

    assert shown("?kind=technology_offer") and not shown("?kind=business_offer")
    assert shown("?topic=4.4.2") and not shown("?topic=4.2.1")
    assert shown("?q=Laserschneiden") and not shown("?q=Holzbearbeitung")
    assert client.get(url + "?kind=nonsense&topic=x&page=abc").status_code == 200


def make_manager(market):
    return make_user("cm@clusterwerk.test", market.cluster, "cluster_manager")


def test_list_partial_for_htmx_and_links_by_role(client, market, cluster_manager):
    make_listing(market.supplier, status=ListingStatus.IN_REVIEW)
    url = reverse("matchmaking:listing-list")
    partial = text(client.get(url, headers={"HX-Request": "true"}))
    assert "<html" not in partial and "offene Inserate" in partial
    anonymous = text(client.get(url))
    assert reverse("matchmaking:listing-create") not in anonymous
    assert reverse("matchmaking:partner-search") in anonymous
    owner = text(client_for(market.owner_user).get(url))
    assert reverse("matchmaking:listing-create") in owner
    assert reverse("matchmaking:my-listings") in owner
    assert reverse("matchmaking:review-queue") not in owner
    manager = text(client_for(cluster_manager).get(url))
    assert "Inserate prüfen (1)" in manager


def test_list_query_count_is_constant(django_assert_num_queries, market):
    browser = client_for(market.institute_user)
    url = reverse("matchmaking:listing-list")

    def add(count: int, anonymous: bool):
        for number in range(count):
            make_listing(
                market.owner if anonymous else market.supplier,
                title=f"Angebot {number}",
                topics=["4.4.2", "4.2.1"],
                is_anonymous=anonymous,
            )

    add(2, anonymous=True)
    browser.get(url)  # per-process caches (the topic catalogue) are warm from here on
    with CaptureQueriesContext(connection) as few:
        assert browser.get(url).status_code == 200
    add(8, anonymous=True)
    add(8, anonymous=False)
    with django_assert_num_queries(len(few.captured_queries)):
        page = text(browser.get(url))
    assert page.count("Anonymer Anbieter (Unternehmen)") == 10


# --- Create --------------------------------------------------------------------------------


def test_create_requires_an_organisation(client, market, member, outsider):
    url = reverse("matchmaking:listing-create")
    assert client.get(url).status_code == 302
    # Without an organisation of the cluster: the form leads to the front door, a post is
    # refused.
    welcome = reverse("actors:welcome")
    for person in (outsider, member):
        response = client_for(person).get(url, follow=True)
        assert response.redirect_chain == [(welcome, 302)]
        assert "Ordnen Sie Ihr Konto zuerst Ihrer Organisation zu." in text(response)
        assert client_for(person).post(url, form_post()).status_code == 403
    assert Listing.objects.count() == 0
    response = client_for(market.owner_user).get(url)
    assert response.status_code == 200
    assert "Inserat für <strong>Metallbau Havelland GmbH</strong>" in text(response)
    assert 'value="4.4.2"' in text(response)  # topic areas of the published edition


@pytest.mark.parametrize(
    ("action", "status"),
    [("save", ListingStatus.DRAFT), ("submit", ListingStatus.IN_REVIEW)],
)
def test_create_saves_a_draft_or_submits(market, action, status):
    browser = client_for(market.owner_user)
    response = browser.post(
        reverse("matchmaking:listing-create"),
        form_post(
            action=action,
            keywords="Laserschweißen, Aluminium; Gehäuse",
            partner_kinds=["research_institute", "university"],
            region_scope="districts",
            districts=["12052", "11000"],
        ),
    )
    assert response.status_code == 302, errors(text(response))
    listing = Listing.objects.get()
    assert response.url == listing.get_absolute_url()
    assert listing.status == status
    assert listing.owner_actor == market.owner
    assert listing.created_by == market.owner_user
    assert listing.is_anonymous
    assert listing.keywords == ["Laserschweißen", "Aluminium", "Gehäuse"]
    assert listing.partner_kinds == ["research_institute", "university"]
    assert sorted(d.ags for d in listing.districts.all()) == ["11000", "12052"]
    assert services.listing_data(listing)["topics"] == ["4.4.2"]
    follow = text(browser.get(response.url))
    assert "Berlin, Cottbus" in follow


EXPECTED_ERRORS = [
    ({"expires_on": DaysFromToday(-1, iso=True)}, "Das Ablaufdatum liegt in der Vergangenheit."),
    ({"expires_on": "31.02.2026"}, "Bitte ein gültiges Datum eingeben."),
    ({"description": ""}, "Bitte beschreiben Sie, worum es geht."),
    ({"description": "   zu kurz  "}, "mindestens 20 Zeichen"),
    ({"title": ""}, "Bitte geben Sie einen Titel an."),
    ({"kind": ""}, "Bitte wählen Sie die Art des Inserats."),
    (
        {"region_scope": "districts", "districts": ["12052", "99999"]},
        "Unbekannter Kreisschlüssel: 99999.",
    ),
    ({"region_scope": "districts"}, "Bitte mindestens einen Landkreis oder eine Stadt wählen."),
    ({"region_scope": "mars"}, "mars ist keine gültige Auswahl."),
    ({"region_scope": "radius"}, "Bitte den Umkreis in ganzen Kilometern angeben."),
    ({"region_scope": "radius", "radius_km": "5000"}, "Der Umkreis liegt zwischen 1 und 1000 km."),
    ({"topics": ["4.4.2", "9.9.9"]}, "Unbekannter Themenbereich: 9.9.9."),
    ({"partner_kinds": ["alien"]}, "Unbekannte Partnerart: alien."),
]


@pytest.mark.parametrize(("changes", "message"), EXPECTED_ERRORS)
def test_create_rerenders_with_german_errors(market, changes, message):
    response = client_for(market.owner_user).post(
        reverse("matchmaking:listing-create"), form_post(**resolve_days(changes))
    )
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert not Listing.objects.exists()


def test_all_problems_show_at_once(market):
    response = client_for(market.owner_user).post(
        reverse("matchmaking:listing-create"),
        form_post(title="", expires_on=yesterday().isoformat(), topics=["9.9.9"]),
    )
    assert response.status_code == 400
    page = text(response)
    assert "Bitte geben Sie einen Titel an." in page
    assert "Das Ablaufdatum liegt in der Vergangenheit." in page
    assert "Unbekannter Themenbereich: 9.9.9." in page


def test_radius_needs_the_owners_position(market):
    market.owner.district = None
    market.owner.save()
    response = client_for(market.owner_user).post(
        reverse("matchmaking:listing-create"), form_post(region_scope="radius", radius_km="50")
    )
    assert response.status_code == 400
    assert "braucht das Profil des Anbieters einen Standort" in text(response)


def test_representatives_create_only_for_their_organisations(market):
    url = reverse("matchmaking:listing-create")
    browser = client_for(market.owner_user)
    response = browser.post(url, form_post(owner_actor=str(market.institute.pk)))
    assert response.status_code == 302
    assert Listing.objects.get().owner_actor == market.owner  # the only choice is fixed
    Listing.objects.all().delete()

    # whoever represents two organisations chooses between them
    market.owner_user.represented_actors.create(actor=market.supplier)
    response = browser.post(url, form_post(owner_actor=str(market.institute.pk)))
    assert response.status_code == 400
    assert not Listing.objects.exists()
    page = text(browser.get(url))
    assert f'<option value="{market.supplier.pk}">{SUPPLIER_NAME}</option>' in page
    assert INSTITUTE_NAME not in page
    response = browser.post(url, form_post(owner_actor=str(market.supplier.pk)))
    assert response.status_code == 302
    assert Listing.objects.get().owner_actor == market.supplier


def test_manager_chooses_the_organisation(market, cluster_manager, monkeypatch):
    browser = client_for(cluster_manager)
    url = reverse("matchmaking:listing-create")
    page = text(browser.get(url))
    assert f'<option value="{market.institute.pk}">{INSTITUTE_NAME}</option>' in page
    response = browser.post(url, form_post(owner_actor=str(market.institute.pk)))
    assert response.status_code == 302
    assert Listing.objects.get().owner_actor == market.institute

    # beyond the drop-down limit the organisation is typed (name or number)
    monkeypatch.setattr(matchmaking_forms, "OWNER_SELECT_LIMIT", 1)
    response = browser.post(url, form_post(owner_actor="Lausitzer Präzision"))
    assert response.status_code == 302
    assert Listing.objects.filter(owner_actor=market.supplier).exists()
    response = browser.post(url, form_post(owner_actor="GmbH"))
    assert response.status_code == 400
    assert "ist nicht eindeutig" in text(response)
    response = browser.post(url, form_post(owner_actor="Schmiede Nirgendwo"))
    assert "Keine Organisation „Schmiede Nirgendwo“ gefunden." in text(response)


# --- One listing ---------------------------------------------------------------------------


def test_drafts_are_seen_by_owner_and_management_only(client, market, member, outsider):
    draft = make_listing(market.owner, status=ListingStatus.DRAFT, created_by=market.owner_user)
    url = draft.get_absolute_url()
    for browser in (client, client_for(member), client_for(outsider)):
        assert browser.get(url).status_code == 404
    assert client_for(market.institute_user).get(url).status_code == 404
    owner_page = client_for(market.owner_user).get(url)
    assert owner_page.status_code == 200
    assert "Zur Prüfung einreichen" in text(owner_page)
    manager_page = text(client_for(make_manager(market)).get(url))
    assert "Status: Entwurf" in manager_page
    assert client.get(reverse("matchmaking:listing-detail", args=[99999])).status_code == 404


def test_published_listing_page_for_visitors(client, market):
    listing = make_listing(
        market.supplier,
        topics=["4.4.2"],
        partner_kinds=["company"],
        maturity="market_ready",
        keywords=["Laserschneiden", "Edelstahl"],
    )
    page = text(client.get(listing.get_absolute_url()))
    assert listing.title in page
    assert SUPPLIER_NAME in page and market.supplier.get_absolute_url() in page
    assert "Beherrschen und Weiterentwickeln von Fertigungstechnologien" in page
    assert "Unternehmen" in page and "marktreif" in page and "Edelstahl" in page
    assert "Melden Sie sich an</a>, um Interesse zu bekunden." in page
    assert "Passende Partner" not in page  # matches are for the owner and the management
    assert "Status:" not in page


SECRETS = (
    OWNER_NAME,
    "Rita",
    "Richter",
    "rita.richter@havelland.example",
    "info@havelland.example",
    "Werder",
    "Potsdam-Mittelmark",
)


def leaked(page: str) -> list[str]:
    return [secret for secret in SECRETS if secret in page]


def test_anonymous_listing_never_names_the_owner_before_acceptance(
    client, market, member, outsider, anonymous_request
):
    listing = anonymous_request
    pages = {
        "list": reverse("matchmaking:listing-list"),
        "list, filtered": reverse("matchmaking:listing-list")
        + "?q=Laserschweißen&kind=rdi_request",
        "detail": listing.get_absolute_url(),
        "partner search": reverse("matchmaking:partner-search")
        + "?need=Laserschweißen+von+Aluminium+Schweißnähte+prüfen",
        "my listings": reverse("matchmaking:my-listings"),
    }
    interested = client_for(market.institute_user)
    interested.post(
        reverse("matchmaking:interest-send", args=[listing.pk]),
        {"actor": market.institute.pk, "message": "Wir schweißen Aluminium mit Laser."},
    )
    browsers = {
        "visitor": client,
        "member": client_for(member),
        "outsider": client_for(outsider),
        "interested": interested,
    }
    for who, browser in browsers.items():
        for name, url in pages.items():
            response = browser.get(url)
            if response.status_code == 302:
                continue  # my listings asks visitors to log in
            assert response.status_code == 200, (who, name)
            assert not leaked(text(response)), (who, name, leaked(text(response)))
    detail = text(interested.get(listing.get_absolute_url()))
    assert "Anonymer Anbieter (Unternehmen)" in detail
    assert listing.title in text(interested.get(pages["my listings"]))

    # the owner accepts: now the interested side sees who it is, and the contact
    interest = Interest.objects.get()
    client_for(market.owner_user).post(reverse("matchmaking:interest-accept", args=[interest.pk]))
    for url in (pages["detail"], pages["my listings"]):
        page = text(interested.get(url))
        assert OWNER_NAME in page
        assert "rita.richter@havelland.example" in page
    for browser in (client, client_for(member), client_for(outsider)):
        assert not leaked(text(browser.get(pages["detail"])))


def test_owner_and_management_see_the_owner_of_an_anonymous_listing(market, anonymous_request):
    for user in (market.owner_user, make_manager(market)):
        page = text(client_for(user).get(anonymous_request.get_absolute_url()))
        assert OWNER_NAME in page
        assert "anonym" in page


# --- Edit, submit, close -------------------------------------------------------------------


def edit_post(listing, **overrides) -> dict:
    data = services.listing_data(listing)
    post = {
        "version": listing.version,
        "kind": data["kind"],
        "title": data["title"],
        "description": data["description"],
        "keywords": ", ".join(data["keywords"]),
        "topics": data["topics"],
        "partner_kinds": data["partner_kinds"],
        "maturity": data["maturity"],
        "region_scope": data["region_scope"],
        "radius_km": data["radius_km"] or "",
        "districts": data["districts"],
        "expires_on": data["expires_on"],
        "action": "save",
    }
    if data["is_anonymous"]:
        post["is_anonymous"] = "on"
    post.update(overrides)
    return post


def test_owner_edit_of_a_published_listing_goes_back_to_review(market, anonymous_request):
    listing = anonymous_request
    browser = client_for(market.owner_user)
    url = reverse("matchmaking:listing-edit", args=[listing.pk])
    form = text(browser.get(url))
    assert f'value="{listing.title}"' in form
    assert "prüft das Clustermanagement es erneut" in form
    response = browser.post(url, edit_post(listing, title="Neuer Titel für das Gesuch"))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Neuer Titel für das Gesuch"
    assert listing.status == ListingStatus.IN_REVIEW
    assert "geht damit erneut zur Prüfung" in text(browser.get(listing.get_absolute_url()))


def test_management_edit_keeps_a_listing_published(market, anonymous_request, cluster_manager):
    listing = anonymous_request
    response = client_for(cluster_manager).post(
        reverse("matchmaking:listing-edit", args=[listing.pk]),
        edit_post(listing, title="Vom Clustermanagement geschärft"),
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.title == "Vom Clustermanagement geschärft"


def test_edit_errors_conflicts_and_permissions(client, market, member, anonymous_request):
    listing = anonymous_request
    url = reverse("matchmaking:listing-edit", args=[listing.pk])
    assert client.get(url).status_code == 302
    assert client_for(member).get(url).status_code == 403
    assert client_for(market.institute_user).post(url, edit_post(listing)).status_code == 403
    browser = client_for(market.owner_user)
    response = browser.post(url, edit_post(listing, description=""))
    assert response.status_code == 400
    assert "Bitte beschreiben Sie, worum es geht." in text(response)

    stale = edit_post(listing, title="Meine Fassung")
    services.update_listing(user=market.owner_user, listing=listing, data=listing_data())
    response = browser.post(url, stale)
    assert response.status_code == 409
    page = text(response)
    assert "inzwischen von jemand anderem geändert" in page
    assert 'value="Meine Fassung"' in page
    listing.refresh_from_db()
    assert listing.title != "Meine Fassung"
    assert f'name="version" value="{listing.version}"' in page
    services.close_listing(user=market.owner_user, listing=listing)
    response = browser.get(url)
    assert response.status_code == 302
    assert "lassen sich nicht mehr ändern" in text(browser.get(response.url))


def test_edit_a_draft_and_submit_it(market):
    draft = make_listing(market.owner, status=ListingStatus.DRAFT, created_by=market.owner_user)
    browser = client_for(market.owner_user)
    response = browser.post(
        reverse("matchmaking:listing-edit", args=[draft.pk]),
        edit_post(draft, action="submit", description="Freie Laserkapazität, 3 kW, bis 20 mm."),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ListingStatus.IN_REVIEW


def test_submit_and_close(client, market, member):
    draft = make_listing(market.owner, status=ListingStatus.DRAFT, created_by=market.owner_user)
    submit = reverse("matchmaking:listing-submit", args=[draft.pk])
    close = reverse("matchmaking:listing-close", args=[draft.pk])
    assert client_for(market.owner_user).get(submit).status_code == 405
    assert client_for(member).post(submit).status_code == 404
    browser = client_for(market.owner_user)
    assert browser.post(submit).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ListingStatus.IN_REVIEW
    response = browser.post(submit, follow=True)
    assert "Nur Entwürfe können zur Prüfung eingereicht werden." in text(response)

    published = make_listing(market.owner)
    assert (
        client_for(member)
        .post(reverse("matchmaking:listing-close", args=[published.pk]))
        .status_code
        == 403
    )
    response = browser.post(close, follow=True)
    assert "Das Inserat ist beendet" in text(response)
    draft.refresh_from_db()
    assert draft.status == ListingStatus.CLOSED
    assert client.get(draft.get_absolute_url()).status_code == 404


# --- Review --------------------------------------------------------------------------------


def test_review_queue_and_approval(client, market, member, cluster_manager):
    listing = services.create_listing(
        cluster=market.cluster,
        user=market.owner_user,
        owner=market.owner,
        data=listing_data(),
        submit=True,
    )
    url = reverse("matchmaking:review-queue")
    assert client.get(url).status_code == 302
    assert client_for(member).get(url).status_code == 403
    assert client_for(market.owner_user).get(url).status_code == 403
    browser = client_for(cluster_manager)
    page = text(browser.get(url))
    assert listing.title in page and OWNER_NAME in page and "Rita Richter" in page
    approve = reverse("matchmaking:listing-approve", args=[listing.pk])
    assert client_for(market.owner_user).post(approve).status_code == 403
    assert client_for(market.institute_user).post(approve).status_code == 404
    response = browser.post(approve, follow=True)
    assert "ist veröffentlicht" in text(response)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert "Keine Inserate warten auf Prüfung." in text(response)
    response = browser.post(approve, follow=True)
    assert "Dieses Inserat wartet nicht auf Prüfung." in text(response)


def test_return_with_a_note(market, cluster_manager):
    listing = services.create_listing(
        cluster=market.cluster,
        user=market.owner_user,
        owner=market.owner,
        data=listing_data(),
        submit=True,
    )
    browser = client_for(cluster_manager)
    url = reverse("matchmaking:listing-return", args=[listing.pk])
    prefix = f"return-{listing.pk}"
    response = browser.post(url, {f"{prefix}-note": "  "})
    assert response.status_code == 400
    assert "Bitte begründen Sie, was zu ändern ist." in text(response)
    assert client_for(market.owner_user).post(url, {f"{prefix}-note": "x"}).status_code == 403
    response = browser.post(url, {f"{prefix}-note": "Bitte den Werkstoff nennen."})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    owner = client_for(market.owner_user)
    assert "Bitte den Werkstoff nennen." in text(owner.get(listing.get_absolute_url()))
    assert "Bitte den Werkstoff nennen." in text(owner.get(reverse("matchmaking:my-listings")))


def test_manager_reviews_on_the_listing_page(market, cluster_manager):
    listing = services.create_listing(
        cluster=market.cluster,
        user=market.owner_user,
        owner=market.owner,
        data=listing_data(),
        submit=True,
    )
    page = text(client_for(cluster_manager).get(listing.get_absolute_url()))
    assert reverse("matchmaking:listing-approve", args=[listing.pk]) in page
    assert f'name="return-{listing.pk}-note"' in page
    owner_page = text(client_for(market.owner_user).get(listing.get_absolute_url()))
    assert reverse("matchmaking:listing-approve", args=[listing.pk]) not in owner_page


# --- Interests -----------------------------------------------------------------------------


def test_send_interest_errors_and_rules(client, market, member, anonymous_request):
    listing = anonymous_request
    url = reverse("matchmaking:interest-send", args=[listing.pk])
    assert client.post(url, {"message": "Hallo"}).status_code == 302  # to the login
    assert client_for(member).post(url, {"message": "Hallo"}).status_code == 403
    interested = client_for(market.institute_user)
    assert interested.get(url).status_code == 405
    response = interested.post(url, {"actor": market.institute.pk, "message": "  "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine kurze Nachricht." in text(response)
    assert not leaked(text(response))
    response = interested.post(url, {"actor": market.institute.pk, "message": "Gern!"})
    assert response.status_code == 302
    again = interested.post(url, {"actor": market.institute.pk, "message": "Nochmal"})
    assert again.status_code == 400
    assert "bereits eine Interessensbekundung" in text(again)
    page = text(interested.get(listing.get_absolute_url()))
    assert "hat am" in page and "offen" in page and "Interesse senden" not in page
    own = client_for(market.owner_user).post(url, {"actor": market.owner.pk, "message": "Ich"})
    assert own.status_code == 400
    assert Interest.objects.count() == 1


def test_closed_listing_takes_no_interest(market, anonymous_request):
    services.close_listing(user=market.owner_user, listing=anonymous_request)
    response = client_for(market.institute_user).post(
        reverse("matchmaking:interest-send", args=[anonymous_request.pk]),
        {"actor": market.institute.pk, "message": "Gern!"},
    )
    assert response.status_code == 404  # closed listings are gone for everybody else


def test_accept_shows_both_contacts(market, cluster_manager, anonymous_request):
    listing = anonymous_request
    interest = make_interest(listing, market.institute, market.institute_user)
    accept = reverse("matchmaking:interest-accept", args=[interest.pk])
    assert client_for(cluster_manager).post(accept).status_code == 403  # only the owner
    assert client_for(market.supplier_user).post(accept).status_code == 404
    owner = client_for(market.owner_user)
    owner_page = text(owner.get(listing.get_absolute_url()))
    assert INSTITUTE_NAME in owner_page and "Annehmen" in owner_page
    assert "ingo.igel@fuegetechnik.example" not in owner_page  # not before acceptance
    response = owner.post(accept, {f"interest-{interest.pk}-note": "Rufen Sie uns an."})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert interest.decision_note == "Rufen Sie uns an."
    assert "ingo.igel@fuegetechnik.example" in text(owner.get(listing.get_absolute_url()))
    interested = text(client_for(market.institute_user).get(listing.get_absolute_url()))
    assert "rita.richter@havelland.example" in interested
    assert "Rufen Sie uns an." in interested
    again = owner.post(accept, follow=True)
    assert "bereits entschieden" in text(again)


def test_decline_and_withdraw(market, anonymous_request):
    listing = anonymous_request
    declined = make_interest(listing, market.institute, market.institute_user)
    pending = make_interest(listing, market.supplier, market.supplier_user)
    owner = client_for(market.owner_user)
    owner.post(reverse("matchmaking:interest-decline", args=[declined.pk]))
    declined.refresh_from_db()
    assert declined.status == InterestStatus.DECLINED
    page = text(client_for(market.institute_user).get(listing.get_absolute_url()))
    assert "abgelehnt" in page and not leaked(page)
    assert "Interesse senden" in page  # a declined organisation may try again

    withdraw = reverse("matchmaking:interest-withdraw", args=[pending.pk])
    assert owner.post(withdraw).status_code == 403
    assert client_for(market.institute_user).post(withdraw).status_code == 404
    response = client_for(market.supplier_user).post(withdraw)
    assert response.status_code == 302 and response.url == listing.get_absolute_url()
    pending.refresh_from_db()
    assert pending.status == InterestStatus.WITHDRAWN


# --- Matches -------------------------------------------------------------------------------


def test_owner_sees_partner_matches_with_reasons(market, anonymous_request):
    page = text(client_for(market.owner_user).get(anonymous_request.get_absolute_url()))
    assert "Passende Partner" in page
    section = page.split("Passende Partner", 1)[1].split("Passende Inserate", 1)[0]
    assert INSTITUTE_NAME in section
    assert "% passend" in section
    assert "Warum:" in section and "Forschungseinrichtung" in section
    assert OWNER_NAME not in section  # not the owner itself


def test_expired_listing_is_not_matched_and_not_listed(client, market, anonymous_request):
    make_listing(
        market.institute,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Laserschweißen von Aluminium im Technikum",
        description="Wir schweißen Aluminium mit dem Laser und prüfen Schweißnähte.",
    )
    make_listing(
        market.supplier,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Abgelaufenes Schweißangebot Aluminium",
        description="Laserschweißen von Aluminium, Schweißnähte geprüft.",
        expires_on=yesterday(),
    )
    page = text(client_for(market.owner_user).get(anonymous_request.get_absolute_url()))
    section = page.split("Passende Inserate", 1)[1]
    assert "Laserschweißen von Aluminium im Technikum" in section
    assert "Abgelaufenes Schweißangebot" not in section
    assert "Abgelaufenes Schweißangebot" not in text(
        client.get(reverse("matchmaking:listing-list"))
    )
    services.expire_listings(user=system_user())
    page = text(client_for(market.owner_user).get(anonymous_request.get_absolute_url()))
    assert "Abgelaufenes Schweißangebot" not in page


def test_complementary_anonymous_listing_hides_its_owner(market, anonymous_request):
    offer = make_listing(
        market.supplier,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Laserschweißen Aluminium als Lohnarbeit",
        description="Laserschweißen von Aluminiumgehäusen, Schweißnähte geprüft.",
        is_anonymous=True,
    )
    page = text(client_for(market.owner_user).get(anonymous_request.get_absolute_url()))
    section = page.split("Passende Inserate", 1)[1]
    assert offer.title in section
    assert SUPPLIER_NAME not in section
    assert "Anonymer Anbieter (Unternehmen)" in section


# --- Partner search ------------------------------------------------------------------------


def test_partner_search(client, market):
    url = reverse("matchmaking:partner-search")
    start = client.get(url)
    assert start.status_code == 200 and "Wonach suchen Sie?" in text(start)
    response = client.get(url, {"need": "Wer prüft Schweißnähte an Aluminium?"})
    assert response.status_code == 200
    page = text(response)
    assert INSTITUTE_NAME in page
    assert reverse("actors:by-id", args=[market.institute.pk]) in page
    assert "% passend" in page and "Warum:" in page
    only_companies = text(
        client.get(url, {"need": "Schweißnähte Aluminium prüfen", "partner_kinds": "company"})
    )
    assert INSTITUTE_NAME not in only_companies
    partial = text(client.get(url, {"need": "Schweißnähte"}, headers={"HX-Request": "true"}))
    assert "<html" not in partial and INSTITUTE_NAME in partial


@pytest.mark.parametrize("need", ["", "   ", "Wir suchen einen Partner"])
def test_partner_search_needs_a_description(client, market, need):
    response = client.get(reverse("matchmaking:partner-search"), {"need": need})
    assert response.status_code == 400
    assert "Bitte beschreiben Sie, wonach Sie suchen." in text(response)


# --- Meine Inserate and the admin ----------------------------------------------------------


def test_my_listings(client, market, member, anonymous_request):
    url = reverse("matchmaking:my-listings")
    assert client.get(url).status_code == 302
    no_organisation = text(client_for(member).get(url))
    assert "Ordnen Sie Ihr Konto Ihrer Organisation zu" in no_organisation
    assert reverse("actors:welcome") in no_organisation
    make_listing(market.owner, status=ListingStatus.DRAFT, title="Noch ein Entwurf")
    make_interest(anonymous_request, market.institute, market.institute_user)
    page = text(client_for(market.owner_user).get(url))
    assert "Noch ein Entwurf" in page and anonymous_request.title in page
    assert "1 offene Interessensbekundung" in page
    assert page.index("Entwurf (1)") < page.index("Veröffentlicht (1)")
    interested = text(client_for(market.institute_user).get(url))
    assert anonymous_request.title in interested
    assert "Anonymer Anbieter (Unternehmen)" in interested and not leaked(interested)


def test_admin_pages(admin_client, market, anonymous_request):
    make_interest(anonymous_request, market.institute, market.institute_user)
    for url in (
        reverse("admin:matchmaking_listing_changelist"),
        reverse("admin:matchmaking_listing_change", args=[anonymous_request.pk]),
        reverse("admin:matchmaking_interest_changelist"),
        reverse("admin:matchmaking_savedsearch_changelist"),
    ):
        assert admin_client.get(url).status_code == 200, url
    # Read-only: every write goes through the services.
    change = reverse("admin:matchmaking_listing_change", args=[anonymous_request.pk])
    assert admin_client.post(change, {"title": "Umbenannt"}).status_code == 403
    assert admin_client.get(reverse("admin:matchmaking_listing_add")).status_code == 403
