"""Every write path of the innovation prize – each POST page of `award.urls` and each write
endpoint of /api/v1/award – tried by the management and by a member of another cluster against
the objects of cluster A, through A's addresses and through their own cluster's prefix
(`/c/<slug>/`): each is refused (403/404) and nothing of the award's tables changes. Reads of
A's objects through B's prefix show nothing of A. The tables below are checked against the
URL patterns and the API's operations, so a new write path cannot be forgotten."""

import io
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from clusterwerk.accounts.models import RoleAssignment
from clusterwerk.award import api_applications, api_editions, api_jury, api_scoring, urls
from clusterwerk.award.models import (
    Application,
    Attachment,
    Comment,
    ConflictStatus,
    FollowUp,
    Phase,
)
from clusterwerk.award.tests.factories import (
    make_application,
    make_award_edition,
    make_juror,
    make_review,
)
from clusterwerk.award.tests.scoring_support import ALL_FOUR, block
from clusterwerk.award.tests.test_applications_services import PDF

pytestmark = pytest.mark.django_db

TITLE = "Geheime Innovation aus Cluster A"
PERSONAS = ("other_cluster_manager", "other_cluster_member")

# Every page of award.urls that writes (takes a POST), with the objects its address needs.
WRITE_PAGES = {
    "apply": "year",
    "application-edit": "uid",
    "application-autosave": "uid",
    "application-submit": "uid",
    "application-withdraw": "uid",
    "application-partners": "uid",
    "attachment-upload": "uid",
    "attachment-delete": "uid+attachment",
    "edition-create": "",
    "edition-edit": "year",
    "criteria": "year",
    "rules": "year",
    "phase": "year",
    "formal-check-application": "year+uid",
    "jury": "year",
    "juror-remove": "year+member",
    "conflicts-detect": "year",
    "conflict-decide": "year+conflict",
    "assignment": "year",
    "assignment-change": "year",
    "confidentiality": "year",
    "declare-conflict": "year",
    "review": "uid",
    "review-abstain": "uid",
    "comment": "uid",
    "decisions": "year",
    "release": "year",
    "follow-up": "follow_up",
}
# Pages that only read (GET), tried below for leaks through B's prefix where they show A's
# objects; public pages of A's cluster are public by design.
READ_PAGES = {
    "edition-list",
    "edition-detail",
    "winners",
    "certificate",
    "mine",
    "manage-list",
    "manage",
    "application-detail",
    "attachment-download",
    "conflicts",
    "jury-home",
    "formal-check",
    "ranking",
    "ranking-export",
    "audit",
}
# Pages open to every logged-in person of the cluster of the address by design: they answer
# with a page (no write) and are checked for "nothing written" only.
OPEN_FORMS = {"apply"}
# No object of A in the address: under B's own prefix it is B's page (B's management may
# create B's editions); tried under A's address here and in the test after.
ONLY_ON_OWN_CLUSTER = {"edition-create"}

# (method, path template) of every write endpoint of /api/v1/award.
API_WRITES = {
    ("POST", "/editions/{year}/applications"),
    ("PATCH", "/applications/{application_id}"),
    ("POST", "/applications/{application_id}/submit"),
    ("POST", "/applications/{application_id}/withdraw"),
    ("POST", "/editions/{year}/phase"),
    ("POST", "/conflicts/{conflict_id}/decide"),
    ("POST", "/editions/{year}/assignment"),
    ("PUT", "/reviews/{review_id}"),
    ("POST", "/reviews/{review_id}/abstain"),
}


def api_operations() -> set[tuple[str, str]]:
    found = set()
    for module in (api_applications, api_editions, api_jury, api_scoring):
        for path, view in module.router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.add((method, path.replace("{int:", "{")))
    return found


def test_the_tables_cover_every_address_and_every_api_write():
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names == set(WRITE_PAGES) | READ_PAGES, "a page of award.urls is not in a table"
    assert not set(WRITE_PAGES) & READ_PAGES
    writes = {op for op in api_operations() if op[0] != "GET"}
    assert writes == API_WRITES, "an API write of /api/v1/award is not in the table"


@pytest.fixture(params=[Phase.CALL, Phase.FORMAL_CHECK, Phase.DISCUSSION, Phase.DECISION])
def world(request, cluster, other_cluster, applicant, applicant_user, institute):
    """Cluster A's edition in the phase of the parameter with everything the write paths
    need: a submitted application with a partner and a PDF, jurors, a proposed conflict, a
    review with scores, a comment, a follow-up."""
    edition = make_award_edition(cluster, phase=request.param)
    application = make_application(
        edition, applicant, title=TITLE, created_by=applicant_user, partners=[institute]
    )
    attachment = Attachment.objects.create(
        application=application, file_name="Konzept.pdf", size=len(PDF), content=PDF
    )
    seat = make_juror(edition, "a-juror@jury.example")
    conflicted = make_juror(edition, "a-juror2@jury.example", affiliation=institute)
    conflict = block(conflicted, application, status=ConflictStatus.PROPOSED)
    review = make_review(application, seat, scores=ALL_FOUR)
    Comment.objects.create(application=application, author=seat.user, text="Stark.")
    follow_up = FollowUp.objects.create(
        application=application, years_after=1, due_on=edition.deadline.date()
    )
    return {
        "edition": edition,
        "application": application,
        "attachment": attachment,
        "member": seat,
        "conflict": conflict,
        "review": review,
        "follow_up": follow_up,
    }


def award_state() -> dict:
    """Every row of every award table (and the role assignments a juror's seat creates)."""
    state = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("award").get_models()
    }
    state["roles"] = list(RoleAssignment.objects.order_by("pk").values())
    return state


def page_address(name: str, world: dict) -> str:
    needs = WRITE_PAGES[name]
    kwargs = {}
    if "year" in needs:
        kwargs["year"] = world["edition"].year
    if "uid" in needs:
        kwargs["uid"] = world["application"].uid
    if "attachment" in needs:
        kwargs["pk"] = world["attachment"].pk
    if "member" in needs:
        kwargs["pk"] = world["member"].pk
    if "conflict" in needs:
        kwargs["pk"] = world["conflict"].pk
    if "follow_up" in needs:
        kwargs["pk"] = world["follow_up"].pk
    return reverse(f"award:{name}", kwargs=kwargs)


def page_data(world: dict) -> dict:
    """One form that fills every field any of the pages asks for."""
    application = world["application"]
    return {
        "applicant": application.applicant_id,
        "title": "Gekapert",
        "summary": "Gekapert",
        "description": "Gekapert",
        "market": "Gekapert",
        "version": application.version,
        "actor": application.applicant_id,
        "role": "Gekapert",
        "remove": application.partners.first().actor_id,
        "application": application.pk,
        "member": world["member"].pk,
        "action": "submit",
        "accept": "1",
        "kind": "personal",
        "reason": "Gekapert",
        "text": "Gekapert",
        "note": "Gekapert",
        "decision": "pin",
        "confirm": "on",
        "email": "management-b@clusterwerk.test",
        "year": world["edition"].year + 1,
        "deadline": "2099-01-01T10:00",
        "outcome": "on_market",
        "employees_added": "3",
        "innovation": "0",
        "market-score": "0",
        f"pruefung-{application.pk}-verdict": "ineligible",
        f"pruefung-{application.pk}-note": "Gekapert",
        f"c{world['conflict'].pk}-decision": "dismiss",
        f"c{world['conflict'].pk}-reason": "Gekapert",
        f"a{application.pk}-decision": "winner",
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(WRITE_PAGES))
def test_no_write_page_works_for_another_cluster(
    name, persona, client, world, other_cluster, tenant_personas
):
    client.force_login(tenant_personas(persona))
    before = award_state()
    path = page_address(name, world)
    data = page_data(world)
    prefixes = ("",) if name in ONLY_ON_OWN_CLUSTER else ("", f"/c/{other_cluster.slug}")
    for prefix in prefixes:
        answer = client.post(prefix + path, data)
        if name in OPEN_FORMS and not prefix:
            # The call is public: the form answers, but without an organisation of A nothing
            # can be created.
            assert answer.status_code in (200, 400, 403, 404), (prefix + path, answer)
        else:
            assert answer.status_code in (403, 404, 405), (prefix + path, answer.status_code)
        assert TITLE not in answer.content.decode(errors="replace"), prefix + path
    assert award_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_an_edition_is_only_for_the_management_of_the_address(
    persona, client, world, other_cluster, tenant_personas
):
    """Through B's own prefix B's management may create an edition of B – never of A."""
    client.force_login(tenant_personas(persona))
    client.post(
        f"/c/{other_cluster.slug}" + reverse("award:edition-create"),
        {"year": 2099, "title": "Gekapert", "deadline": "2099-01-01T10:00"},
    )
    assert not world["edition"].cluster.award_editions.filter(title="Gekapert").exists()


def api_address(method: str, template: str, world: dict) -> str:
    path = template.format(
        year=world["edition"].year,
        application_id=world["application"].pk,
        conflict_id=world["conflict"].pk,
        review_id=world["review"].pk,
    )
    return "/api/v1/award" + path


def api_body(operation: tuple[str, str], world: dict) -> dict:
    """A body the endpoint's schema accepts, so that the refusal comes from the rules."""
    application = world["application"]
    method, template = operation
    if template == "/editions/{year}/applications":
        return {"applicant": application.applicant_id, "title": "Gekapert"}
    if method == "PATCH":
        return {"version": application.version, "title": "Gekapert"}
    if template.endswith("/decide"):
        return {"pin": False, "reason": "Gekapert"}
    if method == "PUT":
        return {"scores": {"innovation": 0}, "comment": "Gekapert", "submit": False}
    if template.endswith("/abstain"):
        return {"reason": "Gekapert"}
    return {}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(API_WRITES))
def test_no_api_write_works_for_another_cluster(
    operation, persona, client, world, other_cluster, tenant_personas
):
    client.force_login(tenant_personas(persona))
    before = award_state()
    method, template = operation
    path = api_address(method, template, world)
    body = api_body(operation, world)
    for prefix in ("", f"/c/{other_cluster.slug}"):
        answer = client.generic(
            method, prefix + path, data=_json(body), content_type="application/json"
        )
        assert answer.status_code in (403, 404), (method, prefix + path, answer.status_code)
        assert TITLE not in answer.content.decode(), prefix + path
    assert award_state() == before


def _json(body: dict) -> str:
    import json

    return json.dumps(body)


def test_the_api_takes_writes_from_the_right_person_with_the_same_client(
    client, world, applicant_user
):
    """The control: the refusals above are not a missing CSRF token or session – A's
    applicant changes the application through the same kind of request."""
    if world["edition"].phase != Phase.CALL:
        pytest.skip("the applicant edits only during the call")
    client.force_login(applicant_user)
    application = world["application"]
    answer = client.patch(
        f"/api/v1/award/applications/{application.pk}",
        data=_json({"version": application.version, "summary": "Neu"}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    application.refresh_from_db()
    assert application.summary == "Neu"


# --- reads through B's prefix ------------------------------------------------------------------


@pytest.fixture
def b_edition(world, other_cluster):
    """Cluster B has an edition of the same year, so that B's addresses exist and answer."""
    return make_award_edition(
        other_cluster,
        year=world["edition"].year,
        phase=world["edition"].phase,
        title="Innovationspreis Kunststoffe",
    )


def _text(answer) -> str:
    if answer.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            return " ".join(
                archive.read(name).decode(errors="replace") for name in archive.namelist()
            )
    return answer.content.decode(errors="replace")


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads_through_the_other_clusters_prefix_show_nothing_of_a(
    persona, client, world, b_edition, other_cluster, tenant_personas
):
    client.force_login(tenant_personas(persona))
    application = world["application"]
    year = world["edition"].year
    b = f"/c/{other_cluster.slug}"
    # A's application, its PDF and its certificate are not found under B.
    for path in (
        reverse("award:application-detail", args=[application.uid]),
        reverse("award:attachment-download", args=[application.uid, world["attachment"].pk]),
        reverse("award:certificate", args=[year, application.uid]),
        reverse("award:review", args=[application.uid]),
        reverse("award:follow-up", args=[world["follow_up"].pk]),
        f"/api/v1/award/applications/{application.pk}",
        f"/api/v1/award/applications/{application.pk}/reviews",
    ):
        answer = client.get(b + path)
        assert answer.status_code == 404, (b + path, answer.status_code)
        assert TITLE not in _text(answer)
    # B's own pages and lists answer (for B's management) without anything of A.
    for path in (
        reverse("award:edition-list"),
        reverse("award:edition-detail", args=[year]),
        reverse("award:mine"),
        reverse("award:manage-list"),
        reverse("award:manage", args=[year]),
        reverse("award:formal-check", args=[year]),
        reverse("award:conflicts", args=[year]),
        reverse("award:assignment", args=[year]),
        reverse("award:jury", args=[year]),
        reverse("award:ranking", args=[year]),
        reverse("award:ranking-export", args=[year]),
        reverse("award:decisions", args=[year]),
        reverse("award:audit", args=[year]),
        reverse("award:jury-home", args=[year]),
        "/api/v1/award/editions",
        f"/api/v1/award/editions/{year}",
        "/api/v1/award/me/applications",
        f"/api/v1/award/editions/{year}/ranking",
        f"/api/v1/award/editions/{year}/jury",
        f"/api/v1/award/editions/{year}/conflicts",
        f"/api/v1/award/editions/{year}/my-assignments",
    ):
        answer = client.get(b + path)
        assert answer.status_code in (200, 403, 404), (b + path, answer.status_code)
        text = _text(answer)
        for secret in (TITLE, "Metallbau Havelland", "a-juror@jury.example", "Stark."):
            assert secret not in text, (b + path, secret)
    if persona == "other_cluster_manager":
        answer = client.get(b + reverse("award:ranking", args=[year]))
        assert answer.status_code == 200  # the page is there: it just has nothing of A
        editions = client.get(b + "/api/v1/award/editions").json()
        assert [edition["title"] for edition in editions] == [b_edition.title]


def test_no_application_of_a_is_an_application_of_b(world, b_edition):
    assert not Application.objects.filter(edition=b_edition).exists()
