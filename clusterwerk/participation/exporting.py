"""Exports of a consultation's contributions: comments, ratings and proposals as CSV or XLSX.

Written by the platform's writers (`core.exports`): CSV in UTF-8 with BOM and ";" so that
spreadsheet programs open it directly; XLSX with a bold, frozen header row and every text cell
stored as text (never a formula). CSV cells that would run as formulas get a leading
apostrophe.

Two readers:
- the public export (from the result phase on): comments that are neither hidden nor deleted,
  proposals that are not hidden, ratings without names;
- the moderator's export (cluster management): also hidden comments and proposals, marked in
  the column "ausgeblendet" with the moderator's reason, and the names of the raters.
Deleted comments have no text any more and are never exported.

A comment on a proposal is a comment about the proposal's element: it is exported once, in the
rows of that element, with the proposal's number in "zum Vorschlag Nr." (empty for a comment on
the element itself). The results count it the same way (`queries.results`).

Each export runs a fixed number of queries (three for the plan elements, one or two for the
contributions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    XlsxWorkbook,
    csv_bytes,
)
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.participation.models import Comment, Proposal, Rating
from clusterwerk.participation.queries import plan_elements

WHAT = ("comments", "ratings", "proposals")
FILE_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
CHUNK_SIZE = 2000  # contributions read per round from the cursor


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


@dataclass
class Table:
    """A sheet: its rows are produced while they are written (read from a cursor)."""

    title: str
    columns: list[str]
    rows: Iterable[list]
    count: Callable[[], int]  # the number of rows (one COUNT query)


def participant_name(user) -> str:
    """The name a contribution is shown with: the participant profile's display name."""
    if user is None:
        return _("gelöschtes Konto")
    profile = getattr(user, "participant_profile", None)
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.display_name or _("ohne Anzeigename")


def format_datetime(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def hidden_note(item) -> str:
    if not item.is_hidden:
        return ""
    return _("ausgeblendet: %(reason)s") % {"reason": item.hidden_reason or "–"}


def _element_lookup(consultation) -> dict[str, object]:
    return {element.lineage: element for element in plan_elements(consultation.edition)}


def _element_cells(elements, lineage) -> list[str]:
    element = elements.get(str(lineage))
    if element is None:
        return ["", "", _("(nicht in dieser Ausgabe)")]
    return [str(element.kind_label), element.number, element.title]


def _element_columns() -> list[str]:
    return [_("Elementart"), _("Nummer"), _("Element")]


def comments_table(consultation, *, moderator: bool) -> Table:
    elements = _element_lookup(consultation)
    comments = Comment.objects.filter(
        consultation=consultation, deleted_at__isnull=True
    ).select_related("author__participant_profile")
    if not moderator:
        comments = comments.filter(hidden_at__isnull=True)
    columns = [
        _("Nr."),
        *_element_columns(),
        _("Datum"),
        _("Anzeigename"),
        _("Kommentar"),
        _("Antwort auf Nr."),
        _("zum Vorschlag Nr."),
    ]
    if moderator:
        columns.append(_("ausgeblendet"))

    def rows() -> Iterator[list]:
        for comment in comments.order_by("created_at", "id").iterator(chunk_size=CHUNK_SIZE):
            row = [
                comment.pk,
                *_element_cells(elements, comment.element_lineage),
                format_datetime(comment.created_at),
                participant_name(comment.author),
                comment.body,
                comment.parent_id or "",
                comment.proposal_id or "",
            ]
            if moderator:
                row.append(hidden_note(comment))
            yield row

    return Table(_("Kommentare"), columns, rows(), comments.count)


def ratings_table(consultation, *, moderator: bool) -> Table:
    elements = _element_lookup(consultation)
    ratings = Rating.objects.filter(consultation=consultation).order_by("created_at", "id")
    if moderator:
        ratings = ratings.select_related("user__participant_profile")
    columns = [*_element_columns(), _("Relevanz (1–5)"), _("Priorität (1–3)"), _("Datum")]
    if moderator:
        columns.append(_("Anzeigename"))

    def rows() -> Iterator[list]:
        for rating in ratings.iterator(chunk_size=CHUNK_SIZE):
            row = [
                *_element_cells(elements, rating.element_lineage),
                rating.relevance,
                rating.priority,
                format_datetime(rating.updated_at),
            ]
            if moderator:
                row.append(participant_name(rating.user))
            yield row

    return Table(_("Bewertungen"), columns, rows(), ratings.count)


def field_label(name: str) -> str:
    if not name:
        return ""
    try:
        return str(TopicArea._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def proposals_table(consultation, *, moderator: bool) -> Table:
    elements = _element_lookup(consultation)
    proposals = (
        Proposal.objects.filter(consultation=consultation)
        .select_related("author__participant_profile")
        .annotate(support_count=Count("supports"))
        .order_by("created_at", "id")
    )
    if not moderator:
        proposals = proposals.filter(hidden_at__isnull=True)
    columns = [
        _("Nr."),
        _("Art"),
        *_element_columns(),
        _("Textfeld"),
        _("Titel"),
        _("bisheriger Text"),
        _("vorgeschlagener Text"),
        _("Begründung"),
        _("Datum"),
        _("Anzeigename"),
        _("Status"),
        _("Unterstützungen"),
        _("Entscheidung"),
    ]
    if moderator:
        columns.append(_("ausgeblendet"))

    def rows() -> Iterator[list]:
        for proposal in proposals.iterator(chunk_size=CHUNK_SIZE):
            yield _proposal_row(proposal, elements, moderator)

    return Table(_("Vorschläge"), columns, rows(), proposals.count)


def _proposal_row(proposal, elements, moderator: bool) -> list:
    row = [
        proposal.pk,
        proposal.get_kind_display(),
        *_element_cells(elements, proposal.element_lineage),
        field_label(proposal.field),
        proposal.title,
        proposal.original_text,
        proposal.proposed_text,
        proposal.rationale,
        format_datetime(proposal.created_at),
        participant_name(proposal.author),
        proposal.get_status_display(),
        proposal.support_count,
        proposal.decision_note,
    ]
    if moderator:
        row.append(hidden_note(proposal))
    return row


TABLES = {"comments": comments_table, "ratings": ratings_table, "proposals": proposals_table}


def write_csv(table: Table) -> bytes:
    return csv_bytes(table.rows, header=table.columns)


def write_xlsx(table: Table) -> bytes:
    book = XlsxWorkbook()
    book.add_sheet(table.title, header=table.columns, rows=table.rows)
    return book.to_bytes()


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
FILE_STEMS = {"comments": "kommentare", "ratings": "bewertungen", "proposals": "vorschlaege"}


def contribution_table(consultation, what: str, *, moderator: bool) -> Table:
    """The sheet of `what` (in WHAT, else ValueError); its rows are read while written."""
    if what not in TABLES:
        raise ValueError(what)
    return TABLES[what](consultation, moderator=moderator)


def export_filename(consultation, what: str, file_format: str, *, moderator: bool) -> str:
    suffix = "-moderation" if moderator else ""
    return f"{consultation.slug}-{FILE_STEMS[what]}{suffix}.{file_format}"


def export_contributions(consultation, what: str, file_format: str, *, moderator: bool) -> Export:
    """The whole file in memory. `what` in WHAT, `file_format` in FILE_FORMATS (else
    ValueError)."""
    if what not in TABLES or file_format not in WRITERS:
        raise ValueError(f"{what}.{file_format}")
    table = contribution_table(consultation, what, moderator=moderator)
    filename = export_filename(consultation, what, file_format, moderator=moderator)
    return Export(WRITERS[file_format](table), CONTENT_TYPES[file_format], filename)
