"""Shared builders for the results, export and decision tests."""

from clusterwerk.accounts.models import User
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import (
    Comment,
    ParticipantProfile,
    Proposal,
    ProposalKind,
    Rating,
    Support,
)


def topic(edition, number):
    return edition.topic_areas.get(number=number)


def person(email, *, name="", affiliation="", district=None):
    user = User.objects.create_user(email=email, password="x-Passwort-2026!")
    if name:
        ParticipantProfile.objects.create(
            user=user, display_name=name, affiliation_type=affiliation, district=district
        )
    return user


def comment(consultation, element, author, body="Ein Hinweis.", **extra):
    return Comment.objects.create(
        consultation=consultation,
        element_kind=element.kind,
        element_lineage=element.lineage,
        author=author,
        body=body,
        body_html=f"<p>{body}</p>",
        **extra,
    )


def rating(consultation, element, user, relevance, priority):
    return Rating.objects.create(
        consultation=consultation,
        element_kind=element.kind,
        element_lineage=element.lineage,
        user=user,
        relevance=relevance,
        priority=priority,
    )


def amendment(consultation, element, author, field="goal", text="Ein besseres Ziel.", **extra):
    return Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.AMENDMENT,
        element_kind=element.kind,
        element_lineage=element.lineage,
        field=field,
        original_text=getattr(element, field),
        proposed_text=text,
        title=element.title,
        author=author,
        **extra,
    )


def topic_proposal(consultation, key_point, author, title="Wasserstoff in der Metallverarbeitung"):
    return Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.NEW_TOPIC_AREA,
        element_kind=key_point.kind,
        element_lineage=key_point.lineage,
        proposed_text="Betriebe nutzen Wasserstoff als Energieträger.",
        title=title,
        author=author,
    )


def support(proposal, user):
    return Support.objects.create(proposal=proposal, user=user)


__all__ = ["make_edition"]
