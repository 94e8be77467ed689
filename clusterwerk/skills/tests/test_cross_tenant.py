"""Every page of `skills.urls` and every operation of /api/v1/skills, tried with the objects of
cluster A (Metall) by people who have no right to them: anonymous, a logged-in outsider, a
member of A without an organisation, a searcher of A whose interest the owner has not yet
agreed to, the management of cluster B and a chamber representative of cluster B – through A's
addresses and through B's prefix (`/c/<slug>/`).

- Writes are refused (401/403/404/405/422, a form with errors, a login redirect for
  anonymous) and nothing of the skills tables (nor projects, events, role assignments,
  mail) changes.
- A's objects through B's prefix are not found (404).
- The API never answers 500.
- The company and the owner of a succession case appear to nobody of them (only owner side,
  the case's chamber and A's management know them before the owner agrees).
- The figures of a survey cell below `K_ANONYMITY` companies appear nowhere – not even to A's
  management (pages, API, XLSX export).

The tables are checked against the URL patterns and the API's operations, so a new page or
operation cannot be forgotten."""

import datetime
import io
import json
import re
import zipfile

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.models import RoleAssignment
from clusterwerk.skills import (
    api_matrix,
    api_occupations,
    api_succession,
    api_supply,
    api_survey,
    urls,
)
from clusterwerk.skills.models import (
    CaseStatus,
    InterestStatus,
    OfferFormat,
    SearcherKind,
    SuccessionInterest,
    SuccessorProfile,
    TrainingOffer,
)
from clusterwerk.skills.tests.factories import (
    answer,
    make_case,
    make_chamber,
    make_company,
    make_searcher,
    make_survey,
)

pytestmark = pytest.mark.django_db

# The survey year: this year (the test's dates are relative to today, so it needs no pinned
# clock and is not repeated at the CI's pinned moments).
YEAR = datetime.date.today().year
PERSONAS = (
    "anonymous",
    "outsider",
    "member",
    "searcher",
    "other_cluster_manager",
    "other_chamber_rep",
)
# Who the case's company and owner must stay hidden from (everybody above).
COMPANY = "Schlosserei Verborgenheim GmbH"
OWNER_EMAIL = "inhaber@schlosserei-verborgenheim-gmbh.example"
OWNER_NAME = "Hildegard Verschwiegen"
DRAFT_TITLE = "Entwurf eines Nachfolgefalls aus Cluster A"
HIDDEN_OFFER = "Unveröffentlichter Lehrgang aus Cluster A"
INTEREST_MESSAGE = "Vertrauliche Nachricht an die Kammer"
# Figures of the suppressed cell (two companies in Cottbus): none may appear anywhere, nor
# their sums.
SUPPRESSED = ("4711", "9422", "9.422", "3697", "7394", "7.394", "8123", "16246", "16.246")
SECRETS = (COMPANY, OWNER_EMAIL, "Verschwiegen", DRAFT_TITLE, HIDDEN_OFFER, INTEREST_MESSAGE)

# Every page of skills.urls with what its address needs.
PAGES = {
    "occupations": "",
    "occupation": "code",
    "indicator_import": "",
    "surveys": "",
    "survey_create": "",
    "survey_manage": "year",
    "survey_edit": "year",
    "survey_answer": "year",
    "survey_thanks": "year",
    "offers": "",
    "offer_create": "",
    "offer": "offer",
    "offer_edit": "offer",
    "offer_delete": "offer",
    "supply": "",
    "supply_import": "",
    "supply_figure": "",
    "matrix": "",
    "district": "ags",
    "matrix_gaps": "",
    "matrix_gap_project": "gap",
    "matrix_gap_workshop": "gap",
    "matrix_gap_dismiss": "gap",
    "matrix_xlsx": "",
    "succession": "",
    "succession_case_create": "",
    "succession_mine": "",
    "succession_my_data": "",
    "successor_profile": "",
    "chamber_desk": "",
    "succession_radar": "",
    "succession_interest": "interest",
    "succession_case": "case",
    "succession_case_edit": "draft",
    "succession_interest_create": "case",
    "succession_case_action": "action",
}
CASE_ACTIONS = ("einreichen", "freigeben", "zurueckziehen", "uebergeben")
# Pages whose address names one of A's objects by its key: through B's prefix they are 404.
OBJECT_PAGES = {name for name, needs in PAGES.items() if needs in ("offer", "interest", "case")}
OBJECT_PAGES |= {"succession_case_edit", "succession_case_action"}
# Forms any member of the address's cluster may use by design: the member of A may save a
# profile of their own through A's address (checked: nothing else changes).
OPEN_FORMS = {("successor_profile", "member"), ("successor_profile", "searcher")}

# Every operation of /api/v1/skills.
API_OPERATIONS = {
    ("GET", "/occupations"),
    ("GET", "/occupations/{code}"),
    ("GET", "/assessments"),
    ("GET", "/surveys"),
    ("GET", "/surveys/{year}/my-response"),
    ("PUT", "/surveys/{year}/my-response"),
    ("GET", "/training-offers"),
    ("GET", "/training-offers/{offer_id}"),
    ("POST", "/training-offers"),
    ("PATCH", "/training-offers/{offer_id}"),
    ("DELETE", "/training-offers/{offer_id}"),
    ("GET", "/matrix"),
    ("GET", "/districts/{ags}"),
    ("GET", "/succession/cases"),
    ("GET", "/succession/cases/{uid}"),
    ("POST", "/succession/cases/{uid}/interest"),
    ("POST", "/succession/cases/{uid}/release"),
    ("POST", "/succession/interests/{interest_id}/check"),
    ("POST", "/succession/interests/{interest_id}/answer"),
    ("GET", "/succession/radar"),
}


def api_operations() -> set[tuple[str, str]]:
    found = set()
    for module in (api_matrix, api_occupations, api_succession, api_supply, api_survey):
        for path, view in module.router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.add((method, path.replace("{int:", "{")))
    return found


def test_the_tables_cover_every_page_and_every_api_operation():
    assert {pattern.name for pattern in urls.urlpatterns} == set(PAGES)
    assert api_operations() == API_OPERATIONS


# --- The world -------------------------------------------------------------------------------


@pytest.fixture
def other_chamber_rep(other_cluster, districts):
    """A chamber representative of cluster B (the chamber is a member of B only)."""
    return make_chamber(other_cluster, "IHK Kunststoff Ost", districts["12054"]).user


@pytest.fixture
def world(cluster, other_cluster, districts, occupations, companies, chamber, plan):
    """Cluster A: an open survey with a published cell (seven companies in Potsdam-Mittelmark)
    and a suppressed one (two companies in Cottbus), a published and an unpublished training
    offer, a released succession case with a submitted and a forwarded interest, and a draft
    case. Cluster B: a survey of another year, so that B's pages answer."""
    industrie, metallbau, _schweissen = occupations
    survey = make_survey(cluster, YEAR, occupations)
    for company in companies[:7]:
        answer(survey, company, industrie, employees=12, openings_12=2, openings_36=3)
    for company in companies[7:]:
        answer(
            survey,
            company,
            metallbau,
            employees=8123,
            openings_12=4711,
            openings_36=4711,
            retirements_5y=3697,
        )
    make_survey(other_cluster, YEAR - 1, occupations)
    owner_company = make_company(cluster, COMPANY, districts["12069"], with_user=True)
    owner = owner_company.user
    owner.first_name, owner.last_name = OWNER_NAME.split()
    owner.email = OWNER_EMAIL
    owner.save()
    released = make_case(
        cluster,
        owner_company,
        chamber,
        status=CaseStatus.RELEASED,
        released_at=timezone.now(),
        owner_aged_55_plus=True,
        radar_consent=True,
    )
    draft = make_case(cluster, owner_company, chamber, title=DRAFT_TITLE)
    searcher = make_searcher("suchende@clusterwerk.test", cluster)
    profile = SuccessorProfile.objects.create(
        cluster=cluster,
        user=searcher,
        kind=SearcherKind.PERSON,
        title="Meisterin sucht Betrieb",
        description="Metallbau, ab sofort.",
        consent_given_at=timezone.now(),
    )
    forwarded = SuccessionInterest.objects.create(
        case=released,
        profile=profile,
        message=INTEREST_MESSAGE,
        status=InterestStatus.FORWARDED,
        checked_at=timezone.now(),
    )
    provider = companies[0]
    published = TrainingOffer.objects.create(
        cluster=cluster,
        provider=provider,
        title="Schweißkurs für alle",
        format=OfferFormat.choices[0][0],
        district=districts["12069"],
        is_published=True,
    )
    hidden = TrainingOffer.objects.create(
        cluster=cluster,
        provider=provider,
        title=HIDDEN_OFFER,
        format=OfferFormat.choices[0][0],
        district=districts["12069"],
        is_published=False,
    )
    return {
        "survey": survey,
        "industrie": industrie,
        "metallbau": metallbau,
        "released": released,
        "draft": draft,
        "owner": owner,
        "searcher": searcher,
        "profile": profile,
        "interest": forwarded,
        "published": published,
        "hidden": hidden,
        "chamber": chamber,
        "district": districts["12052"],
    }


@pytest.fixture
def searcher(world):
    return world["searcher"]


def state() -> dict:
    """Every row of the skills tables and of the tables a skills write may touch."""
    rows = {}
    for label in ("skills", "projects", "events", "actors", "matchmaking"):
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    rows["roles"] = list(RoleAssignment.objects.order_by("pk").values())
    rows["mail"] = len(mail.outbox)
    return rows


def page_addresses(name: str, world: dict) -> list[str]:
    needs = PAGES[name]
    if needs == "action":
        return [
            reverse(f"skills:{name}", args=[world["released"].uid, action])
            for action in CASE_ACTIONS
        ] + [reverse(f"skills:{name}", args=[world["draft"].uid, "einreichen"])]
    args = {
        "": [],
        "code": [world["metallbau"].code],
        "year": [YEAR],
        "offer": [world["hidden"].pk],
        "ags": [world["district"].ags],
        "gap": [YEAR, world["metallbau"].code, world["district"].ags],
        "interest": [world["interest"].pk],
        "case": [world["released"].uid],
        "draft": [world["draft"].uid],
    }[needs]
    addresses = [reverse(f"skills:{name}", args=args)]
    if needs == "offer":
        addresses.append(reverse(f"skills:{name}", args=[world["published"].pk]))
    if needs == "case":
        addresses.append(reverse(f"skills:{name}", args=[world["draft"].uid]))
    return addresses


def page_data(world: dict) -> dict:
    """One form that fills every field any page asks for, so that a refusal comes from the
    rules and not from a missing field."""
    return {
        "action": "close",
        "title": "Gekapert",
        "description": "Gekapert",
        "introduction": "Gekapert",
        "year": YEAR,
        "opens_on": f"{YEAR}-01-01",
        "closes_on": f"{YEAR}-12-31",
        "occupations": [world["metallbau"].pk],
        "betrieb": world["released"].company_id,
        "abgeben": "1",
        "provider": world["published"].provider.slug,
        "format": OfferFormat.choices[0][0],
        "district": world["district"].pk,
        "occupation": world["metallbau"].code,
        "trainees": "3",
        "graduates": "2",
        "version": "1",
        "kind": "person",
        "message": "Gekapert",
        "profile": world["profile"].pk,
        "forward": "1",
        "agree": "1",
        "note": "Gekapert",
        "consent": "on",
        "company": world["released"].company_id,
        "chamber": world["chamber"].pk,
        "exit_year": YEAR + 2,
        "sector": "Gekapert",
        "size_class": "small",
        "listing_text": "Gekapert",
        "reason": "Gekapert",
        "delete": "",
    }


def _text(answer) -> str:
    if answer.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            return " ".join(
                archive.read(name).decode(errors="replace") for name in archive.namelist()
            )
    content = getattr(answer, "content", b"")
    return content.decode(errors="replace")


def assert_nothing_secret(answer, where: str, persona: str = "") -> None:
    text = _text(answer)
    # The searcher sees the message of their own interest.
    secrets = [s for s in SECRETS if not (persona == "searcher" and s == INTEREST_MESSAGE)]
    for secret in secrets:
        assert secret not in text, (where, secret)
    for figure in SUPPRESSED:
        # As a number of its own, not inside a CSRF token or a hash.
        assert not re.search(rf"(?<![\w.]){re.escape(figure)}(?![\w])", text), (where, figure)


def refused(answer, anonymous: bool) -> bool:
    if answer.status_code in (403, 404, 405):
        return True
    return anonymous and answer.status_code == 302 and "/login" in answer["Location"]


@pytest.fixture
def as_persona(client, tenant_personas):
    def login(persona: str):
        user = tenant_personas(persona)
        if user.is_authenticated:
            client.force_login(user)
        return client

    return login


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_page_writes_or_shows_anything_of_a_without_the_right(
    name, persona, world, other_cluster, as_persona
):
    client = as_persona(persona)
    data = page_data(world)
    before = state()
    b = f"/c/{other_cluster.slug}"
    for path in page_addresses(name, world):
        answer = client.post(path, data)
        if (name, persona) not in OPEN_FORMS:
            assert answer.status_code in (200, 400, 403, 404, 405) or refused(
                answer, persona == "anonymous"
            ), (path, answer.status_code)
        assert answer.status_code < 500, path
        assert_nothing_secret(answer, "POST " + path, persona)
        answer = client.get(path)
        assert answer.status_code < 500, path
        assert_nothing_secret(answer, "GET " + path, persona)
        if name in OBJECT_PAGES:
            for method in (client.get, client.post):
                answer = method(b + path)
                assert answer.status_code in (404, 405) or refused(
                    answer, persona == "anonymous"
                ), (b + path, answer.status_code)
                assert_nothing_secret(answer, b + path, persona)
    after = state()
    if (name, persona) in OPEN_FORMS:
        # Only the persona's own profile may have changed.
        for rows in (before, after):
            rows.pop("skills.SuccessorProfile")
            rows.pop("skills.SuccessorProfile_districts", None)
    assert after == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(set(PAGES) - OBJECT_PAGES))
def test_pages_through_the_other_clusters_prefix_show_nothing_of_a(
    name, persona, world, other_cluster, as_persona
):
    client = as_persona(persona)
    b = f"/c/{other_cluster.slug}"
    before = state()
    for path in page_addresses(name, world):
        for method in (client.get, client.post):
            answer = (
                method(b + path, page_data(world)) if method is client.post else method(b + path)
            )
            assert answer.status_code < 500, b + path
            assert_nothing_secret(answer, b + path, persona)
            assert "Betrieb 1" not in _text(answer), b + path
    if persona != "other_cluster_manager":
        assert state() == before


# --- API -------------------------------------------------------------------------------------


def api_path(template: str, world: dict, *, offer=None, case=None) -> str:
    return "/api/v1/skills" + template.format(
        code=world["metallbau"].code,
        year=YEAR,
        offer_id=(offer or world["hidden"]).pk,
        ags=world["district"].ags,
        uid=(case or world["draft"]).uid,
        interest_id=world["interest"].pk,
    )


def api_body(operation: tuple[str, str], world: dict):
    method, template = operation
    if method == "PUT":
        return {
            "actor": world["released"].company_id,
            "rows": {world["metallbau"].code: {"employees": 1}},
            "submit": True,
        }
    if template == "/training-offers" and method == "POST":
        return {
            "provider": world["published"].provider.slug,
            "title": "Gekapert",
            "format": OfferFormat.choices[0][0],
        }
    if method == "PATCH":
        return {"version": 1, "title": "Gekapert", "is_published": True}
    if template.endswith("/interest"):
        return {"profile_id": world["profile"].pk, "message": "Gekapert"}
    if template.endswith("/check"):
        return {"forward": True, "note": "Gekapert"}
    if template.endswith("/answer"):
        return {"agree": True}
    return None


def api_variants(operation, world) -> list[str]:
    _method, template = operation
    if "{offer_id}" in template:
        return [api_path(template, world, offer=o) for o in (world["hidden"], world["published"])]
    if "{uid}" in template:
        return [api_path(template, world, case=c) for c in (world["draft"], world["released"])]
    return [api_path(template, world)]


def call(client, method: str, path: str, body):
    if body is None:
        return client.generic(method, path)
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(API_OPERATIONS))
def test_no_api_operation_writes_or_shows_anything_of_a_without_the_right(
    operation, persona, world, other_cluster, as_persona
):
    client = as_persona(persona)
    method, template = operation
    body = api_body(operation, world)
    before = state()
    b = f"/c/{other_cluster.slug}"
    for path in api_variants(operation, world):
        for prefix in ("", b):
            answer = call(client, method, prefix + path, body)
            where = (method, prefix + path, persona)
            assert answer.status_code < 500, (where, answer.status_code)
            assert_nothing_secret(answer, str(where), persona)
            if method != "GET":
                # 422: the rules refuse before anything is looked up further (no profile of
                # the person, no provider of theirs) – nothing changes either way.
                expected = (401,) if persona == "anonymous" else (403, 404, 422)
                assert answer.status_code in expected, (where, answer.status_code, answer.content)
            names_an_object = any(k in template for k in ("{offer_id}", "{uid}", "{interest_id}"))
            if prefix and names_an_object and not (persona == "anonymous" and method != "GET"):
                assert answer.status_code == 404, (where, answer.status_code)
    assert state() == before


def test_the_refusals_are_no_missing_session_or_token(client, world):
    """The control: with the same kind of requests, A's chamber checks the interest and A's
    owner sees the company on the case page; the management of A sees the draft."""
    client.force_login(world["chamber"].user)
    answer = client.post(
        f"/api/v1/skills/succession/interests/{world['interest'].pk}/check",
        data=json.dumps({"forward": True, "note": ""}),
        content_type="application/json",
    )
    assert answer.status_code in (200, 422), answer.content
    answer = client.get(f"/api/v1/skills/succession/cases/{world['released'].uid}")
    assert answer.json()["company"] == COMPANY
    client.force_login(world["owner"])
    answer = client.get(reverse("skills:succession_case", args=[world["draft"].uid]))
    assert answer.status_code == 200
    assert DRAFT_TITLE in answer.content.decode()


def test_the_searcher_learns_the_company_only_after_the_owner_agrees(client, world):
    client.force_login(world["owner"])
    answer = client.post(
        f"/api/v1/skills/succession/interests/{world['interest'].pk}/answer",
        data=json.dumps({"agree": True}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    client.force_login(world["searcher"])
    answer = client.get(f"/api/v1/skills/succession/cases/{world['released'].uid}")
    assert answer.status_code == 200
    assert answer.json()["contact"]["email"] == OWNER_EMAIL


# --- k-anonymity for everybody, the management of A included -----------------------------------


def test_a_suppressed_cell_appears_nowhere_even_for_the_management(client, world, cluster_manager):
    client.force_login(cluster_manager)
    year = f"?jahr={YEAR}"
    for path in (
        reverse("skills:matrix") + year,
        reverse("skills:district", args=[world["district"].ags]) + year,
        reverse("skills:district", args=["12069"]) + year,
        reverse("skills:matrix_gaps") + year,
        reverse("skills:matrix_xlsx") + year,
        reverse("skills:occupation", args=[world["metallbau"].code]),
        reverse("skills:occupation", args=[world["industrie"].code]),
        reverse("skills:survey_manage", args=[YEAR]),
        f"/api/v1/skills/matrix?year={YEAR}",
        f"/api/v1/skills/districts/{world['district'].ags}?year={YEAR}",
        f"/api/v1/skills/districts/12069?year={YEAR}",
        f"/api/v1/skills/occupations/{world['metallbau'].code}",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        text = _text(answer)
        for figure in SUPPRESSED:
            assert not re.search(rf"(?<![\w.]){re.escape(figure)}(?![\w])", text), (path, figure)
    # The published cell is there: the check above looks at the right pages.
    matrix = client.get(f"/api/v1/skills/matrix?year={YEAR}").json()
    assert any(cell.get("companies") == 7 for cell in matrix["cells"]), (
        "the published cell is missing"
    )


def test_a_survey_of_a_is_not_answered_through_b(client, world, other_cluster, companies):
    """A's company representative (a member of A only) cannot answer B's survey and does not
    see A's survey through B's prefix."""
    client.force_login(companies[0].user)
    answer = client.get(f"/c/{other_cluster.slug}/api/v1/skills/surveys/{YEAR}/my-response")
    assert answer.status_code == 404
