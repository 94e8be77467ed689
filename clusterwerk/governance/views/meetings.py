"""Pages of a body's meetings (members and the cluster management only; 404 for everyone
else, 403 for a member's attempt at a management write).

- meetings (slug): the body's meetings, newest first; "Neue Sitzung" for the management.
- meeting-create / meeting-edit: the meeting's title, time, place or online link.
- meeting (slug, pk): everything of one meeting – agenda with links to what each item is
  about, documents (upload for the management), the invitation and its answers, the member's
  own answer (Zusage/Absage), attendance, minutes, decisions (publish one by one; a
  recommendation "Als Vorschlag in die Fortschreibung") and action items with their status.
  The management's forms are on the page; a refused form comes back on it with the German
  messages and what was typed (status 400).
- meeting-ics (slug, pk): the meeting for the member's calendar (.ics).
- POST only: agenda (add, edit, delete, move), documents, invitations, answer, attendance,
  minutes, cancellation.
- meeting-document (slug, pk, document_pk): a meeting's document under the meeting's address –
  the space's `document` view (one download, one funnel: `queries.get_document_for_user`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.ical import ics_response
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.governance import ical, queries
from clusterwerk.governance.forms_common import DocumentForm, add_service_errors
from clusterwerk.governance.forms_meetings import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
)
from clusterwerk.governance.linked import LINKED
from clusterwerk.governance.linked import linked as _linked
from clusterwerk.governance.models import (
    AgendaItem,
    MeetingStatus,
    Response,
)
from clusterwerk.governance.permissions import can_manage_body, can_update_action_item, membership
from clusterwerk.governance.services import meetings as services
from clusterwerk.governance.services import space as space_services
from clusterwerk.governance.services.actions import owner_choices
from clusterwerk.governance.services.common import link_data
from clusterwerk.governance.views import space as space_views
from clusterwerk.masterplan.queries import get_published_edition, topic_catalogue


def _attendance(meeting):
    """The meeting's attendance rows, the body's members on its day, and everyone who can be
    marked present (invited or member on that day)."""
    attendance = list(meeting.attendance.select_related("member__actor", "member__user"))
    members = list(queries.meeting_members(meeting))
    known = {row.member_id for row in attendance}
    everyone = [row.member for row in attendance] + [m for m in members if m.pk not in known]
    return attendance, members, everyone


def meeting_context(request, meeting, *, bound: dict | None = None) -> dict:
    """Everything the meeting page shows; `bound` = {form name: bound form} re-shows refused
    forms (and opens their sections)."""
    bound = bound or {}
    cluster = meeting.body.cluster
    user = request.user
    manage = can_manage_body(user, meeting.body)
    me = membership(user, meeting.body)
    catalogue = topic_catalogue(cluster)
    edition = get_published_edition(cluster)
    now = timezone.now()
    started = meeting.starts_at <= now
    active = meeting.status != MeetingStatus.CANCELLED

    agenda = list(meeting.agenda.select_related(*LINKED))
    decisions = list(
        meeting.decisions.select_related(*LINKED, "agenda_item", "resulting_proposal__consultation")
    )
    attendance, members, attendance_members = _attendance(meeting)
    my_row = next((row for row in attendance if me and row.member_id == me.pk), None)
    counts = {
        "accepted": sum(1 for row in attendance if row.response == Response.ACCEPTED),
        "declined": sum(1 for row in attendance if row.response == Response.DECLINED),
        "open": sum(1 for row in attendance if row.response == Response.OPEN),
        "present": sum(1 for row in attendance if row.present),
    }
    without_account = [member for member in members if not member.user_id]
    today = timezone.localdate()
    items = list(meeting.action_items.select_related("owner", "decision"))
    action_rows = [
        {
            "item": item,
            "overdue": item.is_overdue(today),
            "can_update": can_update_action_item(user, item),
            "form": bound.get(f"status-{item.pk}")
            or ActionStatusForm(
                initial={"status": item.status, "version": item.version},
                prefix=f"status-{item.pk}",
            ),
        }
        for item in items
    ]
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "manage": manage,
        "me": me,
        "my_row": my_row,
        "started": started,
        "active": active,
        "can_respond": bool(me) and active and not started,
        "agenda": [{"item": item, "links": _linked(item, catalogue, edition)} for item in agenda],
        "documents": list(meeting.documents.all()),
        "attendance": attendance,
        "counts": counts,
        "members": members,
        "without_account": without_account,
        "changed_since_invitation": bool(
            meeting.invitations_sent_at and meeting.updated_at > meeting.invitations_sent_at
        ),
        "decisions": [
            {"decision": decision, "links": _linked(decision, catalogue, edition)}
            for decision in decisions
        ],
        "action_rows": action_rows,
        "open_section": next(iter(bound), ""),
        "statuses": MeetingStatus,
    }
    if manage and active:
        context.update(
            agenda_form=bound.get("agenda") or AgendaItemForm(cluster=cluster, prefix="agenda"),
            document_form=bound.get("document") or DocumentForm(prefix="document"),
            attendance_form=bound.get("attendance")
            or AttendanceForm(
                members=attendance_members,
                prefix="attendance",
                initial={"present": [str(row.member_id) for row in attendance if row.present]},
            ),
            minutes_form=bound.get("minutes")
            or MinutesForm(
                prefix="minutes",
                initial={"minutes": meeting.minutes, "version": meeting.version},
            ),
            decision_form=bound.get("decision") or DecisionForm(meeting=meeting, prefix="decision"),
            action_form=bound.get("action")
            or ActionItemForm(
                meeting=meeting,
                owners=owner_choices(meeting),
                prefix="action",
                initial={"due_on": queries.meeting_day(meeting)},
            ),
        )
    return context


def render_meeting(request, meeting, *, bound: dict | None = None, status: int = 200):
    return render(
        request,
        "governance/meeting_detail.html",
        meeting_context(request, meeting, bound=bound),
        status=status,
    )


def _meeting(request, slug, pk, *, manage=False):
    return queries.get_meeting_for_user(
        request.user, request_cluster(request), slug, pk, manage=manage
    )


@login_required
@require_GET
def meetings(request, slug):
    body = queries.get_body_for_user(request.user, request_cluster(request), slug, space=True)
    return render(
        request,
        "governance/meeting_list.html",
        {
            "body": body,
            "meetings": body.meetings.all(),
            "manage": can_manage_body(request.user, body),
        },
    )


@login_required
@require_GET
def meeting(request, slug, pk):
    return render_meeting(request, _meeting(request, slug, pk))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, slug):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, manage=True)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_meeting(
                user=request.user, cluster=cluster, body=body, data=form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Sitzung ist angelegt."))
            return redirect(created.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/meeting_form.html", {"body": body, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    initial = {**services.meeting_data(found), "version": found.version}
    initial["starts_at"] = timezone.localtime(found.starts_at)
    initial["ends_at"] = timezone.localtime(found.ends_at)
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                user=request.user,
                cluster=cluster,
                meeting=found,
                data=form.data_for_service(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("Die Sitzung ist gespeichert."))
            return redirect(found.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "governance/meeting_form.html",
        {"body": found.body, "meeting": found, "form": form},
        status=status,
    )


def _post_form(request, found, name, form, act, success, anchor):
    """Shared POST handling on the meeting page: form, service; errors re-render it."""
    if form.is_valid():
        try:
            act(form)
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, success)
            return redirect(found.get_absolute_url() + anchor)
    return render_meeting(request, found, bound={name: form}, status=400)


@login_required
@require_POST
def agenda_add(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    form = AgendaItemForm(request.POST, cluster=cluster, prefix="agenda")
    return _post_form(
        request,
        found,
        "agenda",
        form,
        lambda form: services.add_agenda_item(
            user=request.user, cluster=cluster, meeting=found, data=form.data_for_service()
        ),
        _("Der Tagesordnungspunkt ist hinzugefügt."),
        "#tagesordnung",
    )


def _agenda_item(found, item_pk) -> AgendaItem:
    item = found.agenda.filter(pk=item_pk).first()
    if item is None:
        raise Http404(_("Diesen Tagesordnungspunkt gibt es nicht."))
    item.meeting = found
    return item


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request, slug, pk, item_pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    item = _agenda_item(found, item_pk)
    current = link_data(item)
    initial = {
        "title": item.title,
        "description": item.description,
        "presenter": item.presenter,
        **{key: value or "" for key, value in current.items()},
    }
    form = AgendaItemForm(request.POST or None, cluster=cluster, initial=initial, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(
                user=request.user, cluster=cluster, item=item, data=form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Der Tagesordnungspunkt ist gespeichert."))
            return redirect(found.get_absolute_url() + "#tagesordnung")
    return render(
        request,
        "governance/meeting_agenda_form.html",
        {"meeting": found, "body": found.body, "item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def agenda_delete(request, slug, pk, item_pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    item = _agenda_item(found, item_pk)
    try:
        services.delete_agenda_item(user=request.user, cluster=cluster, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Tagesordnungspunkt ist entfernt."))
    return redirect(found.get_absolute_url() + "#tagesordnung")


@login_required
@require_POST
def agenda_move(request, slug, pk, item_pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    item = _agenda_item(found, item_pk)
    try:
        services.move_agenda_item(
            user=request.user,
            cluster=cluster,
            item=item,
            direction=request.POST.get("direction", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(found.get_absolute_url() + "#tagesordnung")


@login_required
@require_POST
def document_upload(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    form = DocumentForm(request.POST, request.FILES, prefix="document")

    def act(form):
        upload = form.cleaned_data["file"]
        space_services.upload_document(
            request.user,
            cluster,
            found.body,
            meeting=found,
            title=form.cleaned_data["title"],
            name=upload.name,
            content_type=upload.content_type or "",
            data=upload.read(),
        )

    return _post_form(
        request, found, "document", form, act, _("Das Dokument ist hochgeladen."), "#unterlagen"
    )


def meeting_document(request, slug, pk, document_pk):
    """A meeting's document under the meeting's address: the space's download view."""
    return space_views.document(request, slug, document_pk, meeting_pk=pk)


@login_required
@require_POST
def invitations(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    try:
        result = services.send_invitations(user=request.user, cluster=cluster, meeting=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (
            _("%(mailed)d von %(invited)d Mitgliedern erhalten die Einladung per E-Mail.") % result
        )
        if result["without_account"]:
            text += (
                " "
                + _(
                    "%(without_account)d Mitglied(er) ohne Benutzerkonto erhalten keine E-Mail – "
                    "bitte laden Sie sie auf anderem Weg ein."
                )
                % result
            )
        messages.success(request, text)
    return redirect(found.get_absolute_url() + "#einladung")


@login_required
@require_POST
def respond(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk)
    try:
        row = services.respond(
            user=request.user,
            cluster=cluster,
            meeting=found,
            response=request.POST.get("response", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Ihre Rückmeldung ist gespeichert: %(answer)s.")
            % {"answer": row.get_response_display()},
        )
    return redirect(found.get_absolute_url() + "#rueckmeldung")


@login_required
@require_POST
def attendance(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    form = AttendanceForm(request.POST, members=_attendance(found)[2], prefix="attendance")
    return _post_form(
        request,
        found,
        "attendance",
        form,
        lambda form: services.record_attendance(
            user=request.user,
            cluster=cluster,
            meeting=found,
            present_member_ids=form.cleaned_data["present"],
        ),
        _("Die Anwesenheit ist gespeichert."),
        "#teilnahme",
    )


@login_required
@require_POST
def minutes(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    form = MinutesForm(request.POST, prefix="minutes")
    return _post_form(
        request,
        found,
        "minutes",
        form,
        lambda form: services.save_minutes(
            user=request.user,
            cluster=cluster,
            meeting=found,
            minutes=form.cleaned_data["minutes"],
            version=form.cleaned_data["version"],
        ),
        _("Das Protokoll ist gespeichert."),
        "#protokoll",
    )


@login_required
@require_POST
def cancel(request, slug, pk):
    cluster = request_cluster(request)
    found = _meeting(request, slug, pk, manage=True)
    try:
        services.cancel_meeting(user=request.user, cluster=cluster, meeting=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Sitzung ist abgesagt."))
    return redirect(found.get_absolute_url())


@login_required
@require_GET
def meeting_ics(request, slug, pk):
    found = _meeting(request, slug, pk)
    text = ical.meeting_calendar(found, method="PUBLISH")
    return ics_response(text, filename=f"sitzung-{found.pk}.ics")


BASE = "gremien/<slug:slug>/sitzungen/<int:pk>/"

urlpatterns = [
    path("gremien/<slug:slug>/sitzungen/", meetings, name="meetings"),
    path("gremien/<slug:slug>/sitzungen/neu/", meeting_create, name="meeting-create"),
    path(BASE, meeting, name="meeting"),
    path(BASE + "bearbeiten/", meeting_edit, name="meeting-edit"),
    path(BASE + "kalender.ics", meeting_ics, name="meeting-ics"),
    path(BASE + "tagesordnung/neu/", agenda_add, name="agenda-add"),
    path(BASE + "tagesordnung/<int:item_pk>/", agenda_edit, name="agenda-edit"),
    path(BASE + "tagesordnung/<int:item_pk>/loeschen/", agenda_delete, name="agenda-delete"),
    path(BASE + "tagesordnung/<int:item_pk>/verschieben/", agenda_move, name="agenda-move"),
    path(BASE + "dokumente/neu/", document_upload, name="meeting-document-upload"),
    path(BASE + "dokumente/<int:document_pk>/", meeting_document, name="meeting-document"),
    path(BASE + "einladung/", invitations, name="meeting-invitations"),
    path(BASE + "rueckmeldung/", respond, name="meeting-respond"),
    path(BASE + "anwesenheit/", attendance, name="meeting-attendance"),
    path(BASE + "protokoll/", minutes, name="meeting-minutes"),
    path(BASE + "absagen/", cancel, name="meeting-cancel"),
]
