"""Interviews and workshops recorded by the cluster management.

Both are part of a consultation's results (counted; interviews also per topic area). Only the
cluster management records and reads them: interview notes are personal, and workshop minutes
are internal working material.

- An interview is recorded after it took place: its date may not lie in the future. Topic
  areas are given by number ("4.2.1, 6.3.2") and stored by lineage of the cluster's published
  edition, so they survive the Fortschreibung.
- A workshop may be planned: its date may lie in the future. Linked proposals must belong to
  a consultation of the same cluster.
"""

from __future__ import annotations

import datetime
import re
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.participation.models import Interview, Proposal, Workshop
from clusterwerk.participation.permissions import can_manage_consultations

MAX_NOTES = 20000


def ensure_manager(user, cluster) -> None:
    if not (user.is_authenticated and can_manage_consultations(user, cluster)):
        raise PermissionDenied(_("Interviews und Workshops erfasst nur das Clustermanagement."))


def interviews_for(user, cluster):
    ensure_manager(user, cluster)
    return Interview.objects.filter(cluster=cluster).select_related("actor", "consultation")


def workshops_for(user, cluster):
    ensure_manager(user, cluster)
    return (
        Workshop.objects.filter(cluster=cluster)
        .select_related("consultation")
        .prefetch_related("participants", "proposals")
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
    """Lineages (as strings) of the published edition's topic areas with these numbers."""
    numbers = parse_numbers(numbers)
    if not numbers:
        return []
    edition = get_published_edition(cluster)
    if edition is None:
        raise ValidationError(
            {"topics": [_("Es gibt noch keine veröffentlichte Ausgabe des Masterplans.")]}
        )
    found = dict(
        TopicArea.objects.filter(edition=edition, number__in=numbers).values_list(
            "number", "lineage"
        )
    )
    missing = [number for number in numbers if number not in found]
    if missing:
        raise ValidationError({"topics": [_("Unbekannte Themenbereiche: %s") % ", ".join(missing)]})
    return [str(found[number]) for number in numbers]


def topic_numbers(cluster, lineages) -> list[str]:
    """The numbers of the published edition for stored lineages (unknown ones are left out)."""
    edition = get_published_edition(cluster)
    if edition is None or not lineages:
        return []
    found = dict(
        TopicArea.objects.filter(edition=edition, lineage__in=list(lineages)).values_list(
            "lineage", "number"
        )
    )
    return [found[key] for key in (_uuid(lineage) for lineage in lineages) if key in found]


def topic_number_map(cluster) -> dict[str, str]:
    """Lineage (string) → number of every topic area of the published edition (one query)."""
    edition = get_published_edition(cluster)
    if edition is None:
        return {}
    return {
        str(lineage): number
        for lineage, number in TopicArea.objects.filter(edition=edition).values_list(
            "lineage", "number"
        )
    }


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- validation ---------------------------------------------------------------------------


def _text(value, key: str, *, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({key: [_("Dieses Feld ist erforderlich.")]})
    if len(value) > max_length:
        raise ValidationError({key: [_("Höchstens %(max)d Zeichen.") % {"max": max_length}]})
    return value


def _check_consultation(cluster, consultation) -> None:
    if consultation is not None and consultation.cluster_id != cluster.pk:
        raise ValidationError(
            {"consultation": [_("Die Beteiligung gehört zu einem anderen Cluster.")]}
        )


def _check_date(held_on, *, allow_future: bool) -> None:
    if not isinstance(held_on, datetime.date):
        raise ValidationError({"held_on": [_("Bitte geben Sie ein Datum an.")]})
    if not allow_future and held_on > timezone.localdate():
        raise ValidationError(
            {
                "held_on": [
                    _(
                        "Ein Interview wird nach dem Gespräch erfasst; das Datum liegt in der "
                        "Zukunft."
                    )
                ]
            }
        )


# --- interviews ---------------------------------------------------------------------------


def _interview_values(cluster, values: dict) -> dict:
    _check_date(values.get("held_on"), allow_future=False)
    if values.get("actor") is None:
        raise ValidationError({"actor": [_("Bitte wählen Sie den Akteur der befragten Person.")]})
    _check_consultation(cluster, values.get("consultation"))
    return {
        "held_on": values["held_on"],
        "actor": values["actor"],
        "consultation": values.get("consultation"),
        "interviewee_function": _text(
            values.get("interviewee_function"),
            "interviewee_function",
            max_length=200,
            required=True,
        ),
        "topic_lineages": topic_lineages(cluster, values.get("topics", "")),
        "situation": _text(values.get("situation"), "situation", max_length=MAX_NOTES),
        "needs": _text(values.get("needs"), "needs", max_length=MAX_NOTES),
        "suggestions": _text(values.get("suggestions"), "suggestions", max_length=MAX_NOTES),
        "consent_to_quote": bool(values.get("consent_to_quote")),
    }


@transaction.atomic
def record_interview(*, user, cluster, **values) -> Interview:
    """`values`: held_on, actor, interviewee_function, topics (numbers), situation, needs,
    suggestions, consent_to_quote, consultation (optional)."""
    ensure_manager(user, cluster)
    interview = Interview(cluster=cluster, recorded_by=user, **_interview_values(cluster, values))
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def update_interview(*, user, interview: Interview, **values) -> Interview:
    ensure_manager(user, interview.cluster)
    cleaned = _interview_values(interview.cluster, values)
    cleaned["topic_lineages"] = _kept_topics(interview, cleaned["topic_lineages"])
    for name, value in cleaned.items():
        setattr(interview, name, value)
    interview.full_clean()
    interview.save()
    return interview


def _kept_topics(interview: Interview, chosen: list[str]) -> list[str]:
    """The chosen topic areas, plus the interview's areas that the published edition does not
    have (nobody can pick or remove them by number). The same choice keeps the stored list."""
    known = topic_number_map(interview.cluster)
    current = [str(lineage) for lineage in interview.topic_lineages]
    if [lineage for lineage in current if lineage in known] == chosen:
        return current
    hidden = [lineage for lineage in current if lineage not in known]
    return chosen + [lineage for lineage in hidden if lineage not in chosen]


# --- workshops ----------------------------------------------------------------------------


def _workshop_values(cluster, values: dict) -> tuple[dict, list, list]:
    _check_date(values.get("held_on"), allow_future=True)
    _check_consultation(cluster, values.get("consultation"))
    count = values.get("participant_count") or 0
    if not isinstance(count, int) or count < 0:
        raise ValidationError({"participant_count": [_("Bitte eine Zahl ab 0 angeben.")]})
    proposals = list(values.get("proposals") or [])
    if any(proposal.consultation.cluster_id != cluster.pk for proposal in proposals):
        raise ValidationError(
            {"proposals": [_("Ein Vorschlag gehört zu einer Beteiligung eines anderen Clusters.")]}
        )
    fields = {
        "title": _text(values.get("title"), "title", max_length=200, required=True),
        "held_on": values["held_on"],
        "consultation": values.get("consultation"),
        "participant_count": count,
        "minutes": _text(values.get("minutes"), "minutes", max_length=MAX_NOTES * 2),
    }
    return fields, list(values.get("participants") or []), proposals


@transaction.atomic
def record_workshop(*, user, cluster, **values) -> Workshop:
    """`values`: title, held_on, participant_count, participants (actors), minutes, proposals,
    consultation (optional)."""
    ensure_manager(user, cluster)
    fields, participants, proposals = _workshop_values(cluster, values)
    workshop = Workshop(cluster=cluster, recorded_by=user, **fields)
    workshop.full_clean()
    workshop.save()
    workshop.participants.set(participants)
    workshop.proposals.set(proposals)
    return workshop


@transaction.atomic
def update_workshop(*, user, workshop: Workshop, **values) -> Workshop:
    ensure_manager(user, workshop.cluster)
    fields, participants, proposals = _workshop_values(workshop.cluster, values)
    for name, value in fields.items():
        setattr(workshop, name, value)
    workshop.full_clean()
    workshop.save()
    workshop.participants.set(participants)
    workshop.proposals.set(proposals)
    return workshop


def linkable_proposals(cluster):
    return (
        Proposal.objects.filter(consultation__cluster=cluster, hidden_at__isnull=True)
        .select_related("consultation")
        .order_by("-created_at", "-id")
    )
