"""The two dashboards of the request's cluster, composed from every domain app's queries:

- "Mein Bereich" (`member_dashboard`): what a person's organisations have going on – the
  profile and what it lacks, the listings and the interests in them waiting for an answer,
  the interests the organisations sent, the new hits of the saved searches, the followed
  consultations, the pending claims, and the person's upcoming events with their tickets
  ("Meine Veranstaltungen"), and the cluster's instruments – prize, foresight, skills
  (`dashboard_instruments`). Every item names its next action with a link.
- "Aufgaben" (`task_board`): everything waiting for the cluster's management – claims,
  profile changes, listings in review, project ideas and moderation reports – with counts,
  the age of each item and a link to act on it.

Both read a constant number of queries, however much data there is (the tests count them).
The pages and the API (`portal.dashboard_api`) show the same data.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusterwerk.accounts.permissions import manages_cluster, represented_actor_ids
from clusterwerk.actors import queries as actor_queries
from clusterwerk.actors.models import ClaimStatus
from clusterwerk.award import queries as award_queries
from clusterwerk.core.models import Cluster
from clusterwerk.events.models import EventStatus
from clusterwerk.events.tickets import has_ticket, upcoming_tickets
from clusterwerk.governance import queries as governance_queries
from clusterwerk.matchmaking import queries as listing_queries
from clusterwerk.matchmaking.models import InterestStatus, ListingStatus
from clusterwerk.participation import queries as participation_queries
from clusterwerk.participation.models import PhaseKind
from clusterwerk.portal.dashboard_instruments import (
    award_items,
    foresight_items,
    governance_items,
    skills_items,
)
from clusterwerk.portal.dashboard_items import SHOWN_ITEMS, Item
from clusterwerk.projects import queries as project_queries


def age_in_days(since: datetime.datetime, now: datetime.datetime) -> int:
    """Calendar days between `since` and `now` in the local time zone."""
    return max((timezone.localdate(now) - timezone.localdate(since)).days, 0)


def age_label(days: int) -> str:
    if days == 0:
        return _("seit heute")
    return ngettext("seit %(count)d Tag", "seit %(count)d Tagen", days) % {"count": days}


# --- Mein Bereich -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventItem(Item):
    """A registration for an upcoming event, with the ticket's QR code when it has one."""

    qr_url: str = ""
    qr_alt: str = ""

    def as_dict(self) -> dict:
        return {**super().as_dict(), "ticket_qr_url": self.qr_url}


@dataclass
class MemberDashboard:
    organisations: list[Item]
    listings: list[Item]
    interests_to_answer: list[Item]
    interests_sent: list[Item]
    saved_searches: list[Item]
    consultations: list[Item]
    claims: list[Item]
    join_url: str
    new_listing_url: str
    new_search_url: str
    new_hit_total: int = 0
    conversations: list[Item] = field(default_factory=list)
    unread_total: int = 0
    events: list[EventItem] = field(default_factory=list)
    events_url: str = ""
    award: list[Item] = field(default_factory=list)
    award_url: str = ""
    foresight: list[Item] = field(default_factory=list)
    skills: list[Item] = field(default_factory=list)
    governance: list[Item] = field(default_factory=list)

    @property
    def has_organisation(self) -> bool:
        return bool(self.organisations)

    def as_dict(self) -> dict:
        def items(rows: list[Item]) -> list[dict]:
            return [row.as_dict() for row in rows]

        return {
            "organisations": items(self.organisations),
            "listings": items(self.listings),
            "interests_to_answer": items(self.interests_to_answer),
            "interests_sent": items(self.interests_sent),
            "conversations": items(self.conversations),
            "unread_messages": self.unread_total,
            "saved_searches": items(self.saved_searches),
            "new_hits": self.new_hit_total,
            "consultations": items(self.consultations),
            "claims": items(self.claims),
            "events": items(self.events),
            "award": items(self.award),
            "foresight": items(self.foresight),
            "skills": items(self.skills),
            "governance": items(self.governance),
            "next_step": None
            if self.organisations or self.claims
            else {"action": _("Organisation zuordnen"), "action_url": self.join_url},
        }


def pending_claims_of(user, cluster: Cluster) -> list[Item]:
    """The user's claims in `cluster` that wait for the management ("Meine Anfragen"): the
    organisation, "wartet auf Prüfung", and the welcome page where the claim can be
    withdrawn."""
    welcome_url = reverse("actors:welcome")
    return [
        Item(
            title=claim.actor.name,
            url=welcome_url,
            status=str(ClaimStatus.PENDING.label),
            note=claim.get_kind_display(),
            action=_("Antrag ansehen"),
            action_url=welcome_url,
        )
        for claim in actor_queries.claims_of_user(user, cluster).filter(status=ClaimStatus.PENDING)[
            :SHOWN_ITEMS
        ]
    ]


def organisation_items(user, cluster: Cluster) -> list[Item]:
    rows = []
    for actor in actor_queries.represented_actors_in(user, cluster):
        profile_url = actor.get_absolute_url()
        edit_url = reverse("actors:edit", args=[actor.pk, actor.slug])
        missing = actor_queries.missing_profile_parts(actor)
        if actor.has_pending_change:
            status = _("Ihre Änderung wartet auf Prüfung")
        elif missing:
            status = _("Profil unvollständig")
        else:
            status = _("Profil vollständig")
        rows.append(
            Item(
                title=actor.name,
                url=profile_url,
                status=status,
                note=_("Es fehlen: %(parts)s") % {"parts": ", ".join(missing)} if missing else "",
                action=_("Profil ergänzen") if missing else _("Profil bearbeiten"),
                action_url=edit_url,
            )
        )
    return rows


def listing_items(user, cluster: Cluster) -> list[Item]:
    rows = []
    for listing in listing_queries.listings_of_user(user, cluster)[:SHOWN_ITEMS]:
        url = reverse("matchmaking:listing-detail", args=[listing.pk])
        note = ngettext(
            "%(count)d Interessensbekundung, %(open)d offen",
            "%(count)d Interessensbekundungen, %(open)d offen",
            listing.interest_total,
        ) % {"count": listing.interest_total, "open": listing.pending_interests}
        if listing.pending_interests:
            action, action_url = _("Interesse beantworten"), f"{url}#interests-heading"
        elif listing.status == ListingStatus.DRAFT:
            action = _("Entwurf fertigstellen")
            action_url = reverse("matchmaking:listing-edit", args=[listing.pk])
        else:
            action, action_url = _("Inserat ansehen"), url
        rows.append(
            Item(
                title=listing.title,
                url=url,
                status=listing.get_status_display(),
                note=note,
                action=action,
                action_url=action_url,
            )
        )
    return rows


def interest_to_answer_items(user, cluster: Cluster) -> list[Item]:
    rows = []
    for interest in listing_queries.interests_to_answer(user, cluster)[:SHOWN_ITEMS]:
        url = reverse("matchmaking:listing-detail", args=[interest.listing_id])
        rows.append(
            Item(
                title=interest.listing.title,
                url=url,
                status=interest.get_status_display(),
                note=_("von %(organisation)s, %(age)s")
                % {
                    "organisation": interest.actor.name,
                    "age": age_label(age_in_days(interest.created_at, timezone.now())),
                },
                action=_("Interesse beantworten"),
                action_url=f"{url}#interest-{interest.pk}",
            )
        )
    return rows


def interest_sent_items(user, cluster: Cluster) -> list[Item]:
    rows = []
    for interest in listing_queries.own_interests(user, cluster)[:SHOWN_ITEMS]:
        url = reverse("matchmaking:listing-detail", args=[interest.listing_id])
        accepted = interest.status == InterestStatus.ACCEPTED
        rows.append(
            Item(
                title=interest.listing.title,
                url=url,
                status=interest.get_status_display(),
                note=_("an %(owner)s, für %(organisation)s")
                % {
                    "owner": listing_queries.owner_label(user, interest.listing),
                    "organisation": interest.actor.name,
                },
                action=_("Zum Gespräch") if accepted else _("Inserat ansehen"),
                action_url=reverse("matchmaking:conversation", args=[interest.pk])
                if accepted
                else url,
            )
        )
    return rows


def conversation_items(user, cluster: Cluster) -> tuple[list[Item], int]:
    """The conversations of the user's accepted contacts with their unread messages, and the
    unread total over all of them."""
    conversations = list(listing_queries.conversations_of_user(user, cluster))
    unread = listing_queries.unread_counts(user, [interest.pk for interest in conversations])
    rows = []
    for interest in conversations[:SHOWN_ITEMS]:
        url = reverse("matchmaking:conversation", args=[interest.pk])
        count = unread.get(interest.pk, 0)
        partner = (
            interest.actor
            if interest.listing.owner_actor_id in represented_actor_ids(user)
            else interest.listing.owner_actor
        )
        rows.append(
            Item(
                title=interest.listing.title,
                url=url,
                status=ngettext("%(count)d neue Nachricht", "%(count)d neue Nachrichten", count)
                % {"count": count}
                if count
                else "",
                note=_("mit %(organisation)s") % {"organisation": partner.name},
                action=_("Zum Gespräch"),
                action_url=url,
            )
        )
    return rows, sum(unread.values())


def saved_search_items(searches_with_counts) -> list[Item]:
    rows = []
    for search, count in searches_with_counts:
        url = reverse("matchmaking:saved-search-hits", args=[search.pk])
        rows.append(
            Item(
                title=search.name,
                url=url,
                status=ngettext("%(count)d neuer Treffer", "%(count)d neue Treffer", count)
                % {"count": count},
                action=_("Neue Treffer ansehen") if count else _("Treffer ansehen"),
                action_url=url,
            )
        )
    return rows


def consultation_items(user, cluster: Cluster) -> list[Item]:
    rows = []
    now = timezone.now()
    for consultation in participation_queries.followed_consultations(user, cluster):
        url = consultation.get_absolute_url()
        phase = participation_queries.current_phase_of(consultation, now)
        if phase is not None and participation_queries.allowed_actions(phase):
            action = _("Mitmachen")
        elif phase is not None and phase.kind == PhaseKind.RESULT:
            action = _("Ergebnisse ansehen")
        else:
            action = _("Beteiligung ansehen")
        rows.append(
            Item(
                title=consultation.title,
                url=url,
                status=phase.get_kind_display() if phase else _("keine laufende Phase"),
                action=action,
                action_url=url,
            )
        )
    return rows


def _event_note(event) -> str:
    start = timezone.localtime(event.starts_at)
    when = formats.date_format(start, "SHORT_DATETIME_FORMAT")
    where = event.municipality or event.venue_name or (_("online") if event.online_url else "")
    return f"{when} · {where}" if where else when


def event_items(user, cluster: Cluster) -> list[EventItem]:
    """ "Meine Veranstaltungen": the upcoming events the user is registered for, with the
    registration's status and, when confirmed, the ticket's QR code."""
    rows = []
    for registration in upcoming_tickets(user, cluster, limit=SHOWN_ITEMS):
        event = registration.event
        cancelled = event.status == EventStatus.CANCELLED
        detail_url = reverse("events:registration-detail", args=[registration.pk])
        with_ticket = has_ticket(registration) and not cancelled
        rows.append(
            EventItem(
                title=event.title,
                url=event.get_absolute_url(),
                status=_("Veranstaltung abgesagt")
                if cancelled
                else registration.get_status_display(),
                note=_event_note(event),
                action=_("Anmeldung und Ticket") if with_ticket else _("Anmeldung ansehen"),
                action_url=detail_url,
                qr_url=reverse("events:ticket-qr", args=[registration.pk]) if with_ticket else "",
                qr_alt=_("QR-Code: Ticket für %(event)s") % {"event": event.title},
            )
        )
    return rows


def member_dashboard(user, cluster: Cluster) -> MemberDashboard:
    """ "Mein Bereich" of `user` in `cluster`."""
    searches = listing_queries.new_hits_by_search(user, cluster)
    conversations, unread_total = conversation_items(user, cluster)
    return MemberDashboard(
        organisations=organisation_items(user, cluster),
        listings=listing_items(user, cluster),
        interests_to_answer=interest_to_answer_items(user, cluster),
        interests_sent=interest_sent_items(user, cluster),
        saved_searches=saved_search_items(searches),
        new_hit_total=sum(count for _search, count in searches),
        consultations=consultation_items(user, cluster),
        claims=pending_claims_of(user, cluster),
        join_url=reverse("actors:welcome"),
        new_listing_url=reverse("matchmaking:listing-create"),
        new_search_url=reverse("matchmaking:saved-search-create"),
        conversations=conversations,
        unread_total=unread_total,
        events=event_items(user, cluster),
        events_url=reverse("events:mine"),
        award=award_items(user, cluster),
        award_url=reverse("award:mine"),
        foresight=foresight_items(user, cluster),
        skills=skills_items(user, cluster),
        governance=governance_items(user, cluster),
    )


# --- Aufgaben -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One thing waiting for the cluster's management."""

    kind: str
    kind_label: str
    title: str
    note: str
    since: datetime.datetime
    age_days: int
    url: str
    action: str

    @property
    def age(self) -> str:
        return age_label(self.age_days)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "note": self.note,
            "since": self.since.isoformat(),
            "age_days": self.age_days,
            "age": self.age,
            "action": self.action,
            "url": self.url,
        }


@dataclass
class TaskGroup:
    kind: str
    label: str
    count: int
    tasks: list[Task]
    queue_url: str = ""

    @property
    def oldest(self) -> Task | None:
        return min(self.tasks, key=lambda task: task.since) if self.tasks else None

    def as_dict(self) -> dict:
        oldest = self.oldest
        return {
            "kind": self.kind,
            "label": self.label,
            "count": self.count,
            "oldest_age_days": oldest.age_days if oldest else None,
            "oldest_age": oldest.age if oldest else None,
            "queue_url": self.queue_url,
        }


@dataclass
class TaskBoard:
    groups: list[TaskGroup]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    def combined(self, *, newest_first: bool = False) -> list[Task]:
        """Every listed task of every kind in one list, oldest first (or newest first)."""
        tasks = [task for group in self.groups for task in group.tasks]
        return sorted(tasks, key=lambda task: (task.since, task.kind), reverse=newest_first)

    def as_dict(self, *, newest_first: bool = False) -> dict:
        return {
            "total": self.total,
            "groups": [group.as_dict() for group in self.groups],
            "tasks": [task.as_dict() for task in self.combined(newest_first=newest_first)],
        }


TASK_KINDS = {
    "claim": gettext_lazy("Zuordnungen"),
    "change": gettext_lazy("Profiländerungen"),
    "listing": gettext_lazy("Inserate in Prüfung"),
    "idea": gettext_lazy("Projektideen"),
    "report": gettext_lazy("Meldungen"),
    "message": gettext_lazy("Gemeldete Nachrichten"),
    "conflict": gettext_lazy("Befangenheiten (Innovationspreis)"),
    "action_item": gettext_lazy("Überfällige Aufgaben der Gremien"),
}


def pending_claims_for(
    cluster: Cluster,
) -> tuple[int, list[tuple[str, str, datetime.datetime, str]]]:
    """The claims of organisations in `cluster` waiting for its management: their number
    and, for the first ones, (organisation, person with the e-mail-domain hint, since,
    the address where the management decides)."""
    pending = actor_queries.pending_claims(cluster)
    rows = []
    for claim in pending[:SHOWN_ITEMS]:
        note = claim.user.public_name
        if claim.domain_matches:
            note = f"{note} · {_('E-Mail-Domain passt')}"
        rows.append(
            (
                claim.actor.name,
                note,
                claim.created_at,
                reverse("actors:claim-detail", args=[claim.pk]),
            )
        )
    return pending.count(), rows


def _group(kind: str, count: int, rows, action: str, queue_url: str = "") -> TaskGroup:
    now = timezone.now()
    label = str(TASK_KINDS[kind])
    tasks = [
        Task(
            kind=kind,
            kind_label=label,
            title=title,
            note=note,
            since=since,
            age_days=age_in_days(since, now),
            url=url,
            action=action,
        )
        for title, note, since, url in rows
    ]
    return TaskGroup(kind=kind, label=label, count=count, tasks=tasks, queue_url=queue_url)


def _change_requests(user, cluster: Cluster) -> TaskGroup:
    pending = actor_queries.pending_change_requests(user, cluster).order_by("submitted_at", "pk")
    rows = [
        (
            change.actor.name,
            _("eingereicht von %(person)s")
            % {"person": change.submitted_by.public_name if change.submitted_by else "–"},
            change.submitted_at,
            reverse("actors:review", args=[change.pk]),
        )
        for change in pending[:SHOWN_ITEMS]
    ]
    return _group(
        "change",
        pending.count(),
        rows,
        _("Änderung prüfen"),
        reverse("actors:review-queue"),
    )


def _listings(user, cluster: Cluster) -> TaskGroup:
    listings = listing_queries.listings_in_review(user, cluster)
    rows = [
        (
            listing.title,
            listing.owner_actor.name,
            listing.submitted_at or listing.created_at,
            reverse("matchmaking:listing-detail", args=[listing.pk]),
        )
        for listing in listings[:SHOWN_ITEMS]
    ]
    return _group(
        "listing",
        listings.count(),
        rows,
        _("Inserat prüfen"),
        reverse("matchmaking:review-queue"),
    )


def _ideas(user, cluster: Cluster) -> TaskGroup:
    ideas = project_queries.proposed_ideas(user, cluster).order_by("created_at", "pk")
    rows = [
        (
            idea.title,
            _("vorgeschlagen von %(person)s")
            % {"person": idea.proposed_by.public_name if idea.proposed_by else "–"},
            idea.created_at,
            reverse("projects:detail", args=[idea.pk]),
        )
        for idea in ideas[:SHOWN_ITEMS]
    ]
    return _group(
        "idea", ideas.count(), rows, _("Idee entscheiden"), reverse("projects:idea-queue")
    )


def _reports(cluster: Cluster) -> TaskGroup:
    reports = participation_queries.open_reports(cluster)
    rows = []
    for report in reports[:SHOWN_ITEMS]:
        contribution = report.comment or report.proposal
        consultation = contribution.consultation
        kind = _("Kommentar") if report.comment_id else _("Vorschlag")
        rows.append(
            (
                consultation.title,
                _("%(kind)s gemeldet: %(reason)s") % {"kind": kind, "reason": report.reason},
                report.created_at,
                reverse("participation:moderation", args=[consultation.slug]),
            )
        )
    return _group("report", reports.count(), rows, _("Meldung bearbeiten"))


def _message_reports(cluster: Cluster) -> TaskGroup:
    """Messages of the Kooperationsbörse's conversations with open reports."""
    reported = listing_queries.reported_messages(cluster)
    rows = [
        (
            message.interest.listing.title,
            _("Nachricht von %(organisation)s gemeldet")
            % {"organisation": message.author_actor.name},
            message.first_report_at,
            reverse("matchmaking:message-moderation"),
        )
        for message in reported[:SHOWN_ITEMS]
    ]
    return _group(
        "message",
        reported.count(),
        rows,
        _("Meldung bearbeiten"),
        reverse("matchmaking:message-moderation"),
    )


def _conflicts(user, cluster: Cluster) -> TaskGroup:
    """Conflicts of interest the platform proposed for the innovation prize's jury."""
    proposed = award_queries.proposed_conflicts(user, cluster)
    rows = [
        (
            conflict.application.title,
            _("%(juror)s: %(source)s")
            % {"juror": conflict.jury_member, "source": conflict.get_source_display()},
            conflict.created_at,
            reverse("award:conflicts", args=[conflict.jury_member.edition.year]),
        )
        for conflict in proposed[:SHOWN_ITEMS]
    ]
    return _group("conflict", proposed.count(), rows, _("Befangenheit entscheiden"))


def _overdue_action_items(user, cluster: Cluster) -> TaskGroup:
    """Action items of the cluster's bodies past their due date and still open."""
    overdue = governance_queries.overdue_action_items(user, cluster)
    rows = [
        (
            item.title,
            _("%(owner)s · %(body)s, fällig am %(date)s")
            % {
                "owner": item.owner_name,
                "body": item.meeting.body.name,
                "date": formats.date_format(item.due_on, "SHORT_DATE_FORMAT"),
            },
            timezone.make_aware(datetime.datetime.combine(item.due_on, datetime.time())),
            reverse("governance:meeting", args=[item.meeting.body.slug, item.meeting_id]),
        )
        for item in overdue[:SHOWN_ITEMS]
    ]
    return _group(
        "action_item",
        overdue.count(),
        rows,
        _("Nachfassen"),
        reverse("governance:action-items"),
    )


def task_board(user, cluster: Cluster) -> TaskBoard:
    """Everything waiting for the management of `cluster`; 403 for everyone else."""
    if not manages_cluster(user, cluster):
        raise PermissionDenied(_("Die Aufgaben sieht nur das Clustermanagement dieses Clusters."))
    claim_count, claims = pending_claims_for(cluster)
    return TaskBoard(
        groups=[
            _group(
                "claim",
                claim_count,
                claims,
                _("Anfrage prüfen"),
                reverse("actors:claim-queue"),
            ),
            _change_requests(user, cluster),
            _listings(user, cluster),
            _ideas(user, cluster),
            _reports(cluster),
            _message_reports(cluster),
            _conflicts(user, cluster),
            _overdue_action_items(user, cluster),
        ]
    )
