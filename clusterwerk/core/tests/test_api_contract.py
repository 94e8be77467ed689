"""The REST API keeps its OpenAPI contract: one component schema per name, every error status an
operation can answer documented with the right body, 422 always with `errors`, no NUL character
into the database, 401 without a login and 403 without permission or CSRF token.

`.ci/api-contract` runs schemathesis against a live server for the same contract; these tests
pin the rules it found broken."""

import enum
import json
import typing

import jsonschema_rs
import pytest
from django.db import DataError
from django.test import Client
from pydantic import BaseModel

from clusterwerk.actors.models import Actor, Visibility
from clusterwerk.actors.tests.directory_support import add_contact, make_actor
from clusterwerk.core.api import ErrorOut, ValidationErrorOut, error_responses
from config.api import api

pytestmark = pytest.mark.django_db

UNSAFE_METHODS = {"post", "put", "patch", "delete"}


@pytest.fixture
def openapi(client):
    return client.get("/api/openapi.json").json()


def operations(openapi: dict):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def logged_in(user, *, csrf: bool = False) -> Client:
    """A client with the user's session; with `csrf`, one that enforces the CSRF check like a
    real client (the test client skips it by default) and sends the token."""
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    if csrf:
        token = client.get("/api/csrf").json()["csrf_token"]
        client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def send(client, method: str, url: str, body=None, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body or {})
    return getattr(client, method)(url, data=data, content_type="application/json", **extra)


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"]
    return body


def assert_validation_error(response) -> dict:
    body = assert_error(response, 422)
    assert body["errors"], body
    for item in body["errors"]:
        assert set(item) == {"loc", "msg", "type"}
        assert isinstance(item["loc"], list) and item["msg"] and item["type"]
    return body


# --- schema names ------------------------------------------------------------------------------


def models_in(annotation, seen: set) -> typing.Iterator[type]:
    """The pydantic models and enums an annotation uses, nested ones included."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        if annotation in seen:
            return
        seen.add(annotation)
        yield annotation
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                yield from models_in(field.annotation, seen)
    for argument in typing.get_args(annotation):
        yield from models_in(argument, seen)


def by_name(annotations) -> dict[str, set[type]]:
    seen: set = set()
    classes: dict[str, set[type]] = {}
    for annotation in annotations:
        for cls in models_in(annotation, seen):
            classes.setdefault(cls.__name__, set()).add(cls)
    return classes


def schema_classes_by_name(ninja_api) -> dict[str, set[type]]:
    """Every schema class the routers' operations use (bodies, parameters, responses), by the
    name it gets in the OpenAPI document. ninja names a component after the class, so two
    classes under one name silently share (overwrite) one component."""
    annotations = []
    for _prefix, router in ninja_api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                annotations += [
                    field.annotation
                    for model in operation.models
                    for field in model.model_fields.values()
                ]
                annotations += [
                    model.model_fields["response"].annotation
                    for model in operation.response_models.values()
                    if isinstance(model, type) and issubclass(model, BaseModel)
                ]
    return by_name(annotations)


def test_every_schema_class_has_a_component_name_of_its_own(openapi):
    classes = schema_classes_by_name(api)
    clashes = {name: found for name, found in classes.items() if len(found) > 1}
    assert clashes == {}
    assert {"ActorContactOut", "InterestContactOut", "ErrorOut", "ActivityScheme"} <= set(classes)
    assert set(classes) <= set(openapi["components"]["schemas"])


def test_the_name_check_sees_a_clash():
    def contact_schema(field: str) -> type[BaseModel]:
        # a new class on every call, always named ContactOut (as in two apps' schemas.py)
        return type("ContactOut", (BaseModel,), {"__annotations__": {field: str}})

    class ActorOut(BaseModel):
        contacts: list[contact_schema("email")]

    class InterestOut(BaseModel):
        contacts: list[contact_schema("organisation")] | None

    classes = by_name([ActorOut, dict[str, InterestOut]])
    assert len(classes["ContactOut"]) == 2
    assert len(classes["ActorOut"]) == 1


def test_an_actor_with_contacts_matches_its_documented_schema(client, openapi, cluster):
    """The clash that broke it: two `ContactOut` schemas, the other one won."""
    actor = make_actor("Kontakt GmbH", cluster=cluster)
    add_contact(actor, "Paula Public", visibility=Visibility.PUBLIC, email="p@example.org")
    body = client.get(f"/api/actors/{actor.pk}").json()
    assert body["contacts"][0]["name"] == "Paula Public"
    schema = {"$ref": "#/components/schemas/ActorDetailOut", **openapi}
    jsonschema_rs.validator_for(schema).validate(body)


# --- documented errors -------------------------------------------------------------------------


def schema_refs(response: dict) -> set[str]:
    schema = response["content"]["application/json"]["schema"]
    options = schema.get("anyOf", [schema])
    return {option["$ref"].rsplit("/", 1)[-1] for option in options}


def test_every_operation_documents_the_errors_it_can_answer(openapi):
    problems = []
    for path, method, operation in operations(openapi):
        documented = set(operation["responses"])
        needed = set()
        if operation.get("security"):
            needed.add("401")
            if method in UNSAFE_METHODS:
                needed |= {"400", "403"}  # form data the CSRF check cannot read; no CSRF token
        if "requestBody" in operation:
            needed |= {"400", "422"}
        if any(parameter["in"] != "cookie" for parameter in operation.get("parameters", [])):
            needed.add("422")
        if "{" in path:
            needed.add("404")
        if needed - documented:
            problems.append(f"{method.upper()} {path}: missing {sorted(needed - documented)}")
        for status, response in operation["responses"].items():
            if not status.startswith("4"):
                continue
            refs = schema_refs(response)
            if status == "422":
                expected_ok = refs == {"ValidationErrorOut"}
            elif status == "409":
                expected_ok = "ErrorOut" in refs
            else:
                expected_ok = refs == {"ErrorOut"}
            if not expected_ok:
                problems.append(f"{method.upper()} {path}: {status} documented as {sorted(refs)}")
    assert problems == []


def test_throttled_operations_document_429(openapi):
    assert "429" in openapi["paths"]["/api/v1/matchmaking/match"]["get"]["responses"]
    assert "429" in openapi["paths"]["/api/projects/classify"]["post"]["responses"]
    comments = "/api/v1/participation/consultations/{slug}/comments"
    assert "429" in openapi["paths"][comments]["post"]["responses"]


def test_a_write_documents_its_errors_with_their_bodies(openapi):
    operation = openapi["paths"]["/api/actors/{actor_id}"]["patch"]
    responses = operation["responses"]
    assert {"200", "202", "400", "401", "403", "404", "409", "422"} <= set(responses)
    assert schema_refs(responses["401"]) == {"ErrorOut"}
    assert schema_refs(responses["403"]) == {"ErrorOut"}
    assert schema_refs(responses["404"]) == {"ErrorOut"}
    assert schema_refs(responses["409"]) == {"ActorConflictOut", "ErrorOut"}
    assert schema_refs(responses["422"]) == {"ValidationErrorOut"}
    errors = openapi["components"]["schemas"]["ValidationErrorOut"]
    assert set(errors["required"]) == {"detail", "errors"}


def test_error_responses_maps_statuses_to_bodies():
    from clusterwerk.actors.schemas import ActorConflictOut

    responses = error_responses(401, 404, 409, 422, conflict=ActorConflictOut)
    assert responses[401] is ErrorOut and responses[404] is ErrorOut
    assert responses[422] is ValidationErrorOut
    assert set(typing.get_args(responses[409])) == {ActorConflictOut, ErrorOut}
    with pytest.raises(ValueError, match="418"):
        error_responses(418)
    with pytest.raises(ValueError, match="409"):
        error_responses(422, conflict=ActorConflictOut)


# --- 422 with errors, NUL characters -----------------------------------------------------------


def test_a_nul_character_in_a_filter_is_422_with_errors(client):
    body = assert_validation_error(client.get("/api/actors", {"q": "Stahl\x00bau"}))
    assert body["errors"][0]["loc"] == ["query", "q"]
    assert body["errors"][0]["type"] == "null_character"
    assert "Nullzeichen" in body["detail"]
    for url, params in [
        ("/api/v1/matchmaking/listings", {"topic": "\x00"}),
        ("/api/projects", {"cluster": "metall\x00"}),
        ("/api/v1/matchmaking/match", {"q": "Laser\x00"}),
    ]:
        assert_validation_error(client.get(url, params))


def test_a_nul_character_in_a_path_is_422_with_errors(client, cluster):
    body = assert_validation_error(client.get("/api/masterplan/metall\x00/editions"))
    assert body["errors"][0]["loc"] == ["path", "cluster"]
    body = assert_validation_error(client.get("/api/v1/participation/consultations/a%00b"))
    assert body["errors"][0]["loc"] == ["path", "slug"]


def test_a_nul_character_in_a_body_never_reaches_the_database(cluster, cluster_manager):
    manager = logged_in(cluster_manager)
    payload = {"values": {"kind": "company", "name": "Nul\x00Byte GmbH"}}
    body = assert_validation_error(send(manager, "post", "/api/actors", payload))
    assert body["errors"][0]["loc"] == ["body", "payload", "values", "name"]
    assert "Nullzeichen" in body["detail"]
    keyed = {"values": {"kind": "company", "name": "Gut GmbH", "no\x00te": "x"}}
    assert_validation_error(send(manager, "post", "/api/actors", keyed))
    assert not Actor.objects.exists()


def test_invalid_parameters_are_422_with_errors(client):
    body = assert_validation_error(client.get("/api/actors", {"limit": 0}))
    assert body["errors"][0]["loc"] == ["query", "limit"]
    assert_validation_error(client.get("/api/actors", {"q": "x" * 1000}))
    assert_validation_error(client.get("/api/actors/activities", {"scheme": "NACE"}))


def test_service_validation_errors_are_422_with_errors(cluster, cluster_manager):
    manager = logged_in(cluster_manager)
    body = assert_validation_error(send(manager, "post", "/api/actors", {"values": {}}))
    assert {tuple(item["loc"]) for item in body["errors"]} >= {("name",)}


def test_a_value_the_database_refuses_is_422_with_errors(client, cluster, monkeypatch):
    def refused(*args, **kwargs):
        raise DataError("value too long for type character varying(5)")

    monkeypatch.setattr("clusterwerk.actors.api.directory_queryset", refused)
    body = assert_validation_error(client.get("/api/actors"))
    assert body["errors"][0]["type"] == "data_error"


def test_form_data_is_400_not_a_server_error(cluster, cluster_manager):
    manager = logged_in(cluster_manager, csrf=True)
    for content_type, data in [
        ("multipart/form-data", "abc"),
        ("multipart/form-data; boundary=x", "abc"),
        ("application/x-www-form-urlencoded", "a=b"),
        ("text/plain", "abc"),
    ]:
        response = manager.post("/api/actors", data=data, content_type=content_type)
        assert_error(response, 400)


# --- 401 and 403 -------------------------------------------------------------------------------


def test_an_anonymous_write_is_401_also_without_a_csrf_token(cluster):
    client = Client(enforce_csrf_checks=True)
    payload = {"values": {"kind": "company", "name": "Anonym GmbH"}}
    assert_error(send(client, "post", "/api/actors", payload), 401, "Anmeldung")
    listing_write = send(client, "post", "/api/v1/matchmaking/listings/1/close")
    assert_error(listing_write, 401, "Anmeldung")
    assert_error(client.get("/api/v1/matchmaking/saved-searches"), 401, "Anmeldung")


def test_a_forbidden_write_is_403(cluster, member):
    client = logged_in(member, csrf=True)
    payload = {"values": {"kind": "company", "name": "Mitglied GmbH"}}
    assert_error(send(client, "post", "/api/actors", payload), 403, "Clustermanagement")
    assert not Actor.objects.exists()


def test_a_logged_in_write_without_the_csrf_token_is_403(cluster, cluster_manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cluster_manager)
    payload = {"values": {"kind": "company", "name": "Ohne Token GmbH"}}
    assert_error(send(client, "post", "/api/actors", payload), 403, "CSRF")
    assert not Actor.objects.exists()
