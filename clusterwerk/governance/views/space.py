"""The members-only space of a body ("Interner Bereich"): its meetings (the upcoming ones with
the member's own answer, a link to all meetings and – for the management – to a new one),
documents, discussion and open action items, and the member's own badge choice. Every page
goes through `queries.get_body_for_user(…, space=True)`: a 404 for everyone but the body's
members and the cluster management. Documents – the space's and the meetings' – are handed
out only by `document`, as downloads (one funnel: `queries.get_document_for_user`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.governance import queries
from clusterwerk.governance.forms_bodies import BadgeChoiceForm, PostForm
from clusterwerk.governance.forms_common import DocumentForm, add_service_errors
from clusterwerk.governance.models import Attendance, Post
from clusterwerk.governance.permissions import manages_bodies, membership
from clusterwerk.governance.services import bodies as body_services
from clusterwerk.governance.services import space as services


def _space_url(body, anchor: str = "") -> str:
    return reverse("governance:space", args=[body.slug]) + (f"#{anchor}" if anchor else "")


def _space_page(request, body, *, document_form=None, post_form=None, status=200):
    cluster = body.cluster
    user = request.user
    now = timezone.now()
    meetings = body.meetings.all()
    own = membership(user, body)
    threads = (
        body.posts.filter(reply_to__isnull=True)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Post.objects.select_related("author").order_by("created_at", "id"),
            )
        )
        .order_by("-created_at", "-id")
    )
    upcoming = list(meetings.filter(starts_at__gte=now).order_by("starts_at"))
    answers = (
        {row.meeting_id: row for row in Attendance.objects.filter(member=own, meeting__in=upcoming)}
        if own
        else {}
    )
    for meeting in upcoming:
        meeting.my_answer = answers.get(meeting.pk)
    context = {
        "body": body,
        "can_manage": manages_bodies(user, cluster),
        "upcoming": upcoming,
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at"),
        "documents": body.documents.filter(meeting__isnull=True).select_related("uploaded_by"),
        "threads": threads,
        "action_items": queries.open_action_items(user, cluster)
        .filter(meeting__body=body)
        .order_by("due_on", "id"),
        "today": timezone.localdate(),
        "own": own,
        "badge_form": BadgeChoiceForm(initial={"show": own.show_badge}) if own else None,
        "document_form": document_form or DocumentForm(prefix="dokument"),
        "post_form": post_form or PostForm(prefix="beitrag"),
    }
    return render(request, "governance/space_detail.html", context, status=status)


@login_required
@require_GET
def space(request, slug):
    body = queries.get_body_for_user(request.user, request_cluster(request), slug, space=True)
    return _space_page(request, body)


@login_required
@require_POST
def document_upload(request, slug):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, space=True)
    form = DocumentForm(request.POST, request.FILES, prefix="dokument")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = services.upload_document(
                request.user,
                cluster,
                body,
                title=form.cleaned_data["title"],
                name=upload.name,
                content_type=upload.content_type or "",
                data=upload.read(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Das Dokument „%(title)s“ ist hochgeladen.") % {"title": document.title}
            )
            return redirect(_space_url(body, "documents-title"))
    return _space_page(request, body, document_form=form, status=400)


@login_required
@require_GET
def document(request, slug, pk, meeting_pk=None):
    """A document of the body (the space's or a meeting's), always as a download; also under
    its meeting's address (`governance:meeting-document`)."""
    found = queries.get_document_for_user(
        request.user, request_cluster(request), slug, pk, meeting_pk=meeting_pk
    )
    response = HttpResponse(bytes(found.content), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, found.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def document_delete(request, slug, pk):
    cluster = request_cluster(request)
    found = queries.get_document_for_user(request.user, cluster, slug, pk)
    services.delete_document(user=request.user, cluster=cluster, document=found)
    messages.success(request, _("Das Dokument „%(title)s“ ist entfernt.") % {"title": found.title})
    return redirect(_space_url(found.body, "documents-title"))


def _get_post(body, pk) -> Post:
    found = body.posts.select_related("body__cluster", "reply_to").filter(pk=pk).first()
    if found is None:
        raise Http404(_("Diesen Beitrag gibt es nicht."))
    return found


@login_required
@require_POST
def post_create(request, slug):
    """A new contribution or (`reply_to`) an answer."""
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, space=True)
    reply_to = None
    if request.POST.get("reply_to"):
        try:
            reply_to = _get_post(body, int(request.POST["reply_to"]))
        except ValueError as error:
            raise Http404(_("Diesen Beitrag gibt es nicht.")) from error
    form = PostForm(request.POST, prefix="beitrag")
    if form.is_valid():
        try:
            created = services.post(
                user=request.user,
                cluster=cluster,
                body=body,
                text=form.cleaned_data["text"],
                reply_to=reply_to,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ihr Beitrag ist veröffentlicht."))
            return redirect(_space_url(body, f"post-{created.pk}"))
    if reply_to is not None:
        for error in form.errors.get("text", []):
            messages.error(request, error)
        return redirect(_space_url(body, f"post-{reply_to.pk}"))
    return _space_page(request, body, post_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, slug, pk):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, space=True)
    found = _get_post(body, pk)
    if found.author_id != request.user.pk:
        raise PermissionDenied(_("Einen Beitrag ändert nur, wer ihn geschrieben hat."))
    form = PostForm(
        request.POST if request.method == "POST" else None,
        prefix="beitrag",
        initial={"text": found.text},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit_post(
                    user=request.user, cluster=cluster, post=found, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ihr Beitrag ist geändert."))
                return redirect(_space_url(body, f"post-{found.pk}"))
    return render(
        request,
        "governance/space_post_edit.html",
        {"body": body, "post": found, "form": form},
        status=status,
    )


@login_required
@require_POST
def post_delete(request, slug, pk):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, space=True)
    found = _get_post(body, pk)
    services.delete_post(user=request.user, cluster=cluster, post=found)
    messages.success(request, _("Der Beitrag ist entfernt."))
    return redirect(_space_url(body, "discussion-title"))


@login_required
@require_POST
def badge_choice(request, slug):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, space=True)
    own = membership(request.user, body)
    if own is None:
        raise Http404(_("Nur Mitglieder des Gremiums wählen, ob ihre Funktion erscheint."))
    form = BadgeChoiceForm(request.POST)
    form.is_valid()
    show = bool(form.cleaned_data.get("show"))
    body_services.set_badge_choice(user=request.user, cluster=cluster, member=own, show=show)
    if show:
        messages.success(
            request,
            _("Bei Ihren Beiträgen in Beteiligungen steht jetzt „%(badge)s“.")
            % {"badge": own.badge},
        )
    else:
        messages.success(
            request, _("Bei Ihren Beiträgen in Beteiligungen steht keine Funktion mehr.")
        )
    return redirect(_space_url(body, "badge-title"))


urlpatterns = [
    path("gremien/<slug:slug>/intern/", space, name="space"),
    path("gremien/<slug:slug>/intern/dokumente/", document_upload, name="document-upload"),
    path("gremien/<slug:slug>/intern/dokumente/<int:pk>/", document, name="document"),
    path(
        "gremien/<slug:slug>/intern/dokumente/<int:pk>/entfernen/",
        document_delete,
        name="document-delete",
    ),
    path("gremien/<slug:slug>/intern/beitraege/", post_create, name="post-create"),
    path("gremien/<slug:slug>/intern/beitraege/<int:pk>/", post_edit, name="post-edit"),
    path(
        "gremien/<slug:slug>/intern/beitraege/<int:pk>/entfernen/",
        post_delete,
        name="post-delete",
    ),
    path("gremien/<slug:slug>/intern/funktion/", badge_choice, name="badge-choice"),
]
