"""Shared set-up of the moderation, notification and API tests: a published edition, a
consultation in its participation phase and a few people with participant profiles."""

from clusterwerk.masterplan.models import Edition, EditionStatus, ElementKind, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation import services
from clusterwerk.participation.models import ParticipantProfile, PhaseKind
from clusterwerk.participation.tests.factories import make_consultation


def consultation_in(cluster, phase: str = PhaseKind.PARTICIPATION, **kwargs):
    """A consultation on the cluster's published edition (made on first use)."""
    edition = Edition.objects.filter(cluster=cluster, status=EditionStatus.PUBLISHED).first()
    edition = edition or make_edition(cluster)
    return make_consultation(cluster, edition, phase=phase, **kwargs)


def topic_area_of(consultation) -> TopicArea:
    return TopicArea.objects.filter(edition=consultation.edition).order_by("number").first()


def profile(user, name: str, digest: str = "weekly") -> ParticipantProfile:
    return ParticipantProfile.objects.create(user=user, display_name=name, digest=digest)


def comment_on(consultation, user, body: str = "Ein sachlicher Beitrag.", parent=None):
    element = topic_area_of(consultation)
    return services.add_comment(
        user=user,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=element.lineage,
        body=body,
        parent=parent,
    )


def amendment_by(consultation, user, text: str = "Ein besserer Text für das Ziel."):
    element = topic_area_of(consultation)
    return services.propose_amendment(
        user=user,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=element.lineage,
        field="goal",
        text=text,
        rationale="Weil es klarer ist.",
    )
