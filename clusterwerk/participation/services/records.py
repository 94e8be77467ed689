"""Interviews and workshops recorded by the cluster management of a cluster.

Both are part of a consultation's results (counted; interviews also per topic area). Only the
cluster management records them, and only for its own cluster.

- An interview is recorded after it took place: its date may not lie in the future. Topic
  areas are given by number ("4.2.1, 6.3.2") and stored by lineage of the cluster's published
  edition, so they survive the Fortschreibung.
- A workshop may be planned: its date may lie in the future. Its consultation and linked
  proposals must belong to the same cluster.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.participation.models import Interview, Workshop
from clusterwerk.participation.queries import (
    ensure_records_manager,
    topic_lineages,
    topic_number_map,
)

MAX_NOTES = 20000


def _held_on(value, errors: PayloadErrors, *, allow_future: bool):
    held_on = validation.date(
        value, "held_on", errors, required=True, required_message=_("Bitte geben Sie ein Datum an.")
    )
    if held_on is not None and not allow_future and held_on > timezone.localdate():
        errors.add(
            "held_on",
            _("Ein Interview wird nach dem Gespräch erfasst; das Datum liegt in der Zukunft."),
        )
    return held_on


def _check_consultation(cluster, consultation, errors: PayloadErrors) -> None:
    if consultation is not None and consultation.cluster_id != cluster.pk:
        errors.add("consultation", _("Die Beteiligung gehört zu einem anderen Cluster."))


def _topic_lineages(cluster, numbers, errors: PayloadErrors) -> list[str]:
    try:
        return topic_lineages(cluster, numbers)
    except ValidationError as error:
        for message in error.message_dict["topics"]:
            errors.add("topics", message)
        return []


# --- interviews ---------------------------------------------------------------------------


def _interview_values(cluster, values: dict) -> dict:
    errors = PayloadErrors()
    cleaned = {
        "held_on": _held_on(values.get("held_on"), errors, allow_future=False),
        "actor": values.get("actor"),
        "consultation": values.get("consultation"),
        "interviewee_function": validation.text(
            values.get("interviewee_function"),
            "interviewee_function",
            errors,
            max_length=200,
            required=True,
        ),
        "topic_lineages": _topic_lineages(cluster, values.get("topics", ""), errors),
        **{
            name: validation.text(values.get(name), name, errors, max_length=MAX_NOTES)
            for name in ("situation", "needs", "suggestions")
        },
        "consent_to_quote": validation.boolean(
            values.get("consent_to_quote"), "consent_to_quote", errors
        ),
    }
    if cleaned["actor"] is None:
        errors.add("actor", _("Bitte wählen Sie den Akteur der befragten Person."))
    _check_consultation(cluster, cleaned["consultation"], errors)
    errors.raise_if_any()
    return cleaned


@changes(versions.PARTICIPATION)
@transaction.atomic
def record_interview(*, user, cluster, **values) -> Interview:
    """`values`: held_on, actor, interviewee_function, topics (numbers), situation, needs,
    suggestions, consent_to_quote, consultation (optional)."""
    ensure_records_manager(user, cluster)
    interview = Interview(cluster=cluster, recorded_by=user, **_interview_values(cluster, values))
    interview.full_clean()
    interview.save()
    return interview


@changes(versions.PARTICIPATION)
@transaction.atomic
def update_interview(*, user, interview: Interview, **values) -> Interview:
    ensure_records_manager(user, interview.cluster)
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
    errors = PayloadErrors()
    fields = {
        "title": validation.text(
            values.get("title"), "title", errors, max_length=200, required=True
        ),
        "held_on": _held_on(values.get("held_on"), errors, allow_future=True),
        "consultation": values.get("consultation"),
        "participant_count": validation.integer(
            values.get("participant_count"), "participant_count", errors, minimum=0
        )
        or 0,
        "minutes": validation.text(
            values.get("minutes"), "minutes", errors, max_length=2 * MAX_NOTES
        ),
    }
    _check_consultation(cluster, fields["consultation"], errors)
    proposals = list(values.get("proposals") or [])
    if any(proposal.consultation.cluster_id != cluster.pk for proposal in proposals):
        errors.add(
            "proposals", _("Ein Vorschlag gehört zu einer Beteiligung eines anderen Clusters.")
        )
    errors.raise_if_any()
    return fields, list(values.get("participants") or []), proposals


@changes(versions.PARTICIPATION)
@transaction.atomic
def record_workshop(*, user, cluster, **values) -> Workshop:
    """`values`: title, held_on, participant_count, participants (actors), minutes, proposals,
    consultation (optional)."""
    ensure_records_manager(user, cluster)
    fields, participants, proposals = _workshop_values(cluster, values)
    workshop = Workshop(cluster=cluster, recorded_by=user, **fields)
    workshop.full_clean()
    workshop.save()
    workshop.participants.set(participants)
    workshop.proposals.set(proposals)
    return workshop


@changes(versions.PARTICIPATION)
@transaction.atomic
def update_workshop(*, user, workshop: Workshop, **values) -> Workshop:
    ensure_records_manager(user, workshop.cluster)
    fields, participants, proposals = _workshop_values(workshop.cluster, values)
    for name, value in fields.items():
        setattr(workshop, name, value)
    workshop.full_clean()
    workshop.save()
    workshop.participants.set(participants)
    workshop.proposals.set(proposals)
    return workshop
