"""Editions of the innovation prize through their set-up: create (with the default criteria
and rules of `defaults.py`), change the timeline, money and texts, the criteria with their
weights and labelled scale, the eligibility rules, and move the edition to its next phase.

Edition data is one JSON-safe format that forms and the API hand in:

    {"title": "…", "description": "…", "call_opens_at": "2027-01-15T09:00",
     "deadline": "2027-04-30T23:59", "formal_check_until": "2027-05-15",
     "scoring_until": "2027-06-15", "jury_meeting_on": "2027-06-20",
     "decision_on": "2027-06-20", "ceremony_on": "2027-09-10", "ceremony_event": 12,
     "prize_money": "10000.00", "max_winners": 3, "has_special_prize": true,
     "reviews_per_application": 3, "aggregation": "mean", "disagreement_threshold": "1.5",
     "max_attachment_mb": 10}

Times without an offset are local times (Europe/Berlin). An update takes only the keys it is
given; the rest stays as stored. → PUBLISHED happens only through the scoring part's
`decisions.release_decisions`, never here.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.models import ActorKind
from clusterwerk.award import phases
from clusterwerk.award.defaults import DEFAULT_CRITERIA, DEFAULT_RULES
from clusterwerk.award.models import (
    SCALE_MAX,
    SCALE_MIN,
    Aggregation,
    Application,
    ApplicationStatus,
    AuditAction,
    AwardEdition,
    Criterion,
    EligibilityRule,
    FormalCheck,
    JuryMember,
    Phase,
    RuleKind,
    Stage,
)
from clusterwerk.award.permissions import manages_award
from clusterwerk.award.services import audit
from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.events.models import Event

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
MAX_CRITERIA = 12
MAX_LABEL = 300
SCALE_STEPS = SCALE_MAX - SCALE_MIN + 1
DATETIME_FIELDS = ("call_opens_at", "deadline")
DATE_FIELDS = (
    "formal_check_until",
    "scoring_until",
    "jury_meeting_on",
    "decision_on",
    "ceremony_on",
)
# The edition's fields an update may change (the year names the edition in its addresses).
EDITION_FIELDS = (
    "title",
    "description",
    *DATETIME_FIELDS,
    *DATE_FIELDS,
    "ceremony_event",
    "prize_money",
    "max_winners",
    "has_special_prize",
    "reviews_per_application",
    "aggregation",
    "disagreement_threshold",
    "max_attachment_mb",
)
PARAMETER_KINDS = (
    RuleKind.MIN_STAGE,
    RuleKind.MAX_AGE_YEARS,
    RuleKind.MAX_ENTRIES,
    RuleKind.APPLICANT_KINDS,
)


def _require_manager(user, cluster) -> None:
    if not manages_award(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement verwaltet den Innovationspreis."))


def _require_own(edition: AwardEdition, cluster) -> None:
    if edition.cluster_id != cluster.pk:
        raise Http404(_("Diesen Preisjahrgang gibt es nicht."))


def _locked(edition: AwardEdition) -> AwardEdition:
    return AwardEdition.objects.select_for_update().select_related("cluster").get(pk=edition.pk)


# --- the data format ---------------------------------------------------------------------------


def edition_data(edition: AwardEdition) -> dict:
    """The edition in the data format (for forms and the API)."""

    def local(value):
        return timezone.localtime(value).isoformat(timespec="minutes") if value else None

    return {
        "title": edition.title,
        "description": edition.description,
        "call_opens_at": local(edition.call_opens_at),
        "deadline": local(edition.deadline),
        **{
            name: getattr(edition, name).isoformat() if getattr(edition, name) else None
            for name in DATE_FIELDS
        },
        "ceremony_event": edition.ceremony_event_id,
        "prize_money": str(edition.prize_money),
        "max_winners": edition.max_winners,
        "has_special_prize": edition.has_special_prize,
        "reviews_per_application": edition.reviews_per_application,
        "aggregation": edition.aggregation,
        "disagreement_threshold": str(edition.disagreement_threshold),
        "max_attachment_mb": edition.max_attachment_mb,
    }


def _datetime(value, key: str, errors: PayloadErrors, *, required=False):
    if isinstance(value, datetime.datetime):
        parsed = value
    elif value in (None, "") or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(key, _("Bitte Datum und Uhrzeit angeben."))
        return None
    elif not isinstance(value, str):
        errors.add(key, _("Bitte Datum und Uhrzeit angeben."))
        return None
    else:
        try:
            parsed = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            errors.add(key, _("Bitte Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM angeben."))
            return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if not 2000 <= parsed.year <= 2100:
        errors.add(key, _("Bitte ein Datum zwischen 2000 und 2100 angeben."))
        return None
    return parsed


def _decimal(value, key: str, errors: PayloadErrors, *, maximum: Decimal, places: int = 2):
    if value in (None, ""):
        errors.add(key, _("Dieses Feld ist erforderlich."))
        return None
    if isinstance(value, bool):
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
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        errors.add(key, _("Höchstens %(places)d Nachkommastellen.") % {"places": places})
        return None
    return number.quantize(quantum)


def _required_integer(value, key, errors, *, minimum, maximum):
    number = validation.integer(value, key, errors, minimum=minimum, maximum=maximum)
    if number is None and key not in errors:
        errors.add(key, _("Dieses Feld ist erforderlich."))
    return number


def _ceremony_event(value, cluster, errors: PayloadErrors) -> Event | None:
    if value in (None, ""):
        return None
    event = None
    if isinstance(value, Event):
        event = value if value.cluster_id == cluster.pk else None
    elif not isinstance(value, bool):
        try:
            event = Event.objects.filter(cluster=cluster, pk=int(str(value).strip())).first()
        except (TypeError, ValueError):
            event = None
    if event is None:
        errors.add("ceremony_event", _("Diese Veranstaltung gibt es in diesem Cluster nicht."))
    return event


def clean_edition(data: dict, *, cluster) -> dict:
    """Validate complete edition data; returns the model values or raises a ValidationError
    with German messages by field."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Preisjahrgang als Objekt senden."))
    errors = PayloadErrors()
    values = {
        "title": validation.text(
            data.get("title"), "title", errors, max_length=MAX_TITLE, required=True
        ),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=MAX_DESCRIPTION
        ),
        "call_opens_at": _datetime(data.get("call_opens_at"), "call_opens_at", errors),
        "deadline": _datetime(data.get("deadline"), "deadline", errors, required=True),
        **{name: validation.date(data.get(name), name, errors) for name in DATE_FIELDS},
        "ceremony_event": _ceremony_event(data.get("ceremony_event"), cluster, errors),
        "prize_money": _decimal(
            data.get("prize_money"), "prize_money", errors, maximum=Decimal("10000000")
        ),
        "max_winners": _required_integer(
            data.get("max_winners"), "max_winners", errors, minimum=1, maximum=10
        ),
        "has_special_prize": validation.boolean(
            data.get("has_special_prize"), "has_special_prize", errors
        ),
        "reviews_per_application": _required_integer(
            data.get("reviews_per_application"),
            "reviews_per_application",
            errors,
            minimum=1,
            maximum=20,
        ),
        "aggregation": validation.choice(
            data.get("aggregation"),
            "aggregation",
            errors,
            Aggregation,
            default=Aggregation.MEAN,
        ),
        "disagreement_threshold": _decimal(
            data.get("disagreement_threshold"),
            "disagreement_threshold",
            errors,
            maximum=Decimal("5"),
        ),
        "max_attachment_mb": _required_integer(
            data.get("max_attachment_mb"), "max_attachment_mb", errors, minimum=1, maximum=50
        ),
    }
    _check_timeline(values, errors)
    errors.raise_if_any()
    return values


TIMELINE_ORDER = (
    ("formal_check_until", gettext_lazy("Die formale Prüfung endet vor dem Einsendeschluss.")),
    ("scoring_until", gettext_lazy("Die Bewertung endet vor dem Ende der formalen Prüfung.")),
    ("jury_meeting_on", gettext_lazy("Die Jurysitzung liegt vor dem Ende der Bewertung.")),
    ("decision_on", gettext_lazy("Die Entscheidung liegt vor der Jurysitzung.")),
    ("ceremony_on", gettext_lazy("Die Preisverleihung liegt vor der Entscheidung.")),
)


def _check_timeline(values: dict, errors: PayloadErrors) -> None:
    """The plan in order: call opens < deadline ≤ formal check ≤ scoring ≤ jury meeting ≤
    decision ≤ ceremony (each compared with the latest earlier date that is set)."""
    opens, deadline = values["call_opens_at"], values["deadline"]
    if opens and deadline and opens >= deadline:
        errors.add("call_opens_at", _("Die Ausschreibung muss vor dem Einsendeschluss beginnen."))
    previous = timezone.localtime(deadline).date() if deadline else None
    for name, message in TIMELINE_ORDER:
        day = values[name]
        if day is None:
            continue
        if previous is not None and day < previous:
            errors.add(name, str(message))
        previous = day


# --- editions ----------------------------------------------------------------------------------


def _copy_defaults(edition: AwardEdition) -> None:
    Criterion.objects.bulk_create(
        [
            Criterion(
                edition=edition,
                order=order,
                key=data["key"],
                title=str(data["title"]),
                description=str(data["description"]),
                weight=data["weight"],
                knock_out_below=data["knock_out_below"],
                scale_labels=[str(label) for label in data["scale_labels"]],
            )
            for order, data in enumerate(DEFAULT_CRITERIA)
        ]
    )
    EligibilityRule.objects.bulk_create(
        [
            EligibilityRule(
                edition=edition, order=order, kind=data["kind"], parameter=str(data["parameter"])
            )
            for order, data in enumerate(DEFAULT_RULES)
        ]
    )


@changes(versions.AWARD)
@transaction.atomic
def create_edition(*, user, cluster, year, title, deadline, **fields) -> AwardEdition:
    """A new edition of `cluster` in preparation, with the default criteria and rules. The
    year is unique per cluster."""
    _require_manager(user, cluster)
    errors = PayloadErrors()
    number = _required_integer(year, "year", errors, minimum=2000, maximum=2100)
    unknown = sorted(set(fields) - set(EDITION_FIELDS))
    if unknown:
        raise ValidationError(_("Unbekannte Angaben: %(keys)s.") % {"keys": ", ".join(unknown)})
    defaults = {
        "prize_money": str(AwardEdition._meta.get_field("prize_money").default),
        "max_winners": AwardEdition._meta.get_field("max_winners").default,
        "has_special_prize": True,
        "reviews_per_application": AwardEdition._meta.get_field("reviews_per_application").default,
        "aggregation": Aggregation.MEAN,
        "disagreement_threshold": str(
            AwardEdition._meta.get_field("disagreement_threshold").default
        ),
        "max_attachment_mb": AwardEdition._meta.get_field("max_attachment_mb").default,
    }
    data = {**defaults, **fields, "title": title, "deadline": deadline}
    values: dict = {}
    try:
        values = clean_edition(data, cluster=cluster)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            for message in messages:
                errors.add(key, message)
    if number is not None and AwardEdition.objects.filter(cluster=cluster, year=number).exists():
        errors.add(
            "year",
            _("Für %(year)d gibt es in diesem Cluster schon einen Preisjahrgang.")
            % {"year": number},
        )
    errors.raise_if_any()
    edition = AwardEdition(cluster=cluster, year=number, phase=Phase.PREPARATION, **values)
    edition.full_clean(validate_constraints=False)
    edition.save()
    _copy_defaults(edition)
    return edition


@changes(versions.AWARD)
@transaction.atomic
def update_edition(*, user, cluster, edition: AwardEdition, data: dict) -> AwardEdition:
    """Change the given keys of `data`; the rest stays. Only while the set-up may change
    (preparation and call)."""
    _require_manager(user, cluster)
    _require_own(edition, cluster)
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Preisjahrgang als Objekt senden."))
    unknown = sorted(set(data) - set(EDITION_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unbekannte oder nicht änderbare Angaben: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    edition = _locked(edition)
    phases.require(edition, phases.EDIT_SETUP)
    current = edition_data(edition)
    values = clean_edition({**current, **data}, cluster=cluster)
    changed = [
        name
        for name in data
        if (getattr(edition, name) if name != "ceremony_event" else edition.ceremony_event)
        != values[name]
    ]
    if not changed:
        return edition
    for name in changed:
        setattr(edition, name, values[name])
    edition.full_clean(validate_constraints=False)
    edition.save()
    return edition


# --- criteria ----------------------------------------------------------------------------------


def _criterion_values(index: int, item, errors: PayloadErrors) -> dict | None:
    prefix = f"criteria.{index}"
    if not isinstance(item, dict):
        errors.add(prefix, _("Bitte jedes Kriterium als Objekt senden."))
        return None
    title = validation.text(
        item.get("title"), f"{prefix}.title", errors, max_length=200, required=True
    )
    key = validation.text(item.get("key"), f"{prefix}.key", errors, max_length=40)
    if not key and title:
        key = slugify(title.translate(GERMAN_LETTERS))[:40].strip("-")
    elif key and slugify(key) != key:
        errors.add(
            f"{prefix}.key",
            _("Die Kennung besteht nur aus Kleinbuchstaben, Ziffern und Bindestrichen."),
        )
    weight = _decimal(item.get("weight"), f"{prefix}.weight", errors, maximum=Decimal("999"))
    knock_out = validation.integer(
        item.get("knock_out_below"),
        f"{prefix}.knock_out_below",
        errors,
        minimum=SCALE_MIN,
        maximum=SCALE_MAX,
    )
    labels = item.get("scale_labels")
    if (
        not isinstance(labels, list | tuple)
        or len(labels) != SCALE_STEPS
        or not all(isinstance(label, str) and label.strip() for label in labels)
    ):
        errors.add(
            f"{prefix}.scale_labels",
            _("Jede Stufe von %(min)d bis %(max)d braucht einen Satz.")
            % {"min": SCALE_MIN, "max": SCALE_MAX},
        )
        labels = []
    else:
        labels = [label.strip() for label in labels]
        if any(len(label) > MAX_LABEL for label in labels):
            errors.add(
                f"{prefix}.scale_labels",
                _("Höchstens %(max)d Zeichen je Stufe.") % {"max": MAX_LABEL},
            )
    return {
        "id": item.get("id"),
        "key": key,
        "title": title,
        "description": validation.text(
            item.get("description"), f"{prefix}.description", errors, max_length=2000
        ),
        "weight": weight,
        "is_required": validation.boolean(
            item.get("is_required"), f"{prefix}.is_required", errors, default=True
        ),
        "knock_out_below": knock_out,
        "scale_labels": labels,
    }


GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
CRITERION_FIELDS = (
    "key",
    "title",
    "description",
    "weight",
    "is_required",
    "knock_out_below",
    "scale_labels",
)


@changes(versions.AWARD)
@transaction.atomic
def save_criteria(*, user, cluster, edition: AwardEdition, criteria: list) -> list[Criterion]:
    """The edition's criteria as a whole list, in order: an item with the `id` of a criterion
    changes it, one without adds it, a criterion missing from the list is removed. Each has a
    key (unique, made from the title when empty), title, weight ≥ 0, required or not, a
    knock-out threshold 0–5 or none, and exactly six scale labels; the weights add up to
    more than 0."""
    _require_manager(user, cluster)
    _require_own(edition, cluster)
    edition = _locked(edition)
    phases.require(edition, phases.EDIT_SETUP)
    if not isinstance(criteria, list | tuple):
        raise ValidationError(_("Bitte die Kriterien als Liste senden."))
    errors = PayloadErrors()
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(_("Höchstens %(max)d Kriterien.") % {"max": MAX_CRITERIA})
    existing = {criterion.pk: criterion for criterion in edition.criteria.all()}
    items = [_criterion_values(index, item, errors) for index, item in enumerate(criteria)]
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item is None:
            continue
        if item["id"] not in (None, ""):
            try:
                item["id"] = int(item["id"])
            except (TypeError, ValueError):
                item["id"] = -1
            if item["id"] not in existing:
                errors.add(
                    f"criteria.{index}", _("Dieses Kriterium gehört nicht zu diesem Jahrgang.")
                )
        else:
            item["id"] = None
        if item["key"]:
            if item["key"] in seen:
                errors.add(
                    f"criteria.{index}.key",
                    _("Die Kennung „%(key)s“ kommt zweimal vor.") % {"key": item["key"]},
                )
            seen[item["key"]] = index
    weights = [item["weight"] for item in items if item and item["weight"] is not None]
    if not errors and sum(weights, Decimal("0")) <= 0:
        errors.add(
            "criteria",
            _("Mindestens ein Kriterium braucht ein Gewicht über 0."),
        )
    errors.raise_if_any()
    kept = {item["id"] for item in items if item["id"]}
    edition.criteria.exclude(pk__in=kept).delete()
    # Keys move between criteria only through a free name: first park the changed ones.
    for item in items:
        criterion = existing.get(item["id"])
        if criterion is not None and criterion.key != item["key"]:
            Criterion.objects.filter(pk=criterion.pk).update(key=f"~{criterion.pk}")
    saved = []
    for order, item in enumerate(items):
        criterion = existing.get(item["id"]) or Criterion(edition=edition)
        wanted = {name: item[name] for name in CRITERION_FIELDS}
        wanted["order"] = order
        if criterion.pk and all(getattr(criterion, n) == v for n, v in wanted.items()):
            saved.append(criterion)
            continue
        for name, value in wanted.items():
            setattr(criterion, name, value)
        criterion.full_clean(exclude=["edition"], validate_constraints=False)
        criterion.save()
        saved.append(criterion)
    return saved


# --- rules -------------------------------------------------------------------------------------


def clean_rule_parameter(kind: str, value, key: str, errors: PayloadErrors) -> str:
    """The stored parameter of a rule of `kind`, validated."""
    if kind == RuleKind.MIN_STAGE:
        return validation.choice(
            value,
            key,
            errors,
            Stage,
            required=True,
            required_message=_("Bitte wählen Sie den Mindest-Entwicklungsstand."),
        )
    if kind in (RuleKind.MAX_AGE_YEARS, RuleKind.MAX_ENTRIES):
        number = validation.integer(value, key, errors, minimum=1, maximum=100)
        if number is None and key not in errors:
            errors.add(key, _("Bitte eine ganze Zahl ab 1 angeben."))
        return str(number) if number is not None else ""
    if kind == RuleKind.APPLICANT_KINDS:
        kinds = validation.string_list(value, key, errors)
        unknown = [item for item in kinds if item not in ActorKind.values]
        if unknown:
            errors.add(
                key,
                _("Unbekannte Art von Bewerbern: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            )
        elif not kinds and key not in errors:
            errors.add(key, _("Bitte mindestens eine Art von Bewerbern wählen."))
        return ",".join(item for item in kinds if item in ActorKind.values)
    return ""


@changes(versions.AWARD)
@transaction.atomic
def save_rules(*, user, cluster, edition: AwardEdition, rules: list) -> list[EligibilityRule]:
    """The edition's eligibility rules as a whole list, in order, each `{"kind", "parameter"}`
    (a kind at most once); a rule missing from the list is removed."""
    _require_manager(user, cluster)
    _require_own(edition, cluster)
    edition = _locked(edition)
    phases.require(edition, phases.EDIT_SETUP)
    if not isinstance(rules, list | tuple):
        raise ValidationError(_("Bitte die Teilnahmebedingungen als Liste senden."))
    errors = PayloadErrors()
    cleaned: list[tuple[str, str]] = []
    for index, item in enumerate(rules):
        if not isinstance(item, dict):
            errors.add(f"rules.{index}", _("Bitte jede Regel als Objekt senden."))
            continue
        kind = validation.choice(
            item.get("kind"), f"rules.{index}.kind", errors, RuleKind, required=True
        )
        if not kind:
            continue
        if kind in {k for k, _p in cleaned}:
            errors.add(
                f"rules.{index}.kind",
                _("Die Regel „%(rule)s“ kommt zweimal vor.") % {"rule": RuleKind(kind).label},
            )
            continue
        parameter = clean_rule_parameter(
            kind, item.get("parameter"), f"rules.{index}.parameter", errors
        )
        cleaned.append((kind, parameter))
    errors.raise_if_any()
    existing = {rule.kind: rule for rule in edition.rules.all()}
    edition.rules.exclude(kind__in=[kind for kind, _p in cleaned]).delete()
    saved = []
    for order, (kind, parameter) in enumerate(cleaned):
        rule = existing.get(kind) or EligibilityRule(edition=edition, kind=kind)
        if rule.pk and rule.parameter == parameter and rule.order == order:
            saved.append(rule)
            continue
        rule.parameter, rule.order = parameter, order
        rule.save()
        saved.append(rule)
    return saved


# --- phases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Precondition:
    """One condition of the next phase, met or not, in German."""

    label: str
    met: bool
    detail: str = ""


def _when(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return _("%(date)s um %(time)s Uhr") % {
        "date": date_format(local, "d.m.Y"),
        "time": date_format(local, "H:i"),
    }


def preconditions(edition: AwardEdition, target: str | None = None) -> list[Precondition]:
    """What moving `edition` to `target` (default: the next phase) needs, each met or not."""
    target = target or phases.next_phase(edition)
    now = timezone.now()
    if target == Phase.CALL:
        count = edition.criteria.count()
        return [
            Precondition(
                _("Mindestens ein Bewertungskriterium"),
                count > 0,
                "" if count else _("Es gibt noch kein Bewertungskriterium."),
            ),
            Precondition(
                _("Einsendeschluss in der Zukunft"),
                edition.deadline > now,
                ""
                if edition.deadline > now
                else _("Der Einsendeschluss (%(when)s) ist schon vorbei.")
                % {"when": _when(edition.deadline)},
            ),
        ]
    if target == Phase.FORMAL_CHECK:
        passed = now >= edition.deadline
        return [
            Precondition(
                _("Einsendeschluss erreicht"),
                passed,
                ""
                if passed
                else _("Der Einsendeschluss (%(when)s) ist noch nicht erreicht.")
                % {"when": _when(edition.deadline)},
            )
        ]
    if target == Phase.SCORING:
        return _scoring_preconditions(edition)
    if target == Phase.PUBLISHED:
        return [
            Precondition(
                _("Freigabe der Entscheidungen"),
                False,
                _(
                    "Veröffentlicht wird nicht hier, sondern mit „Entscheidungen veröffentlichen“ "
                    "auf der Seite der Entscheidung."
                ),
            )
        ]
    return []


def _scoring_preconditions(edition: AwardEdition) -> list[Precondition]:
    unchecked = Application.objects.filter(
        edition=edition, status=ApplicationStatus.SUBMITTED, formal_check=FormalCheck.PENDING
    ).count()
    in_competition = Application.objects.filter(
        edition=edition, status=ApplicationStatus.SUBMITTED
    ).exclude(formal_check=FormalCheck.INELIGIBLE)
    needed = edition.reviews_per_application
    short = in_competition.annotate(assigned=Count("reviews")).filter(assigned__lt=needed).count()
    without_declaration = JuryMember.objects.filter(
        edition=edition, confidentiality_accepted_at__isnull=True
    ).count()
    return [
        Precondition(
            _("Alle eingereichten Bewerbungen formal geprüft"),
            unchecked == 0,
            ""
            if unchecked == 0
            else _("%(n)d eingereichte Bewerbung(en) sind noch nicht formal geprüft.")
            % {"n": unchecked},
        ),
        Precondition(
            _("Jede Bewerbung hat mindestens %(n)d zugewiesene Bewertungen") % {"n": needed},
            short == 0,
            ""
            if short == 0
            else _("%(n)d Bewerbung(en) haben weniger als %(needed)d zugewiesene Bewertungen.")
            % {"n": short, "needed": needed},
        ),
        Precondition(
            _("Alle Jurymitglieder haben die Vertraulichkeitserklärung angenommen"),
            without_declaration == 0,
            ""
            if without_declaration == 0
            else _(
                "%(n)d Jurymitglied(er) haben die Vertraulichkeitserklärung noch nicht angenommen."
            )
            % {"n": without_declaration},
        ),
    ]


def blockers(edition: AwardEdition) -> list[str]:
    """The German reasons why the edition cannot move to its next phase now (none: it can)."""
    target = phases.next_phase(edition)
    if target is None:
        return [_("Der Jahrgang ist veröffentlicht; eine weitere Phase gibt es nicht.")]
    return [item.detail for item in preconditions(edition, target) if not item.met]


@changes(versions.AWARD)
@transaction.atomic
def advance_phase(*, user, cluster, edition: AwardEdition) -> AwardEdition:
    """Move the edition to its next phase when the preconditions are met (German reasons
    otherwise). Publication is not reached here but by releasing the decisions."""
    _require_manager(user, cluster)
    _require_own(edition, cluster)
    edition = _locked(edition)
    reasons = blockers(edition)
    if reasons:
        raise ValidationError(reasons)
    old, new = edition.phase, phases.next_phase(edition)
    edition.phase = new
    edition.save(update_fields=["phase", "updated_at"])
    audit.record(
        edition,
        user,
        AuditAction.PHASE,
        changes={"phase": [old, new]},
        message=_("Phase: %(old)s → %(new)s") % {"old": Phase(old).label, "new": Phase(new).label},
    )
    return edition
