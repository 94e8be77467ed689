"""Pages of the innovation prize: applications (see urls.py).

A company applies on a phone: choose the organisation and a title (apply), then fill in the
application (edit) – every change is saved by itself (htmx autosave, status line "Gespeichert
um 10:42"; without JavaScript the "Speichern" button) – pick partners from the directory,
upload PDFs, submit, and withdraw until the deadline. "Meine Bewerbungen" lists one's
applications across editions with the next step. The application's page shows the applicant
everything with the buttons; the management and the jurors read the content (the scoring
part adds the jury block).

Nothing a person typed is lost: a refused save (deadline passed, conflict, invalid input)
re-renders the form with their text, or – for the autosave – only changes the status line.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clusterwerk.actors.queries import visible_actors
from clusterwerk.award import phases, queries
from clusterwerk.award.forms_applications import (
    ApplicationForm,
    ApplyForm,
    AttachmentForm,
    PartnerForm,
    add_service_errors,
)
from clusterwerk.award.models import ApplicationStatus, Attachment, Phase
from clusterwerk.award.permissions import is_applicant, manages_award
from clusterwerk.award.services import applications as services
from clusterwerk.award.views.scoring import jury_block_context
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.tenancy import request_cluster

PARTNER_RESULTS = 10


def _edit_url(application) -> str:
    return reverse("award:application-edit", args=[application.uid])


def _detail_url(application) -> str:
    return reverse("award:application-detail", args=[application.uid])


def _messages_of(error) -> list[str]:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [message for messages_ in error.message_dict.values() for message in messages_]
        return list(error.messages)
    return [str(error)]


def _deadline_text(edition) -> str:
    return timezone.localtime(edition.deadline).strftime("%d.%m.%Y, %H:%M")


def next_step(application) -> str:
    """What the applicant can do or expect next, in German."""
    edition = application.edition
    open_ = phases.allowed(edition, phases.APPLY)
    deadline = _deadline_text(edition)
    if application.status == ApplicationStatus.WITHDRAWN:
        return _("Zurückgezogen.")
    if application.status == ApplicationStatus.DRAFT:
        if open_:
            return _("Entwurf: vervollständigen und bis %(deadline)s Uhr einreichen.") % {
                "deadline": deadline
            }
        return _("Nicht eingereicht; der Einsendeschluss ist vorbei.")
    if open_:
        return _("Eingereicht. Änderungen sind bis %(deadline)s Uhr möglich.") % {
            "deadline": deadline
        }
    if edition.phase == Phase.PUBLISHED:
        return _("Die Ergebnisse sind veröffentlicht.")
    if edition.phase == Phase.FORMAL_CHECK:
        return _("Eingereicht. Das Clustermanagement prüft die Teilnahmebedingungen.")
    return _("Eingereicht. Die Jury bewertet die Bewerbungen.")


# --- apply and mine --------------------------------------------------------------------------


@login_required
def apply(request, year):
    cluster = request_cluster(request)
    edition = queries.get_edition_for_user(request.user, cluster, year)
    organisations = services.applicable_organisations(request.user, cluster)
    closed = ""
    try:
        phases.require(edition, phases.APPLY)
    except phases.PhaseClosed as error:
        closed = str(error)
    refusals = [
        reason
        for reason in (services.applicant_refusal(edition, actor) for actor in organisations)
        if reason
    ]
    form = ApplyForm(organisations=organisations)
    status = 200
    if request.method == "POST" and not closed and organisations:
        form = ApplyForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                application = services.create_application(
                    user=request.user,
                    cluster=cluster,
                    edition=edition,
                    applicant=form.cleaned_data["applicant"],
                    data={"title": form.cleaned_data["title"]},
                )
            except (ValidationError, PermissionDenied) as error:
                for message in _messages_of(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Ihr Entwurf ist angelegt. Alles, was Sie eintragen, wird gespeichert."),
                )
                return redirect(_edit_url(application))
        status = 400
    return render(
        request,
        "award/apply.html",
        {
            "edition": edition,
            "form": form,
            "organisations": organisations,
            "refusals": refusals,
            "closed": closed,
            "deadline": _deadline_text(edition),
        },
        status=status,
    )


@login_required
def mine(request):
    rows = [
        {"application": application, "next_step": next_step(application)}
        for application in queries.my_applications(request.user, request_cluster(request))
    ]
    return render(request, "award/mine.html", {"rows": rows})


# --- one application ---------------------------------------------------------------------------


@login_required
def application_detail(request, uid):
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid)
    own = is_applicant(request.user, application)
    context = jury_block_context(request.user, application)
    return render(
        request,
        "award/application_detail.html",
        {
            **context,
            "application": application,
            "edition": application.edition,
            "is_applicant": own,
            "manages": manages_award(request.user, cluster),
            "can_edit": own and services.can_edit(application),
            "missing": services.missing_for_submit(application) if own else {},
            "partners": application.partners.select_related("actor"),
            "attachments": application.attachments.defer("content"),
            "next_step": next_step(application) if own else "",
            "deadline": _deadline_text(application.edition),
            "show_jury_block": context["jury_block"] is not None,
        },
    )


def _edit_context(request, application, form, **extra) -> dict:
    cluster = request_cluster(request)
    term = (request.GET.get("partner_q") or "").strip()
    return {
        "application": application,
        "edition": application.edition,
        "form": form,
        "deadline": _deadline_text(application.edition),
        "partners": application.partners.select_related("actor"),
        "attachments": application.attachments.defer("content"),
        "attachment_form": extra.pop("attachment_form", None)
        or AttachmentForm(max_mb=application.edition.max_attachment_mb),
        "partner_q": term,
        "partner_results": _partner_results(request.user, cluster, application, term),
        "max_attachments": services.MAX_ATTACHMENTS,
        "saved_at": "",
        **extra,
    }


def _partner_results(user, cluster, application, term: str) -> list:
    if len(term) < 2:
        return []
    taken = {application.applicant_id, *application.partners.values_list("actor_id", flat=True)}
    found = (
        visible_actors(user, cluster)
        .filter(name__icontains=term)
        .exclude(pk__in=taken)
        .order_by("name")[:PARTNER_RESULTS]
    )
    return [{"actor": actor, "form": PartnerForm(initial={"actor": actor.pk})} for actor in found]


def _closed_page(request, application, error):
    messages.error(request, str(error))
    return redirect(_detail_url(application))


@login_required
def application_edit(request, uid):
    """GET: the form; POST (without JavaScript): save what changed."""
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid, write=True)
    if not services.can_edit(application):
        if application.status == ApplicationStatus.WITHDRAWN:
            return _closed_page(
                request, application, _("Eine zurückgezogene Bewerbung lässt sich nicht ändern.")
            )
        try:
            phases.require(application.edition, phases.APPLY)
        except phases.PhaseClosed as error:
            if request.method != "POST":
                return _closed_page(request, application, error)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST, application=application)
        if form.is_valid():
            changes = form.changes()
            try:
                if changes:
                    services.save_application(
                        user=request.user,
                        cluster=cluster,
                        application=application,
                        data=changes,
                        version=form.posted_version(),
                    )
            except EditConflict as error:
                form.add_error(None, str(error))
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, ValidationError):
                    add_service_errors(form, error)
                else:
                    form.add_error(None, str(error))
            else:
                messages.success(request, _("Ihre Angaben sind gespeichert."))
                return redirect(_detail_url(application))
        status = 400
    else:
        form = ApplicationForm(application=application)
    return render(
        request,
        "award/application_form.html",
        _edit_context(request, application, form),
        status=status,
    )


@login_required
@require_POST
def application_autosave(request, uid):
    """htmx: save what changed; answers the status line (and the new version, out of band).
    A refusal changes only the status line – the form keeps every character."""
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid, write=True)
    form = ApplicationForm(request.POST, application=application)
    context = {"application": application, "errors": [], "saved_at": "", "version": None}
    status = 200
    if not form.is_valid():
        context["errors"] = [
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, messages_ in form.errors.items()
            for message in messages_
        ]
        status = 400
    else:
        changes = form.changes()
        try:
            if changes:
                application = services.save_application(
                    user=request.user,
                    cluster=cluster,
                    application=application,
                    data=changes,
                    version=form.posted_version(),
                )
        except EditConflict as error:
            context.update(errors=[str(error)], conflict=True)
            status = 409
        except phases.PhaseClosed as error:
            context.update(errors=[str(error)], closed=True)
            status = 403
        except ValidationError as error:
            context["errors"] = _messages_of(error)
            status = 400
        else:
            context.update(
                application=application,
                saved_at=timezone.localtime(application.updated_at).strftime("%H:%M"),
                version=application.version,
            )
    return render(request, "award/_application_status.html", context, status=status)


@login_required
@require_POST
def application_submit(request, uid):
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid, write=True)
    try:
        services.submit_application(user=request.user, cluster=cluster, application=application)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _("Die Bewerbung ist noch nicht eingereicht:"))
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Ihre Bewerbung ist eingereicht. Wir haben Ihnen eine Bestätigung per E-Mail "
                "geschickt."
            ),
        )
    return redirect(_detail_url(application))


@login_required
@require_POST
def application_withdraw(request, uid):
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid, write=True)
    try:
        services.withdraw_application(user=request.user, cluster=cluster, application=application)
    except (ValidationError, PermissionDenied) as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Ihre Bewerbung ist zurückgezogen."))
    return redirect(_detail_url(application))


# --- partners ----------------------------------------------------------------------------------


@login_required
def application_partners(request, uid):
    """GET (htmx): the directory's matches for `partner_q`; POST: add (`actor`, `role`) or
    remove (`remove` = actor id) a partner."""
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid, write=True)
    if request.method != "POST":
        term = (request.GET.get("partner_q") or "").strip()
        return render(
            request,
            "award/_application_partner_results.html",
            {
                "application": application,
                "partner_q": term,
                "partner_results": _partner_results(request.user, cluster, application, term),
            },
        )
    current = [(p.actor, p.role) for p in application.partners.select_related("actor")]
    remove = request.POST.get("remove", "")
    if remove:
        wanted = [(actor, role) for actor, role in current if str(actor.pk) != remove]
        success = _("Der Partner ist entfernt.")
    else:
        form = PartnerForm(request.POST)
        actor = None
        if form.is_valid():
            actor = (
                visible_actors(request.user, cluster).filter(pk=form.cleaned_data["actor"]).first()
            )
        if actor is None:
            messages.error(request, _("Bitte wählen Sie eine Organisation aus der Suche."))
            return redirect(_edit_url(application) + "#partner")
        wanted = [*current, (actor, form.cleaned_data["role"])]
        success = _("%(name)s ist als Partner eingetragen.") % {"name": actor.name}
    try:
        services.set_partners(
            user=request.user, cluster=cluster, application=application, partners=wanted
        )
    except (ValidationError, PermissionDenied) as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(_edit_url(application) + "#partner")


# --- attachments -------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, uid):
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid, write=True)
    form = AttachmentForm(request.POST, request.FILES, max_mb=application.edition.max_attachment_mb)
    if form.is_valid():
        try:
            attachment = services.add_attachment(
                user=request.user,
                cluster=cluster,
                application=application,
                upload=form.cleaned_data["file"],
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                add_service_errors(form, error)
            else:
                form.add_error(None, str(error))
        else:
            messages.success(
                request, _("„%(name)s“ ist hochgeladen.") % {"name": attachment.file_name}
            )
            return redirect(_edit_url(application) + "#anlagen")
    return render(
        request,
        "award/application_form.html",
        _edit_context(
            request,
            application,
            ApplicationForm(application=application),
            attachment_form=form,
        ),
        status=400,
    )


def _attachment(application, pk) -> Attachment:
    attachment = application.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("Diese Anlage gibt es nicht."))
    return attachment


@login_required
@require_GET
def attachment_download(request, uid, pk):
    """The PDF, only through the application's funnel, always as a download."""
    application = queries.get_application_for_user(request.user, request_cluster(request), uid)
    attachment = _attachment(application, pk)
    response = HttpResponse(bytes(attachment.content), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, attachment.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request, uid, pk):
    cluster = request_cluster(request)
    application = queries.get_application_for_user(request.user, cluster, uid, write=True)
    attachment = _attachment(application, pk)
    try:
        services.remove_attachment(user=request.user, cluster=cluster, attachment=attachment)
    except (ValidationError, PermissionDenied) as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("„%(name)s“ ist gelöscht.") % {"name": attachment.file_name})
    return redirect(_edit_url(application) + "#anlagen")


urlpatterns = [
    path("innovationspreis/<int:year>/bewerben/", apply, name="apply"),
    path("innovationspreis/meine-bewerbungen/", mine, name="mine"),
    path("innovationspreis/bewerbung/<uuid:uid>/", application_detail, name="application-detail"),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/bearbeiten/",
        application_edit,
        name="application-edit",
    ),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/autosave/",
        application_autosave,
        name="application-autosave",
    ),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/einreichen/",
        application_submit,
        name="application-submit",
    ),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/zurueckziehen/",
        application_withdraw,
        name="application-withdraw",
    ),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/partner/",
        application_partners,
        name="application-partners",
    ),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/anlagen/",
        attachment_upload,
        name="attachment-upload",
    ),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/anlagen/<int:pk>/",
        attachment_download,
        name="attachment-download",
    ),
    path(
        "innovationspreis/bewerbung/<uuid:uid>/anlagen/<int:pk>/loeschen/",
        attachment_delete,
        name="attachment-delete",
    ),
]
