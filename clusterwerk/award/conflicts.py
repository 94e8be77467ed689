"""Conflicts of interest detected from the platform's own data (pure reads, no writes).

`find_conflicts(edition)` proposes, for every juror of the edition and every submitted
application, the conflicts the directory, the projects, the Kooperationsbörse and the cluster
bodies show:

- APPLICANT_PERSON: the juror created the application;
- SAME_ORGANISATION: a juror's organisation is the applicant (institutional);
- PARTNER_ORGANISATION: a juror's organisation is a partner of the application (institutional);
- SHARED_PROJECT: a juror's organisation and an application's organisation are partners of
  the same project that ran in the last three years (collaborator);
- ACCEPTED_INTEREST: an accepted Interessensbekundung between them, in either direction
  (collaborator);
- BOARD_SEATS: seats of both in the same body of the edition's cluster with terms that overlap
  within the last three years (collaborator).

A juror's organisations are the affiliation the management recorded, the organisations the
user represents in the directory (`ActorRepresentative`, confirmed by the management – never
guessed from an e-mail address, OpenReview issue 301) and those that list the user's account
as a contact person. An application's organisations are the applicant and its partners.

The number of queries does not grow with the jury or the applications: everything is read in
a few bulk queries and matched in memory.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.actors.models import (
    Actor,
    ActorRepresentative,
    BodySeat,
    ClusterBody,
    ContactPerson,
)
from clusterwerk.award.models import (
    Application,
    ApplicationPartner,
    ApplicationStatus,
    AwardEdition,
    ConflictKind,
    ConflictSource,
    JuryMember,
)
from clusterwerk.core.dates import add_years
from clusterwerk.matchmaking.models import Interest, InterestStatus
from clusterwerk.projects.models import ProjectPartner

LOOKBACK_YEARS = 3
EVIDENCE_MAX = 500


@dataclass(frozen=True)
class ProposedConflict:
    jury_member: JuryMember
    application: Application
    kind: str
    source: str
    evidence: str


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "…"


def _overlap(spans, start: datetime.date, end: datetime.date) -> bool:
    """Whether the spans (since, until; None = open) and [start, end] share a day."""
    low, high = start, end
    for since, until in spans:
        if since is not None and since > low:
            low = since
        if until is not None and until < high:
            high = until
    return low <= high


def find_conflicts(edition: AwardEdition, *, today: datetime.date | None = None):
    """The conflicts the platform's data show between the edition's jurors and its submitted
    applications, one per juror, application and source, in a stable order.

    "The last three years" count back from today, but never from later than the edition's
    deadline: the jury works after it, and an edition looked at again later (or the demo's
    past editions) finds the same conflicts as on the day."""
    today = today or min(timezone.localdate(), timezone.localdate(edition.deadline))
    window_start = add_years(today, -LOOKBACK_YEARS)

    members = list(JuryMember.objects.filter(edition=edition).select_related("user").order_by("pk"))
    applications = list(
        Application.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED).order_by(
            "pk"
        )
    )
    if not members or not applications:
        return []
    user_ids = {member.user_id for member in members}

    # The juror's organisations, each with how the juror is linked to it.
    user_orgs: dict[int, dict[int, str]] = defaultdict(dict)
    for user_id, actor_id in ActorRepresentative.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "actor_id"
    ):
        user_orgs[user_id].setdefault(actor_id, _("vertritt"))
    for user_id, actor_id in ContactPerson.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "actor_id"
    ):
        user_orgs[user_id].setdefault(actor_id, _("ist Ansprechperson von"))
    member_orgs: dict[int, dict[int, str]] = {}
    for member in members:
        orgs = {}
        if member.affiliation_id:
            orgs[member.affiliation_id] = _("gehört zu")
        for actor_id, how in user_orgs.get(member.user_id, {}).items():
            orgs.setdefault(actor_id, how)
        member_orgs[member.pk] = orgs

    # The application's organisations: the applicant and the partners.
    partners: dict[int, set[int]] = defaultdict(set)
    for application_id, actor_id in ApplicationPartner.objects.filter(
        application__edition=edition, application__status=ApplicationStatus.SUBMITTED
    ).values_list("application_id", "actor_id"):
        partners[application_id].add(actor_id)
    app_orgs = {a.pk: {a.applicant_id} | partners.get(a.pk, set()) for a in applications}

    juror_actor_ids = set().union(*member_orgs.values())
    app_actor_ids = set().union(*app_orgs.values())
    all_ids = juror_actor_ids | app_actor_ids
    names = dict(Actor.objects.filter(pk__in=all_ids).values_list("pk", "name"))

    # Links between organisations: (actor, actor) → sentences, both orders.
    links: dict[str, dict[tuple[int, int], list[str]]] = {
        ConflictSource.SHARED_PROJECT: defaultdict(list),
        ConflictSource.ACCEPTED_INTEREST: defaultdict(list),
        ConflictSource.BOARD_SEATS: defaultdict(list),
    }

    def link(source, first, second, sentence):
        if first != second:
            links[source][(first, second)].append(sentence)
            links[source][(second, first)].append(sentence)

    if juror_actor_ids and app_actor_ids:
        project_rows = (
            ProjectPartner.objects.filter(actor_id__in=all_ids)
            .filter(Q(project__end_date__isnull=True) | Q(project__end_date__gte=window_start))
            .filter(Q(project__start_date__isnull=True) | Q(project__start_date__lte=today))
            .values_list(
                "project_id",
                "actor_id",
                "project__title",
                "project__start_date",
                "project__end_date",
            )
            .order_by("project_id", "actor_id")
        )
        projects: dict[int, tuple[str, set[int]]] = {}
        for project_id, actor_id, title, start, end in project_rows:
            entry = projects.setdefault(project_id, (title, start, end, set()))
            entry[3].add(actor_id)
        for title, start, end, actors in projects.values():
            for first in actors & juror_actor_ids:
                for second in actors & app_actor_ids:
                    link(
                        ConflictSource.SHARED_PROJECT,
                        first,
                        second,
                        _(
                            "%(first)s und %(second)s sind Partner im Projekt „%(project)s“ "
                            "(%(start)s–%(end)s)."
                        )
                        % {
                            "first": names[first],
                            "second": names[second],
                            "project": title,
                            "start": _date(start),
                            "end": _date(end),
                        },
                    )

        interest_rows = (
            Interest.objects.filter(status=InterestStatus.ACCEPTED)
            .filter(
                Q(listing__owner_actor_id__in=juror_actor_ids, actor_id__in=app_actor_ids)
                | Q(listing__owner_actor_id__in=app_actor_ids, actor_id__in=juror_actor_ids)
            )
            .values_list("listing__owner_actor_id", "actor_id", "listing__title")
            .order_by("pk")
        )
        for owner, actor_id, listing_title in interest_rows:
            link(
                ConflictSource.ACCEPTED_INTEREST,
                owner,
                actor_id,
                _(
                    "%(actor)s hat Interesse am Eintrag „%(listing)s“ von %(owner)s bekundet, "
                    "und es wurde angenommen."
                )
                % {"actor": names[actor_id], "listing": listing_title, "owner": names[owner]},
            )

        seats: dict[str, list[tuple[int, datetime.date | None, datetime.date | None]]] = (
            defaultdict(list)
        )
        for actor_id, body, since, until in (
            BodySeat.objects.filter(cluster_id=edition.cluster_id, actor_id__in=all_ids)
            .values_list("actor_id", "body", "since", "until")
            .order_by("body", "actor_id")
        ):
            seats[body].append((actor_id, since, until))
        for body, rows in seats.items():
            for first, first_since, first_until in rows:
                if first not in juror_actor_ids:
                    continue
                for second, second_since, second_until in rows:
                    if second not in app_actor_ids or second == first:
                        continue
                    spans = [(first_since, first_until), (second_since, second_until)]
                    if _overlap(spans, window_start, today):
                        link(
                            ConflictSource.BOARD_SEATS,
                            first,
                            second,
                            _("%(first)s und %(second)s sitzen gemeinsam im Gremium „%(body)s“.")
                            % {
                                "first": names[first],
                                "second": names[second],
                                "body": ClusterBody(body).label,
                            },
                        )

    kinds = {
        ConflictSource.APPLICANT_PERSON: ConflictKind.PERSONAL,
        ConflictSource.SAME_ORGANISATION: ConflictKind.INSTITUTIONAL,
        ConflictSource.PARTNER_ORGANISATION: ConflictKind.INSTITUTIONAL,
        ConflictSource.SHARED_PROJECT: ConflictKind.COLLABORATOR,
        ConflictSource.ACCEPTED_INTEREST: ConflictKind.COLLABORATOR,
        ConflictSource.BOARD_SEATS: ConflictKind.COLLABORATOR,
    }
    found: list[ProposedConflict] = []
    for member in members:
        juror = str(member.user)
        orgs = member_orgs[member.pk]
        for application in applications:
            evidence: dict[str, list[str]] = defaultdict(list)
            if application.created_by_id == member.user_id:
                evidence[ConflictSource.APPLICANT_PERSON].append(
                    _("%(juror)s hat die Bewerbung „%(title)s“ selbst angelegt.")
                    % {"juror": juror, "title": application.title}
                )
            for actor_id in sorted(orgs):
                how = orgs[actor_id]
                if actor_id == application.applicant_id:
                    evidence[ConflictSource.SAME_ORGANISATION].append(
                        _("%(juror)s %(how)s %(org)s, dem Bewerber.")
                        % {"juror": juror, "how": how, "org": names[actor_id]}
                    )
                elif actor_id in partners.get(application.pk, ()):
                    evidence[ConflictSource.PARTNER_ORGANISATION].append(
                        _("%(juror)s %(how)s %(org)s, einem Partner der Bewerbung.")
                        % {"juror": juror, "how": how, "org": names[actor_id]}
                    )
                for source in links:
                    for other in sorted(app_orgs[application.pk]):
                        for sentence in links[source].get((actor_id, other), ()):
                            if sentence not in evidence[source]:
                                evidence[source].append(sentence)
            for source in kinds:
                if evidence.get(source):
                    found.append(
                        ProposedConflict(
                            jury_member=member,
                            application=application,
                            kind=kinds[source],
                            source=source,
                            evidence=" ".join(evidence[source])[:EVIDENCE_MAX],
                        )
                    )
    return found
