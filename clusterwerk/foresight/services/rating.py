"""Rating and commenting by the panel.

- `save_rating`: a panellist's answers on an item – one step per criterion or "kann ich nicht
  beurteilen" (None) – with reasons and the self-rated expertise (1–5). Only what is passed
  changes. Real time writes round 1 and keeps the first answer (`first_value`) for the
  stability; classic mode writes the current round. Outside the group's interquartile range
  a reason is required when the cycle says so (`feedback.reason_needed`).
- `add_comment`: anonymous comments (others see the pseudonym), one level of replies;
  `hide_comment`: the management takes a comment out of view (and may show it again).

Errors are German: a value outside the scale, a closed round or rating period (`phases`), a
non-panellist (403), a missing reason.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.core import versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.foresight import feedback, phases
from clusterwerk.foresight.models import Comment, Expertise, Item, Panellist, Rating
from clusterwerk.foresight.permissions import manages_foresight
from clusterwerk.foresight.queries import require_seat

REASON_MAX = 2000
COMMENT_MAX = 4000
EXPERTISE_MIN, EXPERTISE_MAX = 1, 5


def value_key(criterion_id: int) -> str:
    return f"c{criterion_id}"


def reason_key(criterion_id: int) -> str:
    return f"reason_{criterion_id}"


def _step(value, criterion, errors: PayloadErrors) -> int | None:
    """A step 1..steps, or None for "kann ich nicht beurteilen"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        number = None
    else:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = None
    if number is None or not 1 <= number <= criterion.steps:
        errors.add(
            value_key(criterion.pk),
            _(
                "„%(criterion)s“: Bitte eine Stufe von 1 bis %(steps)d wählen oder „kann ich "
                "nicht beurteilen“."
            )
            % {"criterion": criterion.name, "steps": criterion.steps},
        )
        return None
    return number


@changes(versions.FORESIGHT)
@transaction.atomic
def save_rating(
    *,
    user,
    item: Item,
    answers: dict,
    reasons: dict | None = None,
    expertise: int | None = None,
) -> list[Rating]:
    """Save the panellist's answers on `item` (criterion id → step, None = kann ich nicht
    beurteilen), reasons by criterion id and the expertise; returns the ratings written."""
    cycle = item.cycle
    seat = require_seat(user, cycle)
    phases.require(cycle, phases.RATE)
    seat = Panellist.objects.select_for_update().get(pk=seat.pk)
    criteria = {criterion.pk: criterion for criterion in cycle.criteria.all()}
    errors = PayloadErrors()
    answers = dict(answers or {})
    reasons = dict(reasons or {})

    def criterion_for(raw_id):
        try:
            return criteria.get(int(raw_id))
        except (TypeError, ValueError):
            return None

    clean: dict[int, int | None] = {}
    for raw_id, value in answers.items():
        criterion = criterion_for(raw_id)
        if criterion is None:
            errors.add("answers", _("Dieses Kriterium gehört nicht zu diesem Zyklus."))
            continue
        clean[criterion.pk] = _step(value, criterion, errors)
    clean_reasons: dict[int, str] = {}
    for raw_id, text in reasons.items():
        criterion = criterion_for(raw_id)
        if criterion is None:
            errors.add("reasons", _("Dieses Kriterium gehört nicht zu diesem Zyklus."))
            continue
        if text is not None and not isinstance(text, str):
            errors.add(reason_key(criterion.pk), _("Bitte einen Text angeben."))
            continue
        text = (text or "").strip()
        if len(text) > REASON_MAX:
            errors.add(
                reason_key(criterion.pk),
                _("Die Begründung darf höchstens %(max)d Zeichen lang sein.") % {"max": REASON_MAX},
            )
        clean_reasons[criterion.pk] = text
    level = None
    if expertise not in (None, ""):
        try:
            level = int(str(expertise).strip()) if not isinstance(expertise, bool) else None
        except (TypeError, ValueError):
            level = None
        if level is None or not EXPERTISE_MIN <= level <= EXPERTISE_MAX:
            errors.add("expertise", _("Bitte Ihre Expertise auf der Stufe 1 bis 5 angeben."))
            level = None

    round_number = feedback.answer_round(cycle)
    existing = {
        rating.criterion_id: rating
        for rating in Rating.objects.filter(item=item, panellist=seat, round=round_number)
    }
    for criterion_id in clean_reasons:
        if criterion_id not in clean and criterion_id not in existing:
            errors.add(
                reason_key(criterion_id),
                _("Bitte zuerst eine Stufe wählen, dann die Begründung."),
            )
    # The reason rule: an answer outside the group's IQR needs a reason.
    for criterion_id, value in clean.items():
        if value_key(criterion_id) in errors:
            continue
        old = existing.get(criterion_id)
        reason = clean_reasons.get(criterion_id, old.reason if old else "")
        if not reason and feedback.reason_needed(item, criteria[criterion_id], seat, value):
            errors.add(
                reason_key(criterion_id),
                _(
                    "„%(criterion)s“: Ihre Antwort liegt außerhalb des Quartilsabstands der "
                    "Gruppe. Bitte begründen Sie sie kurz – die Begründung sehen die anderen "
                    "ohne Ihren Namen."
                )
                % {"criterion": criteria[criterion_id].name},
            )
    errors.raise_if_any()

    written = []
    for criterion_id in sorted(set(clean) | set(clean_reasons)):
        rating = existing.get(criterion_id)
        if rating is None:
            value = clean[criterion_id]
            rating = Rating(
                item=item,
                criterion=criteria[criterion_id],
                panellist=seat,
                round=round_number,
                value=value,
                cannot_judge=value is None,
                first_value=value,
                reason=clean_reasons.get(criterion_id, ""),
            )
            rating.save()
            written.append(rating)
            continue
        fields = []
        if criterion_id in clean:
            value = clean[criterion_id]
            if (rating.value, rating.cannot_judge) != (value, value is None):
                rating.value, rating.cannot_judge = value, value is None
                fields += ["value", "cannot_judge"]
        if criterion_id in clean_reasons and rating.reason != clean_reasons[criterion_id]:
            rating.reason = clean_reasons[criterion_id]
            fields.append("reason")
        if fields:
            rating.save(update_fields=[*fields, "updated_at"])
        written.append(rating)
    if level is not None:
        Expertise.objects.update_or_create(panellist=seat, item=item, defaults={"level": level})
    return written


def progress(seat: Panellist) -> dict:
    """The seat's progress in the round answered now: item id → number of criteria answered;
    `done` counts the items with every criterion answered."""
    cycle = seat.cycle
    criteria_count = cycle.criteria.count()
    counts: dict[int, int] = {}
    for item_id in Rating.objects.filter(
        panellist=seat, round=feedback.answer_round(cycle)
    ).values_list("item_id", flat=True):
        counts[item_id] = counts.get(item_id, 0) + 1
    done = sum(1 for count in counts.values() if criteria_count and count >= criteria_count)
    return {"answered": counts, "done": done, "criteria": criteria_count}


# --- comments -------------------------------------------------------------------------------


@changes(versions.FORESIGHT)
@transaction.atomic
def add_comment(*, user, item: Item, body: str, parent: Comment | None = None) -> Comment:
    """An anonymous comment of a panellist on an item, or a reply to a top-level comment."""
    cycle = item.cycle
    seat = require_seat(user, cycle)
    phases.require(cycle, phases.COMMENT)
    errors = PayloadErrors()
    body = body.strip() if isinstance(body, str) else ""
    if not body:
        errors.add("body", _("Bitte schreiben Sie einen Kommentar."))
    elif len(body) > COMMENT_MAX:
        errors.add(
            "body",
            _("Der Kommentar darf höchstens %(max)d Zeichen lang sein.") % {"max": COMMENT_MAX},
        )
    if parent is not None:
        if parent.item_id != item.pk or parent.is_hidden:
            errors.add("parent", _("Auf diesen Kommentar können Sie nicht antworten."))
        elif parent.parent_id is not None:
            errors.add(
                "parent",
                _("Antworten sind nur auf Kommentare möglich, nicht auf Antworten."),
            )
    errors.raise_if_any()
    return Comment.objects.create(item=item, panellist=seat, parent=parent, body=body)


@changes(versions.FORESIGHT)
@transaction.atomic
def hide_comment(*, user, comment: Comment, hidden: bool = True) -> Comment:
    """The management hides a comment (with its replies) from the panel, or shows it again."""
    cycle = comment.item.cycle
    if not manages_foresight(user, cycle.cluster):
        raise PermissionDenied(_("Kommentare blendet nur das Clustermanagement aus."))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_hidden != bool(hidden):
        comment.is_hidden = bool(hidden)
        comment.save(update_fields=["is_hidden"])
    return comment


def visible_comments(item: Item, *, manager: bool) -> list[Comment]:
    """Top-level comments with their replies (attribute `shown_replies`); hidden ones only for
    the management."""
    comments = list(Comment.objects.filter(item=item).select_related("panellist"))
    if not manager:
        hidden = {c.pk for c in comments if c.is_hidden}
        comments = [c for c in comments if not c.is_hidden and c.parent_id not in hidden]
    top = [c for c in comments if c.parent_id is None]
    by_parent: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            by_parent.setdefault(comment.parent_id, []).append(comment)
    for comment in top:
        comment.shown_replies = by_parent.get(comment.pk, [])
    return top
