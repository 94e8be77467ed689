"""Bulk writes of the demo consultation (`participation.demo`): the demo participants'
accounts and profiles, their contributions recorded in one go, and removing the demo again.

Written by the cluster management of the cluster or the system user (`seed_demo`), never by a
participant: contributions recorded here skip the rules for people (audience, phase, posting
rate) and send no notifications, and they keep the dates they are given.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.models import User
from clusterwerk.actors.models import District
from clusterwerk.core import markdown, versions
from clusterwerk.core.versions import changes
from clusterwerk.participation.models import (
    Comment,
    Consultation,
    Interview,
    ParticipantProfile,
    Proposal,
    ProposalKind,
    Rating,
    Support,
    Workshop,
)
from clusterwerk.participation.permissions import can_manage_consultations


def _ensure_manager(user, cluster) -> None:
    if not can_manage_consultations(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement legt Demo-Daten an."))


@dataclass(frozen=True)
class DemoPerson:
    email: str
    display_name: str
    affiliation_type: str = ""
    district: District | None = None


@changes(versions.PARTICIPATION)
@transaction.atomic
def ensure_demo_participants(*, user, cluster, people: Sequence[DemoPerson]) -> list[User]:
    """The accounts (without a usable password) and participant profiles of demo people."""
    _ensure_manager(user, cluster)
    accounts = []
    for person in people:
        account, created = User.objects.get_or_create(email=person.email)
        if created:
            account.set_unusable_password()
            account.save(update_fields=["password"])
        ParticipantProfile.objects.update_or_create(
            user=account,
            defaults={
                "display_name": person.display_name,
                "affiliation_type": person.affiliation_type,
                "district": person.district,
            },
        )
        accounts.append(account)
    return accounts


@dataclass(frozen=True)
class RecordedComment:
    element: object  # a plan element of the consultation's edition
    author: User
    body: str
    created_at: datetime.datetime
    reply_to: int | None = None  # index of an earlier comment of the same list


@dataclass(frozen=True)
class RecordedRating:
    element: object
    user: User
    relevance: int
    priority: int


@dataclass(frozen=True)
class RecordedProposal:
    kind: str
    element: object  # the element to amend, or the key point of a new topic area
    author: User
    text: str
    created_at: datetime.datetime
    field: str = ""
    title: str = ""
    rationale: str = ""
    supporters: Sequence[User] = ()


def _check_elements(consultation, items) -> None:
    if any(item.element.edition_id != consultation.edition_id for item in items):
        raise ValidationError(
            {"element": [_("Ein Element gehört nicht zur Ausgabe der Beteiligung.")]}
        )


@changes(versions.PARTICIPATION)
@transaction.atomic
def record_contributions(
    *,
    user,
    consultation: Consultation,
    comments: Sequence[RecordedComment] = (),
    ratings: Sequence[RecordedRating] = (),
    proposals: Sequence[RecordedProposal] = (),
) -> tuple[list[Comment], list[Proposal]]:
    """Record comments (a reply sits on its parent's element), ratings, and proposals with
    their supports, with the given dates."""
    _ensure_manager(user, consultation.cluster)
    _check_elements(consultation, [*comments, *ratings, *proposals])
    created_comments: list[Comment] = []
    for item in comments:
        parent = created_comments[item.reply_to] if item.reply_to is not None else None
        created_comments.append(
            Comment.objects.create(
                consultation=consultation,
                element_kind=parent.element_kind if parent else item.element.kind,
                element_lineage=parent.element_lineage if parent else item.element.lineage,
                parent=parent,
                author=item.author,
                body=item.body,
                body_html=markdown.render(item.body),
            )
        )
    Rating.objects.bulk_create(
        Rating(
            consultation=consultation,
            element_kind=item.element.kind,
            element_lineage=item.element.lineage,
            user=item.user,
            relevance=item.relevance,
            priority=item.priority,
        )
        for item in ratings
    )
    created_proposals = []
    for item in proposals:
        amendment = item.kind == ProposalKind.AMENDMENT
        proposal = Proposal.objects.create(
            consultation=consultation,
            kind=item.kind,
            element_kind=item.element.kind,
            element_lineage=item.element.lineage,
            field=item.field if amendment else "",
            original_text=(getattr(item.element, item.field) or "") if amendment else "",
            proposed_text=item.text,
            title=item.title or (item.element.title[:300] if amendment else ""),
            rationale=item.rationale,
            author=item.author,
        )
        Support.objects.bulk_create(
            Support(proposal=proposal, user=supporter)
            for supporter in item.supporters
            if supporter.pk != item.author.pk
        )
        created_proposals.append(proposal)
    # auto_now_add has set "now"; the recorded dates go in afterwards.
    for model, items, created in (
        (Comment, comments, created_comments),
        (Proposal, proposals, created_proposals),
    ):
        for item, row in zip(items, created, strict=True):
            model.objects.filter(pk=row.pk).update(created_at=item.created_at)
            row.created_at = item.created_at
    return created_comments, created_proposals


@changes(versions.PARTICIPATION)
@transaction.atomic
def delete_demo_consultations(*, user, cluster) -> int:
    """Remove the cluster's demo consultations with their interviews and workshops."""
    _ensure_manager(user, cluster)
    consultations = Consultation.objects.filter(cluster=cluster, is_demo=True)
    Interview.objects.filter(consultation__in=consultations).delete()
    Workshop.objects.filter(consultation__in=consultations).delete()
    deleted, _by_model = consultations.delete()
    return deleted
