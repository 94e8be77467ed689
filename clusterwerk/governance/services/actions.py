"""Action items (Aufgaben) from a meeting: an owner (an active member of the body with an
account, or the cluster management), a due date no earlier than the meeting, a status; the
owner or the management move the status; reminders from the task queue three days before the
due date and while overdue, at most once a day per item (`send_action_reminders`, run daily by
`tasks.remind_action_items` / `manage.py remind_action_items`)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import validation
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionStatus,
    Decision,
    Meeting,
    MeetingStatus,
)
from clusterwerk.governance.permissions import can_update_action_item, manages_bodies
from clusterwerk.governance.queries import meeting_day, meeting_members
from clusterwerk.governance.services.common import (
    check_version,
    meeting_for_write,
    reject_unknown,
    require_management,
    require_same_cluster,
)

ACTION_FIELDS = ("title", "description", "owner", "due_on", "decision")
REMIND_DAYS_BEFORE = 3
OWNER_MISSING = "Bitte geben Sie an, wer die Aufgabe übernimmt."
DUE_BEFORE_MEETING = "Das Fälligkeitsdatum darf nicht vor der Sitzung liegen."
CONFLICT = "Jemand hat die Aufgabe inzwischen geändert; bitte laden Sie die Seite neu."


def owner_choices(meeting: Meeting) -> list[tuple[int, str]]:
    """Who may own an action item of the meeting: the body's members on the meeting's day with
    an account, then the cluster management."""
    from clusterwerk.accounts.models import Role, RoleAssignment

    choices: dict[int, str] = {}
    for member in meeting_members(meeting).filter(user__isnull=False):
        choices.setdefault(member.user_id, member.name)
    managers = (
        RoleAssignment.objects.filter(cluster=meeting.body.cluster, role=Role.CLUSTER_MANAGER)
        .select_related("user")
        .order_by("user__last_name", "user__email")
    )
    for assignment in managers:
        user = assignment.user
        label = _("%(name)s (Clustermanagement)") % {"name": user.get_full_name() or user.email}
        choices.setdefault(user.pk, label)
    return list(choices.items())


def _owner(value, meeting: Meeting, errors: PayloadErrors):
    """The owner (a user) and the name to show, or an error."""
    if value in (None, ""):
        errors.add("owner", _(OWNER_MISSING))
        return None, ""
    pk = (
        value.pk
        if hasattr(value, "pk")
        else validation.integer(value, "owner", errors, minimum=1, maximum=2**31 - 1)
    )
    if pk is None:
        return None, ""
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    member = meeting_members(meeting).filter(user_id=pk).first()
    if user is not None and member is not None:
        return user, member.name
    if user is not None and manages_bodies(user, meeting.body.cluster):
        return user, user.get_full_name() or user.email
    errors.add(
        "owner",
        _("Eine Aufgabe übernimmt ein Mitglied des Gremiums oder das Clustermanagement."),
    )
    return None, ""


def _clean(data: dict, meeting: Meeting) -> dict:
    errors = PayloadErrors()
    values = {"title": validation.text(data.get("title"), "title", errors, max_length=300)}
    if not values["title"] and "title" not in errors:
        errors.add("title", _("Bitte beschreiben Sie die Aufgabe."))
    values["description"] = validation.text(
        data.get("description"), "description", errors, max_length=10_000
    )
    values["owner"], values["owner_name"] = _owner(data.get("owner"), meeting, errors)
    values["due_on"] = validation.date(
        data.get("due_on"),
        "due_on",
        errors,
        required=True,
        required_message=_("Bitte geben Sie an, bis wann die Aufgabe erledigt sein soll."),
    )
    if values["due_on"] and values["due_on"] < meeting_day(meeting):
        errors.add("due_on", _(DUE_BEFORE_MEETING))
    decision = data.get("decision")
    if decision in (None, ""):
        values["decision"] = None
    else:
        pk = (
            decision.pk
            if hasattr(decision, "pk")
            else validation.integer(decision, "decision", errors, minimum=1, maximum=2**31 - 1)
        )
        found = Decision.objects.filter(pk=pk, meeting=meeting).first() if pk else None
        if pk and found is None:
            errors.add("decision", _("Dieser Beschluss gehört nicht zu dieser Sitzung."))
        values["decision"] = found
    errors.raise_if_any()
    return values


@transaction.atomic
def create_action_item(*, user, cluster, meeting: Meeting, data: dict) -> ActionItem:
    meeting = meeting_for_write(user, cluster, meeting)
    reject_unknown(data, ACTION_FIELDS)
    values = _clean(data, meeting)
    return ActionItem.objects.create(meeting=meeting, **values)


def _locked(item: ActionItem, cluster) -> ActionItem:
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting__body__cluster", "owner")
        .get(pk=item.pk)
    )
    require_same_cluster(item.meeting.body.cluster_id, cluster)
    return item


def action_data(item: ActionItem) -> dict:
    return {
        "title": item.title,
        "description": item.description,
        "owner": item.owner_id,
        "due_on": item.due_on,
        "decision": item.decision_id,
    }


@transaction.atomic
def update_action_item(*, user, cluster, item: ActionItem, data: dict, version) -> ActionItem:
    """Change the given fields that differ (the management)."""
    require_management(user, cluster)
    reject_unknown(data, ACTION_FIELDS)
    item = _locked(item, cluster)
    check_version(item, version, _(CONFLICT), action_data(item))
    values = _clean({**action_data(item), **data}, item.meeting)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, values[name])
    item.version += 1
    item.save()
    return item


@transaction.atomic
def set_action_status(*, user, cluster, item: ActionItem, status: str, version) -> ActionItem:
    """The owner or the management; `done` notes when, any other status clears that."""
    item = _locked(item, cluster)
    if not can_update_action_item(user, item):
        raise PermissionDenied(
            _(
                "Den Stand einer Aufgabe ändern die verantwortliche Person und das "
                "Clustermanagement."
            )
        )
    check_version(item, version, _(CONFLICT), {"status": item.status})
    errors = PayloadErrors()
    status = validation.choice(status, "status", errors, ActionStatus, required=True)
    errors.raise_if_any()
    if status == item.status:
        return item
    item.status = status
    item.done_at = timezone.now() if status == ActionStatus.DONE else None
    item.version += 1
    item.save(update_fields=["status", "done_at", "version"])
    return item


# --- reminders --------------------------------------------------------------------------------


def items_to_remind(now: datetime.datetime | None = None):
    """Open items with an owner, due within REMIND_DAYS_BEFORE days or overdue, not reminded
    today (local day)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    return (
        ActionItem.objects.filter(
            status__in=OPEN_ACTION_STATUSES,
            owner__isnull=False,
            owner__is_active=True,
            due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
            meeting__status__in=[
                MeetingStatus.PREPARATION,
                MeetingStatus.INVITED,
                MeetingStatus.HELD,
            ],
        )
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=start_of_day))
        .select_related("meeting__body__cluster", "owner")
    )


@transaction.atomic
def send_action_reminders(*, now: datetime.datetime | None = None) -> int:
    """E-mail the owners (run by the daily task); returns the number of mails."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reminded = []
    ids = list(items_to_remind(now).values_list("pk", flat=True))
    for item in (
        ActionItem.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("meeting__body__cluster", "owner")
    ):
        if not item.owner.email:
            continue
        cluster = item.meeting.body.cluster
        text = render_to_string(
            "governance/email/action_reminder.txt",
            {
                "item": item,
                "overdue": item.due_on < today,
                "days": (item.due_on - today).days,
                "url": cluster_url(cluster, reverse("governance:action-items")),
                "meeting_url": cluster_url(cluster, item.meeting.get_absolute_url()),
            },
        )
        subject, _blank, body = text.strip().partition("\n\n")
        send_email_later(subject=subject.strip(), body=body.strip() + "\n", to=[item.owner.email])
        reminded.append(item.pk)
    # One write for all the items reminded (inside the caller's transaction, as before).
    ActionItem.objects.filter(pk__in=reminded).update(last_reminded_at=now)
    return len(reminded)
