"""Pages and API of the Nachfolgebörse: anonymity in every public answer, the contact only
after agreement, the funnels (another cluster is 404), the forms' German errors, matching,
the radar's k-anonymity and the personal data (export, erasure)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.services import delete_account
from clusterwerk.skills.models import (
    K_ANONYMITY,
    CaseStatus,
    InterestStatus,
    SuccessionCase,
    SuccessorProfile,
)
from clusterwerk.skills.services import succession as services
from clusterwerk.skills.succession_matching import rank_cases_for_profile, rank_profiles_for_case
from clusterwerk.skills.succession_queries import succession_radar
from clusterwerk.skills.tests.factories import make_case, make_searcher
from clusterwerk.skills.tests.test_succession_services import profile_data
from conftest import PASSWORD

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
SECRET = "Betrieb 1"


@pytest.fixture
def released(cluster, companies, chamber):
    return make_case(
        cluster, companies[0], chamber, status=CaseStatus.RELEASED, released_at=timezone.now()
    )


@pytest.fixture
def searcher(cluster):
    return make_searcher("sucht@nachfolge.example", cluster)


@pytest.fixture
def profile(cluster, searcher, districts):
    return services.save_profile(user=searcher, cluster=cluster, data=profile_data())


def mediated(case, profile, chamber, *, agree=None):
    interest = services.express_interest(
        user=profile.user, case=case, profile=profile, message="Hallo Kammer"
    )
    interest = services.check_interest(user=chamber.user, interest=interest, forward=True)
    if agree is not None:
        interest = services.answer_interest(user=case.owner, interest=interest, agree=agree)
    return interest


# --- Anonymity -----------------------------------------------------------------------------


def test_public_pages_and_api_never_name_the_company(client, released, profile, chamber, searcher):
    pages = [
        reverse("skills:succession"),
        reverse("skills:succession_case", args=[released.uid]),
        "/api/v1/skills/succession/cases",
        f"/api/v1/skills/succession/cases/{released.uid}",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert released.title in body
        assert SECRET not in body and "inhaber@" not in body
    interest = mediated(released, profile, chamber)
    client.force_login(searcher)
    for url in [*pages, reverse("skills:succession_interest", args=[interest.pk])]:
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
    api = client.get(f"/api/v1/skills/succession/cases/{released.uid}").json()
    assert api["company"] is None and api["contact"] is None


def test_after_agreement_both_see_the_contact(client, released, profile, chamber, searcher):
    interest = mediated(released, profile, chamber, agree=True)
    client.force_login(searcher)
    page = client.get(reverse("skills:succession_interest", args=[interest.pk])).content.decode()
    assert SECRET in page and released.owner.email in page
    api = client.get(f"/api/v1/skills/succession/cases/{released.uid}").json()
    assert api["contact"]["organisation"] == SECRET
    client.force_login(released.owner)
    mine = client.get(reverse("skills:succession_mine")).content.decode()
    assert searcher.email in mine


def test_draft_is_404_for_strangers_and_other_cluster(
    client, cluster, companies, chamber, member, other_cluster_manager
):
    draft = make_case(cluster, companies[0], chamber)
    url = reverse("skills:succession_case", args=[draft.uid])
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(chamber.user)
    assert SECRET in client.get(url).content.decode()
    client.force_login(other_cluster_manager)
    assert client.get(f"/c/kunststoffe{url}").status_code == 404


def test_released_case_of_another_cluster_is_404(client, released, other_cluster):
    url = reverse("skills:succession_case", args=[released.uid])
    assert client.get(f"/c/kunststoffe{url}").status_code == 404
    assert (
        client.get(f"/c/kunststoffe/api/v1/skills/succession/cases/{released.uid}").status_code
        == 404
    )


def test_filters(client, released, cluster, companies, chamber):
    make_case(
        cluster,
        companies[8],
        chamber,
        title="Schweißerei in Cottbus",
        sector="Schweißtechnik",
        listing_text="Schweißfachbetrieb mit Zertifikaten.",
        status=CaseStatus.RELEASED,
    )
    body = client.get(reverse("skills:succession"), {"district": "12052"}).content.decode()
    assert "Schweißerei" in body and released.title not in body
    body = client.get(reverse("skills:succession"), {"q": "Metallbau"}).content.decode()
    assert released.title in body and "Schweißerei" not in body
    assert client.get(reverse("skills:succession"), {"until": "bald"}).status_code == 200
    assert len(client.get("/api/v1/skills/succession/cases", {"district": "12052"}).json()) == 1
    assert client.get("/api/v1/skills/succession/cases", {"district": "x"}).status_code == 422


# --- Forms -------------------------------------------------------------------------------


def test_owner_creates_a_case_through_the_form(client, companies, chamber):
    client.force_login(companies[0].user)
    url = reverse("skills:succession_case_create")
    assert client.get(url).status_code == 200
    data = {
        "company": companies[0].pk,
        "chamber": chamber.pk,
        "exit_year": YEAR + 4,
        "kind": "external",
        "title": "Betrieb 1 sucht",
        "listing_text": "Text",
        "sector": "Metallbau",
        "size_class": "small",
        "district": "12069",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "lässt den Betrieb erkennen" in response.content.decode()
    response = client.post(url, {**data, "title": "Metallbau sucht Nachfolge"})
    case = SuccessionCase.objects.get()
    assert response.status_code == 302 and case.owner == companies[0].user


def test_member_without_company_may_not_create(client, member):
    client.force_login(member)
    assert client.get(reverse("skills:succession_case_create")).status_code == 403


def test_chamber_releases_and_checks_through_the_pages(
    client, cluster, companies, chamber, profile
):
    case = make_case(cluster, companies[0], chamber, status=CaseStatus.SUBMITTED)
    client.force_login(chamber.user)
    assert case.title in client.get(reverse("skills:chamber_desk")).content.decode()
    client.post(reverse("skills:succession_case_action", args=[case.uid, "freigeben"]))
    case.refresh_from_db()
    assert case.status == CaseStatus.RELEASED
    interest = services.express_interest(user=profile.user, case=case, profile=profile, message="x")
    url = reverse("skills:succession_interest", args=[interest.pk])
    response = client.post(url, {"action": "check", "decision": "decline", "note": ""})
    assert response.status_code == 400 and "begründen" in response.content.decode()
    client.post(url, {"action": "check", "decision": "forward"})
    interest.refresh_from_db()
    assert interest.status == InterestStatus.FORWARDED


def test_other_chamber_cannot_release_via_page_or_api(
    client, cluster, companies, chamber, districts
):
    from clusterwerk.skills.tests.factories import make_chamber

    other = make_chamber(cluster, "IHK Cottbus", districts["12052"])
    case = make_case(cluster, companies[0], chamber, status=CaseStatus.SUBMITTED)
    client.force_login(other.user)
    url = reverse("skills:succession_case_action", args=[case.uid, "freigeben"])
    assert client.post(url).status_code == 404  # the draft is not even visible
    assert client.get(reverse("skills:chamber_desk")).content.decode().count(case.title) == 0
    client.force_login(chamber.user)
    response = client.post(f"/api/v1/skills/succession/cases/{case.uid}/release")
    assert response.status_code == 200 and response.json()["status"] == "released"


def test_interest_through_api(client, released, profile, searcher, chamber):
    url = f"/api/v1/skills/succession/cases/{released.uid}/interest"
    assert client.post(url, {"message": "x"}, content_type="application/json").status_code == 401
    client.force_login(searcher)
    response = client.post(url, {"message": " "}, content_type="application/json")
    assert response.status_code == 422 and "kurze Nachricht" in response.json()["detail"]
    response = client.post(url, {"message": "Ich bin Meisterin."}, content_type="application/json")
    assert response.status_code == 201 and response.json()["contact"] is None
    interest_id = response.json()["id"]
    check = f"/api/v1/skills/succession/interests/{interest_id}/check"
    response = client.post(check, {"forward": True}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(chamber.user)
    assert client.post(check, {"forward": True}, content_type="application/json").status_code == 200
    client.force_login(released.owner)
    answer = f"/api/v1/skills/succession/interests/{interest_id}/answer"
    response = client.post(answer, {"agree": True}, content_type="application/json")
    assert response.json()["contact"]["email"] == profile.user.email


def test_profile_form(client, searcher, districts):
    client.force_login(searcher)
    url = reverse("skills:successor_profile")
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "person", "title": "T", "description": "D"})
    assert response.status_code == 400 and "Einwilligung" in response.content.decode()
    client.post(url, {"kind": "person", "title": "T", "description": "D", "consent": "on"})
    assert SuccessorProfile.objects.get().title == "T"


# --- Matching and radar ----------------------------------------------------------------------


def test_matching_ranks_and_explains(cluster, released, companies, chamber, profile):
    far = make_case(
        cluster,
        companies[8],
        chamber,
        title="Bäckerei",
        sector="Lebensmittel",
        listing_text="Backwaren",
        size_class="large",
        status=CaseStatus.RELEASED,
        exit_year=YEAR + 12,
    )
    matches = rank_cases_for_profile(profile)
    assert matches[0].case == released
    assert "Branche: Metallbau" in matches[0].reasons
    assert any("Potsdam-Mittelmark ist gesucht" in r for r in matches[0].reasons)
    assert far not in [m.case for m in matches]
    assert rank_profiles_for_case(released)[0].profile == profile


def test_radar_hides_cells_below_k(cluster, companies, chamber, member):
    for number in range(K_ANONYMITY):
        make_case(cluster, companies[number], chamber, radar_consent=True, exit_year=YEAR + 1)
    for number in range(K_ANONYMITY - 1):
        make_case(cluster, companies[number], chamber, radar_consent=True, exit_year=YEAR + 4)
    make_case(cluster, companies[7], chamber, radar_consent=True, exit_year=YEAR + 1)
    make_case(cluster, companies[6], chamber, radar_consent=False, exit_year=YEAR + 1)
    radar = succession_radar(chamber.user, cluster)
    rows = {row.district_ags: row for row in radar.rows}
    assert rows["12069"].cells[:2] == [K_ANONYMITY, None]
    assert rows["12069"].total == K_ANONYMITY  # shown cells only: no subtraction attack
    assert radar.total == sum(radar.band_totals) == K_ANONYMITY
    with pytest.raises(Exception):  # noqa: B017 – Http404 for a plain member
        succession_radar(member, cluster)


def test_radar_page_and_api(client, chamber, member):
    client.force_login(chamber.user)
    assert client.get(reverse("skills:succession_radar")).status_code == 200
    assert client.get("/api/v1/skills/succession/radar").json()["k"] == K_ANONYMITY
    client.force_login(member)
    assert client.get(reverse("skills:succession_radar")).status_code == 404


# --- Privacy -------------------------------------------------------------------------------


def test_export_of_my_data(client, released, profile, searcher, chamber):
    mediated(released, profile, chamber)
    client.force_login(searcher)
    data = json.loads(client.get(reverse("skills:succession_my_data")).content)
    assert data["profiles"][0]["title"] == profile.title
    assert data["interests"][0]["message"] == "Hallo Kammer"
    client.force_login(released.owner)
    data = json.loads(client.get(reverse("skills:succession_my_data")).content)
    assert data["cases"][0]["company"] == SECRET


def test_deleting_the_account_erases_succession_data(released, profile, chamber, companies):
    mediated(released, profile, chamber)
    delete_account(user=profile.user, password=PASSWORD)
    assert not SuccessorProfile.objects.exists()
    owner = companies[0].user
    released.owner_aged_55_plus = True
    released.radar_consent = True
    released.save()
    delete_account(user=owner, password=PASSWORD)
    released.refresh_from_db()
    assert released.owner is None and not released.radar_consent
    assert not released.owner_aged_55_plus and released.status == CaseStatus.WITHDRAWN


def test_profile_deletion_by_the_searcher(client, profile, searcher, released, chamber):
    mediated(released, profile, chamber)
    client.force_login(searcher)
    client.post(reverse("skills:successor_profile"), {"delete": "1"})
    assert not SuccessorProfile.objects.exists()
    assert not released.interests.exists()
