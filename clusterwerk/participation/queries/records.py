"""Reads of interviews and workshops: only the cluster management of the cluster reads them
(interview notes are personal, workshop minutes internal working material), and only those of
the request's cluster; one of another cluster is a 404.

Topic areas are stored by lineage and shown by the number of the cluster's published edition
(`masterplan.queries.topic_catalogue`); a cluster without a published edition shows none.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.participation.models import Interview, Proposal, Workshop
from clusterwerk.participation.permissions import can_manage_consultations


def ensure_records_manager(user, cluster) -> None:
    if not can_manage_consultations(user, cluster):
        raise PermissionDenied(_("Interviews und Workshops erfasst nur das Clustermanagement."))


def interviews_for(user, cluster):
    ensure_records_manager(user, cluster)
    return Interview.objects.filter(cluster=cluster).select_related("actor", "consultation")


def workshops_for(user, cluster):
    ensure_records_manager(user, cluster)
    return (
        Workshop.objects.filter(cluster=cluster)
        .select_related("consultation")
        .prefetch_related("participants", "proposals")
    )


def get_interview_for_user(user, cluster, pk: int) -> Interview:
    """The funnel of interviews: 404 for an interview that is not the cluster's (whoever
    asks), 403 for anyone but the cluster's management."""
    if not cluster or not Interview.objects.filter(cluster=cluster, pk=pk).exists():
        raise Http404(_("Dieses Interview gibt es nicht."))
    return interviews_for(user, cluster).get(pk=pk)


def get_workshop_for_user(user, cluster, pk: int) -> Workshop:
    """The funnel of workshops: 404 for a workshop that is not the cluster's (whoever asks),
    403 for anyone but the cluster's management."""
    if not cluster or not Workshop.objects.filter(cluster=cluster, pk=pk).exists():
        raise Http404(_("Diesen Workshop gibt es nicht."))
    return workshops_for(user, cluster).get(pk=pk)


def linkable_proposals(cluster):
    return (
        Proposal.objects.filter(consultation__cluster=cluster, hidden_at__isnull=True)
        .select_related("consultation")
        .order_by("-created_at", "-id")
    )


# --- topic areas by number ----------------------------------------------------------------


def parse_numbers(value) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,;\s]+", value)
    numbers = []
    for item in value or []:
        item = str(item).strip().rstrip(".")
        if item and item not in numbers:
            numbers.append(item)
    return numbers


def topic_lineages(cluster, numbers) -> list[str]:
    """Lineages of the published edition's topic areas with these numbers, in the order
    given; a German ValidationError ("topics") for unknown numbers."""
    numbers = parse_numbers(numbers)
    if not numbers:
        return []
    catalogue = topic_catalogue(cluster)
    if catalogue.edition_id is None:
        raise ValidationError(
            {"topics": [_("Es gibt noch keine veröffentlichte Ausgabe des Masterplans.")]}
        )
    missing = [number for number in numbers if number not in catalogue.lineage_by_number]
    if missing:
        raise ValidationError({"topics": [_("Unbekannte Themenbereiche: %s") % ", ".join(missing)]})
    return [catalogue.lineage_by_number[number] for number in numbers]


def topic_numbers(cluster, lineages) -> list[str]:
    """The numbers of the published edition for stored lineages, in their stored order
    (lineages the edition does not have are left out)."""
    known = topic_catalogue(cluster).number_by_lineage
    return [known[str(lineage)] for lineage in lineages or [] if str(lineage) in known]


def topic_number_map(cluster) -> dict[str, str]:
    """Lineage → number of every topic area of the published edition."""
    return topic_catalogue(cluster).number_by_lineage
