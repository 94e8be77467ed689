"""The meetings of a body: preparation (date, place or online link, agenda, documents),
invitations with iCal, the members' answers, attendance, minutes, cancellation. A meeting's
documents go through the one upload of the bodies, `services.space.upload_document(…,
meeting=…)`.

Every write: keyword-only arguments, the acting `user` and the `cluster` acted for, the
permission for that cluster (the cluster management; a member answers for themselves), one
transaction. Bad input raises a `ValidationError` keyed by field with German messages; a stale
`version` an `EditConflict`.

- `send_invitations`: an `Attendance` row for every member on the meeting's day
  (`queries.meeting_members`); the e-mails (German, with
  the agenda and an iCal attachment, METHOD:REQUEST, UID = the meeting's uid) go out from the
  task queue (`tasks.send_meeting_invitations`) to the members with an account – members
  without one get none (the meeting page says so). Sent again after a change, the mail says
  it is an update and the calendar entry carries a higher SEQUENCE.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import validation
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.governance import ical
from clusterwerk.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    MeetingStatus,
    Response,
)
from clusterwerk.governance.permissions import membership
from clusterwerk.governance.queries import meeting_members
from clusterwerk.governance.services.common import (
    LINK_FIELDS,
    check_version,
    clean_links,
    moment,
    reject_unknown,
    require_management,
    require_same_cluster,
)

MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url")
AGENDA_FIELDS = ("title", "description", "presenter", *LINK_FIELDS)
MAX_MINUTES = 100_000
CONFLICT = "Jemand hat die Sitzung inzwischen geändert; bitte laden Sie die Seite neu."


def _locked(meeting: Meeting, cluster) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body__cluster")
        .get(pk=meeting.pk)
    )
    require_same_cluster(meeting.body.cluster_id, cluster)
    return meeting


def _not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Die Sitzung ist abgesagt und lässt sich nicht mehr ändern."))


def clean_meeting(data: dict) -> dict:
    errors = PayloadErrors()
    values = {
        "title": validation.text(data.get("title"), "title", errors, max_length=200),
        "starts_at": moment(data.get("starts_at"), "starts_at", errors),
        "ends_at": moment(data.get("ends_at"), "ends_at", errors),
        "place": validation.text(data.get("place"), "place", errors, max_length=300),
        "online_url": validation.text(data.get("online_url"), "online_url", errors, max_length=500),
    }
    if not values["title"] and "title" not in errors:
        errors.add("title", _("Bitte geben Sie einen Titel an."))
    if values["starts_at"] and values["ends_at"] and values["ends_at"] <= values["starts_at"]:
        errors.add("ends_at", _("Das Ende muss nach dem Beginn liegen."))
    url = values["online_url"]
    if url and not (url.startswith("https://") or url.startswith("http://")):
        errors.add("online_url", _("Bitte eine vollständige Adresse (https://…) angeben."))
    if not values["place"] and not url and "online_url" not in errors:
        errors.add("place", _("Bitte geben Sie einen Ort oder einen Online-Zugang an."))
    errors.raise_if_any()
    return values


def meeting_data(meeting: Meeting) -> dict:
    return {name: getattr(meeting, name) for name in MEETING_FIELDS}


@transaction.atomic
def create_meeting(*, user, cluster, body: Body, data: dict) -> Meeting:
    require_management(user, cluster)
    require_same_cluster(body.cluster_id, cluster)
    reject_unknown(data, MEETING_FIELDS)
    values = clean_meeting(data)
    return Meeting.objects.create(body=body, created_by=user, **values)


@transaction.atomic
def update_meeting(*, user, cluster, meeting: Meeting, data: dict, version) -> Meeting:
    """Change the given fields that differ; the rest stays. A changed meeting gets a new
    version (its calendar entry a higher SEQUENCE)."""
    require_management(user, cluster)
    reject_unknown(data, MEETING_FIELDS)
    meeting = _locked(meeting, cluster)
    check_version(meeting, version, _(CONFLICT), meeting_data(meeting))
    _not_cancelled(meeting)
    values = clean_meeting({**meeting_data(meeting), **data})
    changed = [name for name in data if getattr(meeting, name) != values[name]]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, values[name])
    meeting.version += 1
    meeting.save()
    return meeting


@transaction.atomic
def cancel_meeting(
    *, user, cluster, meeting: Meeting, version=None, notify: bool = True
) -> Meeting:
    """Cancel; members who were invited get the cancellation (METHOD:CANCEL)."""
    require_management(user, cluster)
    meeting = _locked(meeting, cluster)
    check_version(meeting, version, _(CONFLICT))
    _not_cancelled(meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("Eine durchgeführte Sitzung lässt sich nicht absagen."))
    was_invited = meeting.invitations_sent_at is not None
    meeting.status = MeetingStatus.CANCELLED
    meeting.version += 1
    meeting.save()
    if was_invited and notify:
        _enqueue_mails(meeting, kind="cancellation")
    return meeting


# --- agenda -----------------------------------------------------------------------------------


def _clean_agenda(data: dict, cluster) -> dict:
    errors = PayloadErrors()
    values = {}
    if "title" in data:
        values["title"] = validation.text(data["title"], "title", errors, max_length=300)
        if not values["title"] and "title" not in errors:
            errors.add("title", _("Bitte geben Sie den Tagesordnungspunkt an."))
    if "description" in data:
        values["description"] = validation.text(
            data["description"], "description", errors, max_length=10_000
        )
    if "presenter" in data:
        values["presenter"] = validation.text(
            data["presenter"], "presenter", errors, max_length=200
        )
    values.update(clean_links(data, cluster, errors))
    errors.raise_if_any()
    return values


def _agenda_meeting(user, cluster, meeting: Meeting) -> Meeting:
    require_management(user, cluster)
    meeting = _locked(meeting, cluster)
    _not_cancelled(meeting)
    return meeting


@transaction.atomic
def add_agenda_item(*, user, cluster, meeting: Meeting, data: dict) -> AgendaItem:
    meeting = _agenda_meeting(user, cluster, meeting)
    reject_unknown(data, AGENDA_FIELDS)
    values = _clean_agenda({"title": "", **data}, cluster)
    last = meeting.agenda.aggregate(last=Max("order"))["last"] or 0
    return AgendaItem.objects.create(meeting=meeting, order=last + 1, **values)


def _agenda_item(meeting: Meeting, item: AgendaItem) -> AgendaItem:
    found = AgendaItem.objects.filter(pk=item.pk, meeting=meeting).first()
    if found is None:
        raise ValidationError(_("Dieser Tagesordnungspunkt gehört nicht zu dieser Sitzung."))
    return found


@transaction.atomic
def update_agenda_item(*, user, cluster, item: AgendaItem, data: dict) -> AgendaItem:
    meeting = _agenda_meeting(user, cluster, item.meeting)
    item = _agenda_item(meeting, item)
    reject_unknown(data, AGENDA_FIELDS)
    values = _clean_agenda(data, cluster)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, values[name])
    if changed:
        item.save(update_fields=changed)
    return item


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    for number, pk in enumerate(ordered_ids, start=1):
        AgendaItem.objects.filter(pk=pk, meeting=meeting).exclude(order=number).update(order=number)


@transaction.atomic
def delete_agenda_item(*, user, cluster, item: AgendaItem) -> None:
    meeting = _agenda_meeting(user, cluster, item.meeting)
    item = _agenda_item(meeting, item)
    item.delete()
    _renumber(meeting, list(meeting.agenda.values_list("pk", flat=True)))


@transaction.atomic
def reorder_agenda(*, user, cluster, meeting: Meeting, item_ids: list) -> None:
    """The agenda in the order of `item_ids` (every item of the meeting exactly once)."""
    meeting = _agenda_meeting(user, cluster, meeting)
    current = list(meeting.agenda.values_list("pk", flat=True))
    try:
        wanted = [int(pk) for pk in item_ids]
    except (TypeError, ValueError):
        wanted = []
    if sorted(wanted) != sorted(current):
        raise ValidationError(
            {
                "agenda": [
                    _("Bitte ordnen Sie alle Tagesordnungspunkte dieser Sitzung, jeden einmal.")
                ]
            }
        )
    _renumber(meeting, wanted)


@transaction.atomic
def move_agenda_item(*, user, cluster, item: AgendaItem, direction: str) -> None:
    """One step up or down."""
    ids = list(item.meeting.agenda.values_list("pk", flat=True))
    if item.pk not in ids or direction not in ("up", "down"):
        raise ValidationError(_("Dieser Tagesordnungspunkt lässt sich so nicht verschieben."))
    index = ids.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    reorder_agenda(user=user, cluster=cluster, meeting=item.meeting, item_ids=ids)


# --- invitations, answers, attendance, minutes -----------------------------------------------


def _enqueue_mails(meeting: Meeting, *, kind: str, member_ids: list[int] | None = None) -> None:
    from clusterwerk.governance.tasks import send_meeting_invitations

    meeting_id = meeting.pk
    transaction.on_commit(
        lambda: send_meeting_invitations.enqueue(
            meeting_id=meeting_id, kind=kind, member_ids=member_ids
        )
    )


@transaction.atomic
def send_invitations(*, user, cluster, meeting: Meeting) -> dict:
    """Invite every member on the meeting's day (an `Attendance` row each) and mail those
    with an account; returns {"invited": n, "mailed": n, "without_account": n, "update": bool}."""
    require_management(user, cluster)
    meeting = _locked(meeting, cluster)
    _not_cancelled(meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("Zu einer durchgeführten Sitzung wird nicht mehr eingeladen."))
    if meeting.ends_at <= timezone.now():
        raise ValidationError(_("Die Sitzung ist vorbei; Einladungen sind nicht mehr möglich."))
    members = list(meeting_members(meeting))
    if not members:
        raise ValidationError(
            _("Das Gremium hat keine aktiven Mitglieder, die eingeladen werden könnten.")
        )
    now = timezone.now()
    update = meeting.invitations_sent_at is not None
    # Two writes for any number of members (not one per member).
    existing = set(meeting.attendance.values_list("member_id", flat=True))
    meeting.attendance.filter(member_id__in=[m.pk for m in members]).update(invited_at=now)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, invited_at=now)
        for member in members
        if member.pk not in existing
    )
    meeting.status = MeetingStatus.INVITED
    meeting.invitations_sent_at = now
    meeting.save(update_fields=["status", "invitations_sent_at"])
    with_account = [member.pk for member in members if member.user_id and member.user.email]
    if with_account:
        _enqueue_mails(meeting, kind="update" if update else "invitation", member_ids=with_account)
    return {
        "invited": len(members),
        "mailed": len(with_account),
        "without_account": len(members) - len(with_account),
        "update": update,
    }


def deliver_invitations(*, meeting_id: int, kind: str, member_ids: list[int] | None) -> int:
    """Run by the task: one e-mail per member with an account (invitation, update or
    cancellation) with the calendar attached. Returns the number of mails."""
    meeting = (
        Meeting.objects.select_related("body__cluster")
        .prefetch_related("agenda")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return 0
    rows = meeting.attendance.select_related("member__user").filter(member__user__isnull=False)
    if member_ids is not None:
        rows = rows.filter(member_id__in=member_ids)
    method = "CANCEL" if kind == "cancellation" else "REQUEST"
    sent = 0
    for row in rows:
        member = row.member
        email = member.user.email
        if not email:
            continue
        text = render_to_string(
            "governance/email/meeting_invitation.txt",
            {
                "meeting": meeting,
                "member": member,
                "kind": kind,
                "agenda": list(meeting.agenda.all()),
                "url": ical.meeting_url(meeting),
            },
        )
        subject, _blank, body = text.strip().partition("\n\n")
        calendar = ical.meeting_calendar(meeting, method=method, attendee=(member.name, email))
        send_email_later(
            subject=subject.strip(),
            body=body.strip() + "\n",
            to=[email],
            attachments=[("einladung.ics", calendar, f"text/calendar; method={method}")],
        )
        sent += 1
    return sent


@transaction.atomic
def respond(*, user, cluster, meeting: Meeting, response: str) -> Attendance:
    """A member's Zusage or Absage (again until the meeting begins)."""
    meeting = _locked(meeting, cluster)
    member = membership(user, meeting.body)
    if member is None:
        raise PermissionDenied(_("Nur Mitglieder des Gremiums können zu- oder absagen."))
    errors = PayloadErrors()
    response = validation.choice(
        response,
        "response",
        errors,
        [Response.ACCEPTED, Response.DECLINED],
        required=True,
        required_message=_("Bitte sagen Sie zu oder ab."),
    )
    errors.raise_if_any()
    _not_cancelled(meeting)
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("Die Sitzung hat begonnen; Zu- und Absagen sind nicht mehr möglich.")
        )
    row, _created = Attendance.objects.get_or_create(meeting=meeting, member=member)
    if row.response != response:
        row.response = response
        row.save(update_fields=["response"])
    return row


@transaction.atomic
def record_attendance(*, user, cluster, meeting: Meeting, present_member_ids) -> int:
    """Who was there (after the meeting began): the given members present, the other
    invited or active members absent. Returns the number present."""
    require_management(user, cluster)
    meeting = _locked(meeting, cluster)
    _not_cancelled(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            {"present": [_("Die Anwesenheit lässt sich erst ab Beginn der Sitzung erfassen.")]}
        )
    try:
        present = {int(pk) for pk in present_member_ids or []}
    except (TypeError, ValueError):
        raise ValidationError(
            {"present": [_("Bitte wählen Sie Mitglieder des Gremiums.")]}
        ) from None
    rows = {row.member_id: row for row in meeting.attendance.all()}
    members = {member.pk for member in meeting_members(meeting)} | set(rows)
    if not present <= members:
        raise ValidationError({"present": [_("Bitte wählen Sie nur Mitglieder dieses Gremiums.")]})
    for member_id in sorted(members):
        row = rows.get(member_id) or Attendance(meeting=meeting, member_id=member_id)
        value = member_id in present
        if row.pk is None or row.present != value:
            row.present = value
            row.save()
    return len(present)


@transaction.atomic
def save_minutes(*, user, cluster, meeting: Meeting, minutes: str, version) -> Meeting:
    """The minutes (after the meeting began); the meeting is then held."""
    require_management(user, cluster)
    meeting = _locked(meeting, cluster)
    check_version(meeting, version, _(CONFLICT), {"minutes": meeting.minutes})
    _not_cancelled(meeting)
    errors = PayloadErrors()
    minutes = validation.text(minutes, "minutes", errors, max_length=MAX_MINUTES)
    if not minutes and "minutes" not in errors:
        errors.add("minutes", _("Bitte geben Sie das Protokoll ein."))
    if meeting.starts_at > timezone.now():
        errors.add("minutes", _("Das Protokoll lässt sich erst ab Beginn der Sitzung speichern."))
    errors.raise_if_any()
    if minutes == meeting.minutes and meeting.status == MeetingStatus.HELD:
        return meeting
    meeting.minutes = minutes
    meeting.status = MeetingStatus.HELD
    meeting.version += 1
    meeting.save()
    return meeting
