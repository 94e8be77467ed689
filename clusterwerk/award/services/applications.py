"""A company applies: create a draft, save it (also partly, as autosave), pick partners from
the directory, upload PDFs, submit, withdraw – until the deadline, to the second.

- Who: whoever represents the applying organisation in the directory (`ActorRepresentative`,
  confirmed by the management), or the cluster management on its behalf; afterwards the
  applicant (`permissions.is_applicant`).
- Which organisation: a member of the cluster, of a kind the edition admits
  (`RuleKind.APPLICANT_KINDS`, all kinds when the edition has no such rule), with at most
  `RuleKind.MAX_ENTRIES` applications that are not withdrawn. Both hold already at creation
  and at every save; the other rules (site, stage, age, research with a company) are checked
  at submission (`eligibility.evaluate`) and again by the management's formal check.
- When: `phases.require(edition, phases.APPLY)` – the call phase and before the deadline;
  afterwards every write is refused with the deadline's date and time. A submitted
  application may still be edited until then and stays submitted.
- Saves are optimistic: `UPDATE … WHERE version = <version the editor loaded>`; when somebody
  saved in between, `EditConflict` (409) with the stored state and nothing is written. Only
  the keys given change (autosave sends what the person touched).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.accounts.permissions import represented_actor_ids
from clusterwerk.actors.models import Actor, ActorKind, ClusterMembership
from clusterwerk.actors.queries import visible_actors
from clusterwerk.award import application_mail as mail
from clusterwerk.award import eligibility, phases
from clusterwerk.award.models import (
    Application,
    ApplicationPartner,
    ApplicationStatus,
    Attachment,
    AwardEdition,
    Stage,
)
from clusterwerk.award.permissions import is_applicant, manages_award
from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.pdf_check import check_pdf, clean_file_name
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes

MAX_ATTACHMENTS = 5
MAX_PARTNERS = 10
TEXT_LIMITS = {
    "title": 200,
    "summary": 600,
    "description": 20000,
    "market": 5000,
    "figures": 2000,
}
TEXT_FIELDS = tuple(TEXT_LIMITS)
BOOLEAN_FIELDS = ("ip_declaration", "publication_consent")
EDITABLE_FIELDS = (*TEXT_FIELDS, "stage", "innovation_date", *BOOLEAN_FIELDS)
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
# What a submission needs (and a submitted application keeps).
REQUIRED_FOR_SUBMIT = {
    "title": gettext_lazy("Bitte geben Sie der Innovation einen Titel."),
    "description": gettext_lazy("Bitte beschreiben Sie die Innovation."),
    "stage": gettext_lazy("Bitte wählen Sie den Entwicklungsstand."),
    "innovation_date": gettext_lazy("Bitte geben Sie an, wann die Innovation entstanden ist."),
    "market": gettext_lazy("Bitte beschreiben Sie Markt und Kunden."),
    "ip_declaration": gettext_lazy("Bitte bestätigen Sie die Erklärung zu Schutzrechten."),
}


# --- Reads used by forms, pages and the API ---------------------------------------------------


def application_data(application: Application) -> dict:
    """The editable state in the API's format (also the `current` of an edit conflict)."""
    return {
        "id": application.pk,
        "uid": str(application.uid),
        "version": application.version,
        "status": application.status,
        "title": application.title,
        "summary": application.summary,
        "description": application.description,
        "stage": application.stage,
        "innovation_date": application.innovation_date.isoformat()
        if application.innovation_date
        else None,
        "market": application.market,
        "figures": application.figures,
        "ip_declaration": application.ip_declaration,
        "publication_consent": application.publication_consent,
    }


def edit_conflict(application: Application) -> EditConflict:
    when = timezone.localtime(application.updated_at).strftime("%H:%M")
    return EditConflict(
        _(
            "Die Bewerbung wurde inzwischen an anderer Stelle geändert (um %(time)s Uhr). "
            "Ihre Eingaben sind nicht verloren: bitte laden Sie die Seite neu und übernehmen "
            "Sie Ihre Änderungen."
        )
        % {"time": when},
        obj=application,
        version=application.version,
        current=lambda _viewer: application_data(application),
    )


def applicant_refusal(edition: AwardEdition, applicant: Actor, *, exclude=None) -> str:
    """Why `applicant` may not (or no longer) apply in `edition`, in German; "" when it may:
    a member of the cluster, of an admitted kind, with fewer than the maximum of entries."""
    if not ClusterMembership.objects.filter(
        actor=applicant, cluster_id=edition.cluster_id
    ).exists():
        return _(
            "%(name)s ist kein Mitglied des Clusters; bewerben können sich nur Mitglieder."
        ) % {"name": applicant.name}
    kinds = eligibility.admitted_kinds(edition)
    if kinds is not None and applicant.kind not in kinds:
        names = ", ".join(str(ActorKind(kind).label) for kind in kinds if kind in ActorKind)
        return _("%(name)s kann sich nicht bewerben: zugelassen sind nur %(kinds)s.") % {
            "name": applicant.name,
            "kinds": names,
        }
    maximum = eligibility.max_entries(edition)
    count = eligibility.entries_of(edition, applicant, exclude=exclude)
    if count >= maximum:
        return _(
            "Je Bewerber sind höchstens %(max)d Bewerbungen möglich; %(name)s hat bereits "
            "%(count)d."
        ) % {"max": maximum, "name": applicant.name, "count": count}
    return ""


def applicable_organisations(user, cluster) -> list[Actor]:
    """The organisations the user represents in the cluster's directory (those it may apply
    for), by name."""
    ids = represented_actor_ids(user)
    if not ids:
        return []
    return list(
        Actor.objects.filter(pk__in=ids, memberships__cluster=cluster).distinct().order_by("name")
    )


def can_edit(application: Application) -> bool:
    return application.status in EDITABLE_STATUSES and phases.allowed(
        application.edition, phases.APPLY
    )


# --- Checks ----------------------------------------------------------------------------------


def _own_cluster(cluster, edition: AwardEdition) -> None:
    if edition.cluster_id != cluster.pk:
        raise Http404(_("Diesen Preisjahrgang gibt es nicht."))


def _check_applicant(user, cluster, application: Application) -> None:
    _own_cluster(cluster, application.edition)
    if not is_applicant(user, application):
        raise PermissionDenied(_("Nur der Bewerber bearbeitet seine Bewerbung."))


def _locked(application: Application) -> Application:
    """The application's fresh row, locked for the transaction, with edition and applicant."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("edition", "edition__cluster", "applicant")
        .get(pk=application.pk)
    )


def _require_editable(application: Application) -> None:
    phases.require(application.edition, phases.APPLY)
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("Eine zurückgezogene Bewerbung lässt sich nicht mehr ändern."))


def _refuse_applicant(edition, applicant, *, exclude=None) -> None:
    reason = applicant_refusal(edition, applicant, exclude=exclude)
    if reason:
        raise ValidationError({"applicant": [reason]})


def clean_fields(data: dict, errors: PayloadErrors) -> dict:
    """The given editable keys of `data`, checked; unknown keys are left out."""
    values: dict = {}
    for name in TEXT_FIELDS:
        if name in data:
            values[name] = validation.text(
                data[name], name, errors, max_length=TEXT_LIMITS[name], required=name == "title"
            )
    if "title" in values and not values["title"] and "title" in errors.messages:
        errors.messages["title"] = [_("Bitte geben Sie der Innovation einen Titel.")]
    if "stage" in data:
        values["stage"] = validation.choice(data["stage"], "stage", errors, Stage)
    if "innovation_date" in data:
        day = validation.date(data["innovation_date"], "innovation_date", errors)
        if day is not None and day > timezone.localdate():
            errors.add(
                "innovation_date",
                _(
                    "Das Datum liegt in der Zukunft; bitte geben Sie an, wann die Innovation "
                    "bereits vorlag."
                ),
            )
            day = None
        elif day is not None and day < datetime.date(1900, 1, 1):
            errors.add("innovation_date", _("Bitte ein Datum nach 1900 angeben."))
            day = None
        values["innovation_date"] = day
    for name in BOOLEAN_FIELDS:
        if name in data:
            values[name] = validation.boolean(data[name], name, errors)
    return values


def missing_for_submit(application: Application) -> dict[str, list[str]]:
    """The fields a submission still needs, with a German request each."""
    return {
        name: [str(message)]
        for name, message in REQUIRED_FOR_SUBMIT.items()
        if not getattr(application, name)
    }


# --- Writes ----------------------------------------------------------------------------------


@changes(versions.AWARD)
@transaction.atomic
def create_application(*, user, cluster, edition, applicant, data) -> Application:
    """A new draft of `applicant` in `edition` (needs at least a title)."""
    _own_cluster(cluster, edition)
    if applicant.pk not in represented_actor_ids(user) and not manages_award(user, cluster):
        raise PermissionDenied(
            _(
                "Sie vertreten %(name)s nicht im Akteursverzeichnis; nur Vertreterinnen und "
                "Vertreter einer Organisation bewerben sich für sie."
            )
            % {"name": applicant.name}
        )
    # The edition's row is the lock for counting the applicant's entries.
    edition = AwardEdition.objects.select_for_update().select_related("cluster").get(pk=edition.pk)
    phases.require(edition, phases.APPLY)
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zur Bewerbung als Objekt senden."))
    _refuse_applicant(edition, applicant)
    errors = PayloadErrors()
    values = clean_fields({"title": "", **data}, errors)
    errors.raise_if_any()
    application = Application(
        edition=edition,
        applicant=applicant,
        created_by=user,
        status=ApplicationStatus.DRAFT,
        is_demo=edition.is_demo,
        **values,
    )
    application.full_clean()
    application.save()
    return application


@changes(versions.AWARD)
@transaction.atomic
def save_application(*, user, cluster, application, data, version) -> Application:
    """Change the given keys of `data`, nothing else. `version` is the state the editor
    loaded; EditConflict when somebody saved in between."""
    _check_applicant(user, cluster, application)
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zur Bewerbung als Objekt senden."))
    fresh = _locked(application)
    _require_editable(fresh)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError({"version": [_("Der Bearbeitungsstand (version) fehlt.")]})
    if fresh.version != version:
        raise edit_conflict(fresh)
    _refuse_applicant(fresh.edition, fresh.applicant, exclude=fresh)
    errors = PayloadErrors()
    values = clean_fields(data, errors)
    errors.raise_if_any()
    changed = {name: value for name, value in values.items() if getattr(fresh, name) != value}
    if not changed:
        return fresh
    for name, value in changed.items():
        setattr(fresh, name, value)
    if fresh.status == ApplicationStatus.SUBMITTED:
        missing = {
            name: msgs for name, msgs in missing_for_submit(fresh).items() if name in changed
        }
        if missing:
            raise ValidationError(missing)
    fresh.full_clean(exclude=["edition", "applicant", "created_by"])
    now = timezone.now()
    updated = Application.objects.filter(pk=fresh.pk, version=version).update(
        **changed, version=F("version") + 1, updated_at=now
    )
    if not updated:
        raise edit_conflict(Application.objects.get(pk=fresh.pk))
    fresh.version = version + 1
    fresh.updated_at = now
    return fresh


@changes(versions.AWARD)
@transaction.atomic
def set_partners(*, user, cluster, application, partners) -> list[ApplicationPartner]:
    """Replace the partners by `partners`: (actor, role) pairs from the cluster's directory,
    not the applicant itself, each once."""
    _check_applicant(user, cluster, application)
    fresh = _locked(application)
    _require_editable(fresh)
    directory = visible_actors(user, cluster)
    errors = PayloadErrors()
    wanted: dict[int, str] = {}
    for actor, role in partners:
        if actor.pk == fresh.applicant_id:
            errors.add("partners", _("Der Bewerber selbst kann nicht sein eigener Partner sein."))
        elif actor.pk in wanted:
            errors.add(
                "partners", _("%(name)s ist bereits Partner der Bewerbung.") % {"name": actor.name}
            )
        elif not directory.filter(pk=actor.pk).exists():
            errors.add("partners", _("Diese Organisation steht nicht im Verzeichnis des Clusters."))
        else:
            wanted[actor.pk] = validation.text(role, "partners", errors, max_length=200)
    if len(wanted) > MAX_PARTNERS:
        errors.add("partners", _("Höchstens %(max)d Partner.") % {"max": MAX_PARTNERS})
    errors.raise_if_any()
    existing = {partner.actor_id: partner for partner in fresh.partners.all()}
    fresh.partners.exclude(actor_id__in=wanted).delete()
    for actor_id, role in wanted.items():
        partner = existing.get(actor_id)
        if partner is None:
            ApplicationPartner.objects.create(application=fresh, actor_id=actor_id, role=role)
        elif partner.role != role:
            partner.role = role
            partner.save(update_fields=["role"])
    Application.objects.filter(pk=fresh.pk).update(updated_at=timezone.now())
    return list(fresh.partners.select_related("actor"))


def _read_upload(upload, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the upload (enough to know it is too large)."""
    data = b""
    for chunk in upload.chunks():
        data += chunk
        if len(data) > limit:
            break
    return data


@changes(versions.AWARD)
@transaction.atomic
def add_attachment(*, user, cluster, application, upload) -> Attachment:
    """Store a PDF of the application privately (at most five, each at most the edition's
    `max_attachment_mb`)."""
    _check_applicant(user, cluster, application)
    fresh = _locked(application)
    _require_editable(fresh)
    if fresh.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "file": [
                    _("Höchstens %(max)d Anlagen; bitte löschen Sie erst eine andere.")
                    % {"max": MAX_ATTACHMENTS}
                ]
            }
        )
    if upload is None:
        raise ValidationError({"file": [_("Bitte wählen Sie eine PDF-Datei.")]})
    limit = fresh.edition.max_attachment_mb * 1024 * 1024
    name = getattr(upload, "name", "") or ""
    data = _read_upload(upload, limit)
    check_pdf(
        name=name,
        content_type=getattr(upload, "content_type", "") or "",
        data=data,
        max_bytes=limit,
    )
    attachment = Attachment.objects.create(
        application=fresh,
        file_name=clean_file_name(name),
        size=len(data),
        content=data,
        uploaded_by=user,
    )
    Application.objects.filter(pk=fresh.pk).update(updated_at=timezone.now())
    return attachment


@changes(versions.AWARD)
@transaction.atomic
def remove_attachment(*, user, cluster, attachment) -> None:
    application = attachment.application
    _check_applicant(user, cluster, application)
    fresh = _locked(application)
    _require_editable(fresh)
    Attachment.objects.filter(pk=attachment.pk, application=fresh).delete()
    Application.objects.filter(pk=fresh.pk).update(updated_at=timezone.now())


@changes(versions.AWARD)
@transaction.atomic
def submit_application(*, user, cluster, application) -> Application:
    """Submit a complete draft that meets the edition's rules; refused with the missing
    fields and every failed rule's explanation. The submitting person gets a confirmation."""
    _check_applicant(user, cluster, application)
    fresh = _locked(application)
    _require_editable(fresh)
    if fresh.status == ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Die Bewerbung ist bereits eingereicht."))
    errors: dict[str, list[str]] = missing_for_submit(fresh)
    failed = [result.explanation for result in eligibility.evaluate(fresh) if not result.passed]
    if failed:
        errors["__all__"] = failed
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    fresh.status = ApplicationStatus.SUBMITTED
    fresh.submitted_at = now
    fresh.version += 1
    fresh.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    mail.submitted(fresh, user)
    return fresh


@changes(versions.AWARD)
@transaction.atomic
def withdraw_application(*, user, cluster, application) -> Application:
    """Withdraw before the deadline; the entry no longer counts towards the maximum."""
    _check_applicant(user, cluster, application)
    fresh = _locked(application)
    _require_editable(fresh)
    fresh.status = ApplicationStatus.WITHDRAWN
    fresh.withdrawn_at = timezone.now()
    fresh.version += 1
    fresh.save(update_fields=["status", "withdrawn_at", "version", "updated_at"])
    mail.withdrawn(fresh, user)
    return fresh
