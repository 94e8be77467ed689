"""The panel of a cycle: invited experts from the directory and beyond.

- `invite_panellist`: the management invites a person by name and e-mail with stakeholder
  group, district and (from the directory) organisation; the seat gets the next free
  pseudonym ("Expert/in 07") and a token; the invitation e-mail carries the accept link.
- `accept_invitation`: a logged-in user whose e-mail matches the invitation takes the seat
  (an existing account may accept at once; others register with that address first).
- `remove_panellist`: only a seat without answers (answers stay on record).
- `remind_panel`: the management reminds everyone with unanswered items; the mails go out
  from the task queue (`tasks.send_panel_reminders` → `send_reminders`).
- `expertise_matrix`: coverage per item and stakeholder group for the matrix page.
"""

import re
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Avg, Count
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.actors.models import Actor, District
from clusterwerk.core import versions
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.foresight import feedback, phases
from clusterwerk.foresight.models import (
    Cycle,
    Expertise,
    Item,
    Panellist,
    Rating,
    StakeholderGroup,
    Status,
)
from clusterwerk.foresight.permissions import forget_seat_cache, manages_foresight

NAME_MAX = 200
_PSEUDONYM = re.compile(r"(\d+)$")


def _check_manager(user, cycle: Cycle) -> None:
    if not manages_foresight(user, cycle.cluster):
        raise PermissionDenied(_("Das Panel verwaltet das Clustermanagement."))


def _next_pseudonym(cycle: Cycle) -> str:
    numbers = [
        int(match.group(1))
        for pseudonym in Panellist.objects.filter(cycle=cycle).values_list("pseudonym", flat=True)
        if (match := _PSEUDONYM.search(pseudonym))
    ]
    return _("Expert/in %(number)02d") % {"number": max(numbers, default=0) + 1}


def accept_url(panellist: Panellist) -> str:
    return cluster_url(panellist.cycle.cluster, reverse("foresight:accept", args=[panellist.token]))


def rate_url(cycle: Cycle) -> str:
    return cluster_url(cycle.cluster, reverse("foresight:rate", args=[cycle.slug]))


def _mail(template: str, panellist: Panellist, **context) -> None:
    text = render_to_string(
        f"foresight/email/{template}.txt",
        {"panellist": panellist, "cycle": panellist.cycle, **context},
    )
    subject, _blank, body = text.strip().partition("\n\n")
    send_email_later(subject=subject.strip(), body=body.strip() + "\n", to=[panellist.email])


@changes(versions.FORESIGHT)
@transaction.atomic
def invite_panellist(
    *,
    user,
    cycle: Cycle,
    name: str,
    email: str,
    stakeholder_group: str,
    district: District | None = None,
    actor: Actor | None = None,
) -> Panellist:
    """Invite an expert; the invitation e-mail goes out once the transaction commits."""
    _check_manager(user, cycle)
    phases.require(cycle, phases.MANAGE_PANEL)
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    errors = PayloadErrors()
    name = name.strip() if isinstance(name, str) else ""
    email = email.strip().lower() if isinstance(email, str) else ""
    if not name:
        errors.add("name", _("Bitte den Namen angeben."))
    elif len(name) > NAME_MAX:
        errors.add(
            "name", _("Der Name darf höchstens %(max)d Zeichen lang sein.") % {"max": NAME_MAX}
        )
    if not email:
        errors.add("email", _("Bitte die E-Mail-Adresse angeben."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", _("Bitte eine gültige E-Mail-Adresse angeben."))
        else:
            if Panellist.objects.filter(cycle=cycle, email__iexact=email).exists():
                errors.add("email", _("Diese Person ist schon in das Panel eingeladen."))
    if stakeholder_group not in StakeholderGroup.values:
        errors.add("stakeholder_group", _("Bitte die Gruppe wählen."))
    if district is not None and not isinstance(district, District):
        errors.add("district", _("Diesen Landkreis gibt es nicht."))
    if actor is not None and not isinstance(actor, Actor):
        errors.add("actor", _("Diese Organisation gibt es nicht im Verzeichnis."))
    errors.raise_if_any()
    if district is None and actor is not None and actor.district_id:
        district = actor.district
    panellist = Panellist.objects.create(
        cycle=cycle,
        name=name,
        email=email,
        pseudonym=_next_pseudonym(cycle),
        stakeholder_group=stakeholder_group,
        district=district,
        actor=actor,
        token=secrets.token_urlsafe(32),
        invited_at=timezone.now(),
    )
    _mail("invitation", panellist, url=accept_url(panellist))
    return panellist


def _mask(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


@changes(versions.FORESIGHT)
@transaction.atomic
def accept_invitation(*, user, token: str) -> Panellist:
    """The invited person takes the seat, logged in with the invited e-mail address."""
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an, um die Einladung anzunehmen."))
    panellist = (
        Panellist.objects.select_for_update(of=("self",))
        .select_related("cycle__cluster")
        .filter(token=str(token or ""))
        .first()
    )
    if panellist is None:
        raise Http404(_("Diese Einladung gibt es nicht (mehr)."))
    if panellist.accepted_at is not None:
        if panellist.user_id == user.pk:
            return panellist
        raise PermissionDenied(_("Diese Einladung ist schon angenommen."))
    if (user.email or "").strip().lower() != panellist.email.strip().lower():
        raise PermissionDenied(
            _(
                "Diese Einladung ging an eine andere E-Mail-Adresse (%(email)s). Bitte melden "
                "Sie sich mit dem Konto zu dieser Adresse an oder registrieren Sie sich damit."
            )
            % {"email": _mask(panellist.email)}
        )
    cycle = panellist.cycle
    if cycle.status not in (Status.PREPARATION, Status.RATING):
        raise PermissionDenied(
            _("Die Bewertung dieses Zyklus ist abgeschlossen; die Einladung gilt nicht mehr.")
        )
    if (
        Panellist.objects.filter(cycle=cycle, user=user, accepted_at__isnull=False)
        .exclude(pk=panellist.pk)
        .exists()
    ):
        raise ValidationError(_("Sie gehören diesem Panel schon an."))
    panellist.user = user
    panellist.accepted_at = timezone.now()
    panellist.save(update_fields=["user", "accepted_at"])
    forget_seat_cache(user)
    return panellist


@changes(versions.FORESIGHT)
@transaction.atomic
def remove_panellist(*, user, panellist: Panellist) -> None:
    """Take a seat out of the panel – not once the person has answered."""
    cycle = panellist.cycle
    _check_manager(user, cycle)
    phases.require(cycle, phases.MANAGE_PANEL)
    panellist = Panellist.objects.select_for_update().get(pk=panellist.pk)
    if Rating.objects.filter(panellist=panellist).exists():
        raise ValidationError(
            _(
                "%(pseudonym)s hat schon bewertet und bleibt deshalb im Panel; die Antworten "
                "gehören zum Ergebnis."
            )
            % {"pseudonym": panellist.pseudonym}
        )
    person = panellist.user
    panellist.delete()
    if person is not None:
        forget_seat_cache(person)


def open_items(panellist: Panellist) -> int:
    """How many items the seat has not fully answered in the round answered now."""
    cycle = panellist.cycle
    items = Item.objects.filter(cycle=cycle).count()
    criteria = cycle.criteria.count()
    if panellist.accepted_at is None:
        return items
    done = (
        Rating.objects.filter(panellist=panellist, round=feedback.answer_round(cycle))
        .values("item_id")
        .annotate(answered=Count("id"))
        .filter(answered__gte=criteria)
        .count()
    )
    return max(items - done, 0)


@changes(versions.FORESIGHT)
@transaction.atomic
def remind_panel(*, user, cycle: Cycle) -> int:
    """Remind everyone with unanswered items (open invitations too); returns how many."""
    from clusterwerk.foresight.tasks import send_panel_reminders

    _check_manager(user, cycle)
    phases.require(cycle, phases.MANAGE_PANEL)
    if cycle.status != Status.RATING:
        raise phases.PhaseClosed(_("Erinnern ist nur möglich, solange die Bewertung läuft."))
    ids = [
        panellist.pk
        for panellist in Panellist.objects.filter(cycle=cycle).select_related("cycle")
        if open_items(panellist) > 0
    ]
    if ids:
        cycle_id = cycle.pk
        transaction.on_commit(
            lambda: send_panel_reminders.enqueue(cycle_id=cycle_id, panellist_ids=ids)
        )
    return len(ids)


@transaction.atomic
def send_reminders(*, cycle_id: int, panellist_ids: list[int]) -> int:
    """Mail the reminders (run by the task): the accept link for open invitations, the rating
    page with the number of open items for the others. Returns the number of mails."""
    cycle = Cycle.objects.select_related("cluster").filter(pk=cycle_id).first()
    if cycle is None or cycle.status != Status.RATING:
        return 0
    sent = 0
    now = timezone.now()
    for panellist in Panellist.objects.select_for_update().filter(
        cycle=cycle, pk__in=panellist_ids
    ):
        panellist.cycle = cycle
        remaining = open_items(panellist)
        if remaining == 0:
            continue
        if panellist.accepted_at is None:
            _mail("reminder", panellist, url=accept_url(panellist), open=remaining, invited=True)
        else:
            _mail("reminder", panellist, url=rate_url(cycle), open=remaining, invited=False)
        panellist.reminded_at = now
        panellist.save(update_fields=["reminded_at"])
        sent += 1
    return sent


# --- the expertise matrix ---------------------------------------------------------------------


@dataclass
class MatrixCell:
    answers: int = 0
    panellists: int = 0
    mean_expertise: Decimal | None = None


@dataclass
class MatrixRow:
    item: Item
    cells: list[MatrixCell] = field(default_factory=list)
    answers: int = 0
    missing: list[Panellist] = field(default_factory=list)


def expertise_matrix(cycle: Cycle) -> tuple[list[tuple[str, str]], list[MatrixRow]]:
    """Items × stakeholder groups: how many accepted panellists of the group answered the
    item (at least one criterion in the round answered now) and their mean self-rated
    expertise; per item who has not answered yet. Constant number of queries."""
    groups = list(StakeholderGroup.choices)
    seats = list(Panellist.objects.filter(cycle=cycle, accepted_at__isnull=False))
    by_group: dict[str, int] = {}
    for seat in seats:
        by_group[seat.stakeholder_group] = by_group.get(seat.stakeholder_group, 0) + 1
    answered = set(
        Rating.objects.filter(item__cycle=cycle, round=feedback.answer_round(cycle))
        .values_list("item_id", "panellist_id")
        .distinct()
    )
    expertise = {
        (row["item_id"], row["panellist__stakeholder_group"]): row["mean"]
        for row in Expertise.objects.filter(item__cycle=cycle, panellist__accepted_at__isnull=False)
        .values("item_id", "panellist__stakeholder_group")
        .annotate(mean=Avg("level"))
    }
    rows = []
    for item in Item.objects.filter(cycle=cycle).order_by("key"):
        row = MatrixRow(item=item)
        for group, _label in groups:
            cell = MatrixCell(panellists=by_group.get(group, 0))
            cell.answers = sum(
                1
                for seat in seats
                if seat.stakeholder_group == group and (item.pk, seat.pk) in answered
            )
            mean = expertise.get((item.pk, group))
            if mean is not None:
                cell.mean_expertise = Decimal(str(mean)).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
            row.cells.append(cell)
        row.answers = sum(cell.answers for cell in row.cells)
        row.missing = [seat for seat in seats if (item.pk, seat.pk) not in answered]
        rows.append(row)
    return groups, rows
