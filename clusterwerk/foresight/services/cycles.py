"""Foresight cycles through their set-up and phases: create (with the default criteria, radar
segments and rings of `defaults.py`, optionally carrying the items of the previous cycle),
change texts, period and the consensus rule, the criteria with their labelled steps, the
radar's segments and rings, and the phase changes (open, close, reopen, next round, publish).

Cycle data is one JSON-safe format that forms and the API hand in:

    {"title": "…", "year": 2027, "slug": "foresight-2027", "description": "…",
     "period_start": "2027-02-01", "period_end": "2027-03-31", "mode": "realtime",
     "rounds_planned": 2, "min_answers": 3, "reason_outside_iqr": true,
     "ring_basis": "horizon", "previous": 4}

The consensus rule (mode, rounds, minimum of answers, reason rule) and the criteria are fixed
once rating opens; texts and the period stay editable while items may change; the ring basis
while the radar may be shaped. An update takes only the keys it is given.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.foresight import phases
from clusterwerk.foresight.defaults import DEFAULT_CRITERIA, DEFAULT_RINGS, DEFAULT_SEGMENTS
from clusterwerk.foresight.models import (
    Criterion,
    CriterionRole,
    Cycle,
    Item,
    ItemTopicArea,
    Mode,
    Panellist,
    Ring,
    RingBasis,
    Segment,
    Source,
    SourceKind,
    Status,
)
from clusterwerk.foresight.permissions import manages_foresight

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
MAX_CRITERIA = 12
MAX_STEPS = 11
MAX_LABEL = 120
MAX_SEGMENTS = 24
MAX_RINGS = 12
GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
# Fixed once rating opens (phases.EDIT_SETUP).
SETUP_FIELDS = ("mode", "rounds_planned", "min_answers", "reason_outside_iqr", "previous")
# Editable while items may change (phases.EDIT_ITEMS).
TEXT_FIELDS = ("title", "description", "period_start", "period_end")
# Part of the cycle's addresses and name: preparation only.
NAME_FIELDS = ("year", "slug")
RADAR_FIELDS = ("ring_basis",)
CYCLE_FIELDS = (*NAME_FIELDS, *TEXT_FIELDS, *SETUP_FIELDS, *RADAR_FIELDS)
RESERVED_SLUGS = {"neu"}
ACTIONS = ("open", "close", "reopen", "next_round", "publish")


def require_manager(user, cluster) -> None:
    if not manages_foresight(user, cluster):
        raise PermissionDenied(_("Foresight-Zyklen verwaltet das Clustermanagement."))


def locked(cycle: Cycle) -> Cycle:
    return (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("cluster", "previous")
        .get(pk=cycle.pk)
    )


def make_slug(title: str, year) -> str:
    base = slugify((title or "").translate(GERMAN_LETTERS))[:70].strip("-") or "foresight"
    suffix = str(year or "")
    if suffix and not base.endswith(suffix):
        base = f"{base}-{suffix}"
    return base[:80]


def _unique_slug(cluster, slug: str, exclude_pk=None) -> str:
    candidate, number = slug, 2
    others = Cycle.objects.filter(cluster=cluster).exclude(pk=exclude_pk)
    while others.filter(slug=candidate).exists():
        candidate = f"{slug[:75]}-{number}"
        number += 1
    return candidate


# --- the data format ---------------------------------------------------------------------------


def cycle_data(cycle: Cycle) -> dict:
    return {
        "title": cycle.title,
        "year": cycle.year,
        "slug": cycle.slug,
        "description": cycle.description,
        "period_start": cycle.period_start.isoformat() if cycle.period_start else None,
        "period_end": cycle.period_end.isoformat() if cycle.period_end else None,
        "mode": cycle.mode,
        "rounds_planned": cycle.rounds_planned,
        "min_answers": cycle.min_answers,
        "reason_outside_iqr": cycle.reason_outside_iqr,
        "ring_basis": cycle.ring_basis,
        "previous": cycle.previous_id,
    }


def _required_integer(value, key, errors, *, minimum, maximum):
    number = validation.integer(value, key, errors, minimum=minimum, maximum=maximum)
    if number is None and key not in errors:
        errors.add(key, _("Dieses Feld ist erforderlich."))
    return number


def _previous(value, cluster, errors: PayloadErrors, *, own_pk=None) -> Cycle | None:
    if value in (None, ""):
        return None
    cycle = None
    if isinstance(value, Cycle):
        cycle = value if value.cluster_id == cluster.pk else None
    elif not isinstance(value, bool):
        try:
            cycle = Cycle.objects.filter(cluster=cluster, pk=int(str(value).strip())).first()
        except (TypeError, ValueError):
            cycle = None
    if cycle is None or (own_pk is not None and cycle.pk == own_pk):
        errors.add("previous", _("Diesen Foresight-Zyklus gibt es in diesem Cluster nicht."))
        return None
    return cycle


def clean_cycle(data: dict, *, cluster, own_pk=None) -> dict:
    """Validate complete cycle data; the model values or a ValidationError with German
    messages by field."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Zyklus als Objekt senden."))
    errors = PayloadErrors()
    values = {
        "title": validation.text(
            data.get("title"), "title", errors, max_length=MAX_TITLE, required=True
        ),
        "year": _required_integer(data.get("year"), "year", errors, minimum=2000, maximum=2100),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=MAX_DESCRIPTION
        ),
        "period_start": validation.date(data.get("period_start"), "period_start", errors),
        "period_end": validation.date(data.get("period_end"), "period_end", errors),
        "mode": validation.choice(data.get("mode"), "mode", errors, Mode, default=Mode.REALTIME),
        "rounds_planned": _required_integer(
            data.get("rounds_planned"), "rounds_planned", errors, minimum=1, maximum=5
        ),
        "min_answers": _required_integer(
            data.get("min_answers"), "min_answers", errors, minimum=2, maximum=50
        ),
        "reason_outside_iqr": validation.boolean(
            data.get("reason_outside_iqr"), "reason_outside_iqr", errors, default=True
        ),
        "ring_basis": validation.choice(
            data.get("ring_basis"), "ring_basis", errors, RingBasis, default=RingBasis.HORIZON
        ),
        "previous": _previous(data.get("previous"), cluster, errors, own_pk=own_pk),
    }
    slug = validation.text(data.get("slug"), "slug", errors, max_length=80)
    if slug and (slugify(slug) != slug or slug != slug.lower() or slug in RESERVED_SLUGS):
        errors.add(
            "slug", _("Der Kurzname besteht nur aus Kleinbuchstaben, Ziffern und Bindestrichen.")
        )
    elif slug and Cycle.objects.filter(cluster=cluster, slug=slug).exclude(pk=own_pk).exists():
        errors.add("slug", _("Diesen Kurznamen hat schon ein anderer Zyklus."))
    values["slug"] = slug
    start, end = values["period_start"], values["period_end"]
    if start and end and end < start:
        errors.add("period_end", _("Das Ende der Bewertung liegt vor ihrem Beginn."))
    errors.raise_if_any()
    if not values["slug"]:
        values["slug"] = _unique_slug(
            cluster, make_slug(values["title"], values["year"]), exclude_pk=own_pk
        )
    return values


# --- cycles ------------------------------------------------------------------------------------


def _copy_defaults(cycle: Cycle) -> None:
    Criterion.objects.bulk_create(
        [
            Criterion(
                cycle=cycle,
                order=order,
                role=data["role"],
                name=str(data["name"]),
                question=str(data["question"]),
                labels=[str(label) for label in data["labels"]],
                consensus_iqr=data["consensus_iqr"],
            )
            for order, data in enumerate(DEFAULT_CRITERIA)
        ]
    )
    Segment.objects.bulk_create(
        [
            Segment(cycle=cycle, name=str(name), order=order)
            for order, name in enumerate(DEFAULT_SEGMENTS)
        ]
    )
    Ring.objects.bulk_create(
        [
            Ring(cycle=cycle, name=str(name), upper=upper, order=order)
            for order, (name, upper) in enumerate(DEFAULT_RINGS)
        ]
    )


def _carry_items(cycle: Cycle, previous: Cycle) -> int:
    """Copy the previous cycle's items: same key and lineage, `carried_from`, topics, tags,
    link sources and the segment of the same name."""
    segments = {segment.name: segment for segment in cycle.segments.all()}
    count = 0
    for old in previous.items.select_related("segment").prefetch_related("topic_areas", "sources"):
        item = Item.objects.create(
            cycle=cycle,
            key=old.key,
            lineage=old.lineage,
            title=old.title,
            description=old.description,
            kind=old.kind,
            steep=old.steep,
            segment=segments.get(old.segment.name) if old.segment else None,
            tags=list(old.tags or []),
            carried_from=old,
            origin=old.origin,
        )
        ItemTopicArea.objects.bulk_create(
            [ItemTopicArea(item=item, topic_lineage=t.topic_lineage) for t in old.topic_areas.all()]
        )
        Source.objects.bulk_create(
            [
                Source(item=item, kind=SourceKind.LINK, title=source.title, url=source.url)
                for source in old.sources.all()
                if source.kind == SourceKind.LINK
            ]
        )
        count += 1
    return count


@changes(versions.FORESIGHT)
@transaction.atomic
def create_cycle(
    *,
    user,
    cluster,
    title,
    year,
    slug="",
    mode=Mode.REALTIME,
    description="",
    period_start=None,
    period_end=None,
    previous=None,
    carry_items=False,
    **fields,
) -> Cycle:
    """A new cycle of `cluster` in preparation, with the default criteria, segments and rings;
    `carry_items` copies the items of `previous` (same key and lineage)."""
    require_manager(user, cluster)
    unknown = sorted(set(fields) - set(CYCLE_FIELDS))
    if unknown:
        raise ValidationError(_("Unbekannte Angaben: %(keys)s.") % {"keys": ", ".join(unknown)})
    data = {
        "rounds_planned": Cycle._meta.get_field("rounds_planned").default,
        "min_answers": Cycle._meta.get_field("min_answers").default,
        "reason_outside_iqr": True,
        "ring_basis": RingBasis.HORIZON,
        **fields,
        "title": title,
        "year": year,
        "slug": slug,
        "mode": mode,
        "description": description,
        "period_start": period_start,
        "period_end": period_end,
        "previous": previous,
    }
    values = clean_cycle(data, cluster=cluster)
    errors = PayloadErrors()
    carry = validation.boolean(carry_items, "carry_items", errors)
    if carry and values["previous"] is None:
        errors.add("carry_items", _("Items übernehmen geht nur mit einem vorherigen Zyklus."))
    errors.raise_if_any()
    cycle = Cycle(cluster=cluster, status=Status.PREPARATION, created_by=user, **values)
    cycle.full_clean(validate_constraints=False)
    cycle.save()
    _copy_defaults(cycle)
    if carry:
        _carry_items(cycle, values["previous"])
    return cycle


def edit_conflict(cycle: Cycle) -> EditConflict:
    return EditConflict(
        _("Jemand hat den Zyklus inzwischen geändert; bitte laden Sie die Seite neu."),
        obj=cycle,
        version=cycle.version,
        current=cycle_data(cycle),
    )


def _phase_for(name: str) -> str:
    if name in SETUP_FIELDS or name in NAME_FIELDS:
        return phases.EDIT_SETUP
    if name in RADAR_FIELDS:
        return phases.SHAPE_RADAR
    return phases.EDIT_ITEMS


@changes(versions.FORESIGHT)
@transaction.atomic
def update_cycle(*, user, cycle: Cycle, data: dict, expected_version: int) -> Cycle:
    """Change the given keys of `data` that differ from what is stored; the rest stays. The
    consensus rule, mode, year and slug only in preparation."""
    require_manager(user, cycle.cluster)
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Zyklus als Objekt senden."))
    unknown = sorted(set(data) - set(CYCLE_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unbekannte oder nicht änderbare Angaben: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    cycle = locked(cycle)
    if expected_version is not None and cycle.version != expected_version:
        raise edit_conflict(cycle)
    values = clean_cycle({**cycle_data(cycle), **data}, cluster=cycle.cluster, own_pk=cycle.pk)
    if "slug" in data and not (data.get("slug") or "").strip():
        values["slug"] = cycle.slug  # blank on an edit: keep the address
    changed = [
        name
        for name in data
        if (cycle.previous_id if name == "previous" else getattr(cycle, name))
        != (values[name].pk if name == "previous" and values[name] else values[name])
    ]
    if not changed:
        return cycle
    for name in changed:
        phases.require(cycle, _phase_for(name))
    for name in changed:
        setattr(cycle, name, values[name])
    cycle.version += 1
    cycle.full_clean(validate_constraints=False)
    cycle.save()
    return cycle


# --- criteria ----------------------------------------------------------------------------------


def _decimal(value, key, errors, *, maximum: Decimal) -> Decimal | None:
    if value in (None, "") or isinstance(value, bool):
        errors.add(key, _("Bitte eine Zahl angeben."))
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        errors.add(key, _("Bitte eine Zahl angeben."))
        return None
    if not number.is_finite() or not Decimal("0") <= number <= maximum:
        errors.add(key, _("Bitte eine Zahl von 0 bis %(max)s.") % {"max": maximum})
        return None
    if number != number.quantize(Decimal("0.1")):
        errors.add(key, _("Höchstens eine Nachkommastelle."))
        return None
    return number.quantize(Decimal("0.1"))


def _labels(value, key, errors) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors.add(key, _("Bitte die Stufen als Liste von Texten senden."))
        return []
    labels = [label.strip() for label in value if label.strip()]
    if len(labels) < 2:
        errors.add(key, _("Eine Skala braucht mindestens zwei beschriftete Stufen."))
    elif len(labels) > MAX_STEPS:
        errors.add(key, _("Höchstens %(max)d Stufen.") % {"max": MAX_STEPS})
    if any(len(label) > MAX_LABEL for label in labels):
        errors.add(key, _("Höchstens %(max)d Zeichen je Stufe.") % {"max": MAX_LABEL})
    return labels


CRITERION_FIELDS = ("role", "name", "question", "labels", "consensus_iqr")


@changes(versions.FORESIGHT)
@transaction.atomic
def save_criteria(*, user, cycle: Cycle, rows: list) -> list[Criterion]:
    """The cycle's criteria as a whole list, in order: a row with the `id` of a criterion
    changes it, one without adds it, a criterion missing from the list is removed. Each has
    a role (each except "other" at most once), a name, labelled steps (2–11) and the IQR up
    to which its answers count as consensus. Only in preparation."""
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    phases.require(cycle, phases.EDIT_SETUP)
    if not isinstance(rows, list | tuple):
        raise ValidationError(_("Bitte die Kriterien als Liste senden."))
    if not rows:
        raise ValidationError({"criteria": [_("Mindestens ein Kriterium ist nötig.")]})
    if len(rows) > MAX_CRITERIA:
        raise ValidationError(_("Höchstens %(max)d Kriterien.") % {"max": MAX_CRITERIA})
    existing = {criterion.pk: criterion for criterion in cycle.criteria.all()}
    errors = PayloadErrors()
    cleaned, roles = [], set()
    for index, row in enumerate(rows):
        prefix = f"criteria.{index}"
        if not isinstance(row, dict):
            errors.add(prefix, _("Bitte jedes Kriterium als Objekt senden."))
            continue
        pk = row.get("id")
        if pk not in (None, ""):
            try:
                pk = int(pk)
            except (TypeError, ValueError):
                pk = -1
            if pk not in existing:
                errors.add(prefix, _("Dieses Kriterium gehört nicht zu diesem Zyklus."))
        else:
            pk = None
        role = validation.choice(
            row.get("role"), f"{prefix}.role", errors, CriterionRole, default=CriterionRole.OTHER
        )
        if role != CriterionRole.OTHER and role in roles:
            errors.add(
                f"{prefix}.role",
                _("Die Bedeutung „%(role)s“ hat schon ein anderes Kriterium.")
                % {"role": CriterionRole(role).label},
            )
        roles.add(role)
        iqr = row.get("consensus_iqr")
        values = {
            "id": pk,
            "role": role,
            "name": validation.text(
                row.get("name"), f"{prefix}.name", errors, max_length=120, required=True
            ),
            "question": validation.text(
                row.get("question"), f"{prefix}.question", errors, max_length=300
            ),
            "labels": _labels(row.get("labels"), f"{prefix}.labels", errors),
            "consensus_iqr": Decimal("1.0")
            if iqr in (None, "")
            else _decimal(iqr, f"{prefix}.consensus_iqr", errors, maximum=Decimal("10")),
        }
        cleaned.append(values)
    errors.raise_if_any()
    kept = {row["id"] for row in cleaned if row["id"]}
    cycle.criteria.exclude(pk__in=kept).delete()
    saved = []
    for order, row in enumerate(cleaned):
        criterion = existing.get(row["id"]) or Criterion(cycle=cycle)
        wanted = {name: row[name] for name in CRITERION_FIELDS}
        wanted["order"] = order
        if criterion.pk and all(getattr(criterion, n) == v for n, v in wanted.items()):
            saved.append(criterion)
            continue
        for name, value in wanted.items():
            setattr(criterion, name, value)
        criterion.save()
        saved.append(criterion)
    return saved


# --- radar -------------------------------------------------------------------------------------


@changes(versions.FORESIGHT)
@transaction.atomic
def save_segments(*, user, cycle: Cycle, names: list) -> list[Segment]:
    """The radar's segments, in order (any number from 1). A segment keeps its items when its
    name stays; a new name takes the place of a dropped one (a rename) in order; the items of
    a segment that goes lose their segment."""
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    phases.require(cycle, phases.SHAPE_RADAR)
    errors = PayloadErrors()
    wanted = validation.string_list(names, "segments", errors, max_length=80)
    if len(wanted) > MAX_SEGMENTS:
        errors.add("segments", _("Höchstens %(max)d Segmente.") % {"max": MAX_SEGMENTS})
    if not wanted and "segments" not in errors:
        errors.add("segments", _("Das Radar braucht mindestens ein Segment."))
    errors.raise_if_any()
    existing = list(cycle.segments.all())
    by_name = {segment.name: segment for segment in existing}
    free = [segment for segment in existing if segment.name not in wanted]
    saved = []
    for order, name in enumerate(wanted):
        segment = by_name.get(name) or (free.pop(0) if free else Segment(cycle=cycle))
        if segment.pk and segment.name == name and segment.order == order:
            saved.append(segment)
            continue
        segment.name, segment.order = name, order
        segment.save()
        saved.append(segment)
    Segment.objects.filter(pk__in=[segment.pk for segment in free]).delete()
    return saved


def ring_criterion(cycle: Cycle) -> Criterion | None:
    """The criterion the rings are drawn on (`Cycle.ring_basis`)."""
    return cycle.criteria.filter(role=cycle.ring_basis).first()


@changes(versions.FORESIGHT)
@transaction.atomic
def save_rings(*, user, cycle: Cycle, rows: list) -> list[Ring]:
    """The radar's rings, innermost first, each `(name, upper)`: the upper bounds rise and lie
    within the scale of the ring criterion."""
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    phases.require(cycle, phases.SHAPE_RADAR)
    if not isinstance(rows, list | tuple):
        raise ValidationError(_("Bitte die Ringe als Liste senden."))
    errors = PayloadErrors()
    if not rows:
        errors.add("rings", _("Das Radar braucht mindestens einen Ring."))
    if len(rows) > MAX_RINGS:
        errors.add("rings", _("Höchstens %(max)d Ringe.") % {"max": MAX_RINGS})
    basis = ring_criterion(cycle)
    maximum = Decimal(basis.steps) if basis else Decimal("10")
    cleaned, previous_upper, names = [], None, set()
    for index, row in enumerate(rows):
        prefix = f"rings.{index}"
        if isinstance(row, dict):
            row = (row.get("name"), row.get("upper"))
        if not isinstance(row, list | tuple) or len(row) != 2:
            errors.add(prefix, _("Bitte jeden Ring als Name und Obergrenze senden."))
            continue
        name = validation.text(row[0], f"{prefix}.name", errors, max_length=80, required=True)
        if name and name in names:
            errors.add(f"{prefix}.name", _("Diesen Namen hat schon ein anderer Ring."))
        names.add(name)
        upper = _decimal(row[1], f"{prefix}.upper", errors, maximum=maximum)
        if upper is not None and previous_upper is not None and upper <= previous_upper:
            errors.add(
                f"{prefix}.upper",
                _("Die Obergrenze muss größer sein als die des inneren Rings (%(upper)s).")
                % {"upper": str(previous_upper).replace(".", ",")},
            )
        if upper is not None:
            previous_upper = upper
        cleaned.append((name, upper))
    errors.raise_if_any()
    existing = list(cycle.rings.all())
    saved = []
    for order, (name, upper) in enumerate(cleaned):
        ring = existing[order] if order < len(existing) else Ring(cycle=cycle)
        if ring.pk and (ring.name, ring.upper, ring.order) == (name, upper, order):
            saved.append(ring)
            continue
        ring.name, ring.upper, ring.order = name, upper, order
        ring.save()
        saved.append(ring)
    Ring.objects.filter(pk__in=[ring.pk for ring in existing[len(cleaned) :]]).delete()
    return saved


# --- phases ------------------------------------------------------------------------------------


def accepted_panellists(cycle: Cycle) -> int:
    return Panellist.objects.filter(cycle=cycle, accepted_at__isnull=False).count()


def blockers(cycle: Cycle, action: str) -> list[str]:
    """What is missing before `action` ("open", "close", "reopen", "next_round", "publish"),
    in German; an empty list: it can be done now (as far as the set-up goes)."""
    reasons: list[str] = []
    if action == "open":
        if cycle.status != Status.PREPARATION:
            return [_("Die Bewertung ist schon eröffnet.")]
        if not cycle.items.exists():
            reasons.append(_("Es gibt noch kein Item."))
        criteria = list(cycle.criteria.all())
        if not any(criterion.steps >= 2 for criterion in criteria):
            reasons.append(_("Es fehlt ein Kriterium mit mindestens zwei beschrifteten Stufen."))
        if not any(c.role == cycle.ring_basis and c.steps >= 2 for c in criteria):
            reasons.append(
                _("Für die Ringe („%(basis)s“) fehlt ein Kriterium dieser Bedeutung.")
                % {"basis": cycle.get_ring_basis_display()}
            )
        if not cycle.segments.exists():
            reasons.append(_("Das Radar hat noch kein Segment."))
        if not cycle.rings.exists():
            reasons.append(_("Das Radar hat noch keinen Ring."))
        if cycle.period_end and cycle.period_end < timezone.localdate():
            reasons.append(_("Das Ende des Bewertungszeitraums liegt in der Vergangenheit."))
        return reasons
    if action == "close":
        if cycle.status != Status.RATING:
            return [_("Geschlossen werden kann nur eine laufende Bewertung.")]
        return []
    if action == "reopen":
        if cycle.status != Status.EVALUATION:
            return [_("Wieder eröffnet werden kann nur eine geschlossene Bewertung.")]
        if cycle.period_end and cycle.period_end < timezone.localdate():
            return [_("Der Bewertungszeitraum ist vorbei; bitte verlängern Sie zuerst das Ende.")]
        return []
    if action == "next_round":
        if cycle.mode != Mode.ROUNDS:
            return [_("Runden gibt es nur bei klassischen Runden, nicht im Echtzeit-Delphi.")]
        if cycle.status != Status.RATING:
            return [_("Eine neue Runde beginnt nur während der Bewertung.")]
        if cycle.current_round >= cycle.rounds_planned:
            return [_("Alle %(n)d geplanten Runden sind begonnen.") % {"n": cycle.rounds_planned}]
        return []
    if action == "publish":
        if cycle.status != Status.EVALUATION:
            return [_("Veröffentlicht wird nach dem Schließen der Bewertung.")]
        return []
    return [_("Unbekannter Schritt „%(action)s“.") % {"action": action}]


def warnings(cycle: Cycle) -> list[str]:
    """Hints that do not block opening: too few panellists for group feedback."""
    if cycle.status != Status.PREPARATION:
        return []
    accepted = accepted_panellists(cycle)
    if accepted < cycle.min_answers:
        return [
            _(
                "Erst %(n)d Panelmitglieder haben zugesagt; Gruppenrückmeldungen gibt es ab "
                "%(min)d Antworten."
            )
            % {"n": accepted, "min": cycle.min_answers}
        ]
    return []


def next_action(cycle: Cycle) -> str | None:
    return {
        Status.PREPARATION: "open",
        Status.RATING: "close",
        Status.EVALUATION: "publish",
    }.get(cycle.status)


def _check(cycle: Cycle, action: str) -> None:
    reasons = blockers(cycle, action)
    if reasons:
        raise ValidationError(reasons)


@changes(versions.FORESIGHT)
@transaction.atomic
def open_rating(*, user, cycle: Cycle) -> Cycle:
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    if cycle.status != Status.PREPARATION:
        raise phases.PhaseClosed(_("Die Bewertung ist schon eröffnet."))
    _check(cycle, "open")
    cycle.status, cycle.opened_at, cycle.current_round = Status.RATING, timezone.now(), 1
    if cycle.period_start is None:
        cycle.period_start = timezone.localdate()
    cycle.version += 1
    cycle.save()
    return cycle


@changes(versions.FORESIGHT)
@transaction.atomic
def close_rating(*, user, cycle: Cycle) -> Cycle:
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    phases.require(cycle, phases.CLOSE)
    cycle.status, cycle.closed_at = Status.EVALUATION, timezone.now()
    cycle.version += 1
    cycle.save()
    return cycle


@changes(versions.FORESIGHT)
@transaction.atomic
def reopen_rating(*, user, cycle: Cycle) -> Cycle:
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    phases.require(cycle, phases.REOPEN)
    _check(cycle, "reopen")
    cycle.status, cycle.closed_at = Status.RATING, None
    cycle.version += 1
    cycle.save()
    return cycle


@changes(versions.FORESIGHT)
@transaction.atomic
def next_round(*, user, cycle: Cycle) -> Cycle:
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    phases.require(cycle, phases.NEXT_ROUND)
    _check(cycle, "next_round")
    cycle.current_round += 1
    cycle.version += 1
    cycle.save()
    return cycle


@changes(versions.FORESIGHT)
@transaction.atomic
def publish(*, user, cycle: Cycle) -> Cycle:
    require_manager(user, cycle.cluster)
    cycle = locked(cycle)
    phases.require(cycle, phases.PUBLISH)
    cycle.status, cycle.published_at = Status.PUBLISHED, timezone.now()
    cycle.version += 1
    cycle.save()
    return cycle


TRANSITIONS = {
    "open": open_rating,
    "close": close_rating,
    "reopen": reopen_rating,
    "next_round": next_round,
    "publish": publish,
}


def transition(*, user, cycle: Cycle, action: str) -> Cycle:
    """One of the phase changes by name (pages and the API)."""
    if not isinstance(action, str) or action not in TRANSITIONS:
        raise ValidationError(
            {
                "action": [
                    _("Unbekannter Schritt; erlaubt: %(allowed)s.")
                    % {"allowed": ", ".join(ACTIONS)}
                ]
            }
        )
    return TRANSITIONS[action](user=user, cycle=cycle)
