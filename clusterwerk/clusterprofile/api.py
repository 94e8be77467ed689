"""The profile's API (mounted at /api/v1/profile): the public profile's content in German and
English, and the open data as JSON. Public reads, no login. Until the profile is published
the content is the neutral minimal profile (name and description)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from clusterwerk.clusterprofile import queries
from clusterwerk.clusterprofile.opendata import DATASETS, dataset_document
from clusterwerk.core.api import error_responses
from clusterwerk.core.tenancy import request_cluster

router = Router(tags=["Clusterprofil und offene Daten"])


class ProfileTextsOut(Schema):
    tagline: str
    about: str
    focus: str


class ProfileTeamMemberOut(Schema):
    name: str
    role: str
    role_en: str
    email: str
    phone: str


class ProfileContactOut(Schema):
    management_organisation: str
    street: str
    postal_code: str
    municipality: str
    email: str
    phone: str
    website: str


class ProfileOut(Schema):
    cluster: dict = Field(description="slug und name des Clusters.")
    description: str = Field(description="Beschreibung des Clusters (immer öffentlich).")
    is_published: bool
    de: ProfileTextsOut | None = None
    en: ProfileTextsOut | None = Field(
        None, description="Englische Texte; leer heißt: nur auf Deutsch verfügbar."
    )
    only_in_german: list[str] = Field(
        default_factory=list, description="Texte mit deutscher, aber ohne englische Fassung."
    )
    founded_year: int | None = None
    contact: ProfileContactOut | None = None
    team: list[ProfileTeamMemberOut] = Field(default_factory=list)


class OpenDataOut(Schema):
    dataset: str
    title: str
    cluster: dict
    licence: dict = Field(description="id, name, url und Namensnennung (dl-de/by-2-0).")
    source: str
    generated_at: str
    columns: list[str]
    rows: list[dict]


@router.get("", response={200: ProfileOut, **error_responses(404)}, summary="Clusterprofil")
def profile(request):
    cluster = request_cluster(request)
    record = queries.profile_of(cluster)
    data = {
        "cluster": {"slug": cluster.slug, "name": cluster.name},
        "description": cluster.description,
        "is_published": bool(record and record.is_published),
    }
    if record is None or not record.is_published:
        return data
    texts = queries.profile_texts(record)
    data.update(
        {
            **texts,
            "only_in_german": queries.english_missing(record),
            "founded_year": record.founded_year,
            "contact": {name: getattr(record, name) for name in ProfileContactOut.model_fields},
            "team": [
                {name: getattr(person, name) for name in ProfileTeamMemberOut.model_fields}
                for person in queries.team_of(cluster)
            ],
        }
    )
    return data


@router.get(
    "/open-data/{dataset}",
    response={200: OpenDataOut, **error_responses(404, 422)},
    summary="Offene Daten: ein Datensatz",
)
def open_data(request, dataset: str):
    cluster = request_cluster(request)
    if dataset not in DATASETS:
        raise Http404(
            _("Diesen Datensatz gibt es nicht. Verfügbar: %(names)s.")
            % {"names": ", ".join(DATASETS)}
        )
    return dataset_document(cluster, dataset)
