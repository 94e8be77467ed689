"""The innovation prize's API: applications (mounted at /api/v1/award/, see api.py).

- `GET /me/applications`: your applications in the request's cluster, all editions.
- `POST /editions/{year}/applications`: a new draft for an organisation you represent.
- `GET /applications/{id}`: one application – yours, or one you may read as the management
  or a juror (the access funnel `queries.get_application_by_pk_for_user`; a conflicted juror
  gets 404).
- `PATCH /applications/{id}`: change the given fields; `version` is the state you loaded –
  when somebody saved in between, 409 with the stored state (`current`, `version`).
- `POST /applications/{id}/submit`, `/withdraw`: until the deadline (afterwards 403 with the
  deadline's date and time).

Attachments (PDF) are uploaded on the application's page only; the API lists them with
their download address but takes no uploads. Writes need the session
(`core.api.session_auth`, with the CSRF token) and go through `services.applications`, which
checks the permission and the phase again and answers German reasons (422 by field).
"""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from clusterwerk.actors.queries import visible_actors
from clusterwerk.award import queries
from clusterwerk.award.models import Application
from clusterwerk.award.permissions import is_applicant
from clusterwerk.award.services import applications as services
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster

router = Router()

MAX_ID = 2**63 - 1
ApplicationId = Path(..., ge=1, le=MAX_ID, description="Kennung der Bewerbung.")
Year = Path(..., ge=2000, le=2100, description="Jahr des Preisjahrgangs.")
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)


class ApplicationCreateIn(Schema):
    applicant: int = Field(
        ..., ge=1, le=MAX_ID, description="Die Organisation (Akteur), für die Sie sich bewerben."
    )
    title: str = Field(..., max_length=200, description="Titel der Innovation.")


class ApplicationPatchIn(Schema):
    version: int = Field(..., ge=1, description="Der Bearbeitungsstand, den Sie geladen haben.")
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=600)
    description: str | None = Field(None, max_length=20000)
    stage: str | None = Field(None, description="idea, concept, experimental, prototype, …")
    innovation_date: datetime.date | None = Field(None, description="JJJJ-MM-TT")
    market: str | None = Field(None, max_length=5000)
    figures: str | None = Field(None, max_length=2000)
    ip_declaration: bool | None = None
    publication_consent: bool | None = None


class ApplicationPartnerOut(Schema):
    actor: int
    name: str
    role: str


class AttachmentOut(Schema):
    id: int
    file_name: str
    size: int
    url: str


class ApplicationOut(Schema):
    id: int
    uid: str
    year: int
    edition_title: str
    applicant: int
    applicant_name: str
    title: str
    summary: str
    description: str
    stage: str
    stage_label: str
    innovation_date: datetime.date | None
    market: str
    figures: str
    ip_declaration: bool
    publication_consent: bool
    status: str
    status_label: str
    version: int
    submitted_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    deadline: datetime.datetime
    can_edit: bool = Field(description="Sie können die Bewerbung jetzt noch ändern.")
    partners: list[ApplicationPartnerOut]
    attachments: list[AttachmentOut]
    url: str


class ApplicationEditConflictOut(Schema):
    detail: str
    version: int
    current: dict


def application_dict(application: Application, user) -> dict:
    edition = application.edition
    return {
        "id": application.pk,
        "uid": str(application.uid),
        "year": edition.year,
        "edition_title": edition.title,
        "applicant": application.applicant_id,
        "applicant_name": application.applicant.name,
        "title": application.title,
        "summary": application.summary,
        "description": application.description,
        "stage": application.stage,
        "stage_label": str(application.get_stage_display()) if application.stage else "",
        "innovation_date": application.innovation_date,
        "market": application.market,
        "figures": application.figures,
        "ip_declaration": application.ip_declaration,
        "publication_consent": application.publication_consent,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "version": application.version,
        "submitted_at": application.submitted_at,
        "withdrawn_at": application.withdrawn_at,
        "deadline": edition.deadline,
        "can_edit": is_applicant(user, application) and services.can_edit(application),
        "partners": [
            {"actor": p.actor_id, "name": p.actor.name, "role": p.role}
            for p in application.partners.select_related("actor")
        ],
        "attachments": [
            {
                "id": a.pk,
                "file_name": a.file_name,
                "size": a.size,
                "url": reverse("award:attachment-download", args=[application.uid, a.pk]),
            }
            for a in application.attachments.defer("content")
        ],
        "url": reverse("award:application-detail", args=[application.uid]),
    }


def _application(request, application_id: int, *, write: bool = False) -> Application:
    return queries.get_application_by_pk_for_user(
        request.user, request_cluster(request), application_id, write=write
    )


@router.get(
    "/me/applications",
    auth=session_auth,
    response={200: list[ApplicationOut], **error_responses(401)},
    summary="Meine Bewerbungen",
    description="Ihre Bewerbungen im Cluster der Adresse, über alle Jahrgänge.",
)
def my_applications(request):
    rows = queries.my_applications(request.user, request_cluster(request))
    return [application_dict(application, request.user) for application in rows]


@router.post(
    "/editions/{int:year}/applications",
    auth=session_auth,
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Bewerbung anlegen",
    description="Legt einen Entwurf für eine Organisation an, die Sie im Akteursverzeichnis "
    "vertreten (403 sonst). Nach dem Einsendeschluss 403 mit Datum und Uhrzeit; die vierte "
    "Bewerbung derselben Organisation, ein Nichtmitglied oder eine nicht zugelassene Art von "
    "Bewerber 422 mit dem Grund.",
)
def create(request, payload: ApplicationCreateIn, year: int = Year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year)
    applicant = visible_actors(request.user, cluster).filter(pk=payload.applicant).first()
    if applicant is None:
        raise ValidationError(
            {"applicant": [_("Diese Organisation steht nicht im Verzeichnis des Clusters.")]}
        )
    application = services.create_application(
        user=request.user,
        cluster=cluster,
        edition=edition,
        applicant=applicant,
        data={"title": payload.title},
    )
    return Status(201, application_dict(application, request.user))


@router.get(
    "/applications/{int:application_id}",
    auth=session_auth,
    response={200: ApplicationOut, **error_responses(401, 404, 422)},
    summary="Eine Bewerbung",
    description="Ihre Bewerbung, oder eine, die Sie als Clustermanagement oder Jurymitglied "
    "lesen dürfen; sonst 404.",
)
def detail(request, application_id: int = ApplicationId):
    return application_dict(_application(request, application_id), request.user)


@router.patch(
    "/applications/{int:application_id}",
    auth=session_auth,
    response={
        200: ApplicationOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=ApplicationEditConflictOut),
    },
    summary="Bewerbung ändern",
    description="Ändert nur die übergebenen Felder. `version` ist der Stand, den Sie geladen "
    "haben; hat jemand inzwischen gespeichert, 409 mit dem gespeicherten Stand (`current`). "
    "Nach dem Einsendeschluss 403 mit Datum und Uhrzeit.",
)
def patch(request, payload: ApplicationPatchIn, application_id: int = ApplicationId):
    application = _application(request, application_id, write=True)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if data.get("innovation_date") is not None:
        data["innovation_date"] = data["innovation_date"].isoformat()
    for name in ("title", "summary", "description", "stage", "market", "figures"):
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("ip_declaration", "publication_consent"):
        if name in data and data[name] is None:
            data[name] = False
    saved = services.save_application(
        user=request.user,
        cluster=request_cluster(request),
        application=application,
        data=data,
        version=version,
    )
    return application_dict(saved, request.user)


@router.post(
    "/applications/{int:application_id}/submit",
    auth=session_auth,
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Bewerbung einreichen",
    description="Reicht einen vollständigen Entwurf ein; fehlende Angaben und nicht erfüllte "
    "Teilnahmebedingungen ergeben 422 mit jedem Grund. Sie erhalten eine Bestätigung per "
    "E-Mail.",
)
def submit(request, application_id: int = ApplicationId):
    application = _application(request, application_id, write=True)
    submitted = services.submit_application(
        user=request.user, cluster=request_cluster(request), application=application
    )
    return application_dict(submitted, request.user)


@router.post(
    "/applications/{int:application_id}/withdraw",
    auth=session_auth,
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Bewerbung zurückziehen",
    description="Zieht die Bewerbung bis zum Einsendeschluss zurück (danach 403).",
)
def withdraw(request, application_id: int = ApplicationId):
    application = _application(request, application_id, write=True)
    withdrawn = services.withdraw_application(
        user=request.user, cluster=request_cluster(request), application=application
    )
    return application_dict(withdrawn, request.user)
