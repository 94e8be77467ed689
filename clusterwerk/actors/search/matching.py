"""Whether query terms meet an actor's index columns, answered by the database.

The rule is `clusterwerk.core.text`'s (`QueryTerm.matches`): a term meets a column when all
needles of one of its alternatives meet one of the column's index terms; a needle meets a term
when it is the term, or – four characters or more, not a synonym key – lies inside a term
that is no synonym key. The database answers this from its term index (`index.py`: FTS5 on
SQLite, GIN on PostgreSQL): a substring needle is first turned into the whole index terms that
contain it (the vocabulary, inside the same SQL statement), then the documents are looked up
by whole terms only – the same on both databases, without scanning the documents.

`term_condition(term, column)` is the one public way to say "this term meets this column": a
`Q` on Actor (or, with a relation prefix such as "actor__search_document", on a model that
points to one), combinable with `&`, `|` and `~` like any other; it costs no query of its own.
"""

import functools
import operator

from django.db import NotSupportedError
from django.db.models import BigIntegerField, Case, Expression, IntegerField, Q, Value, When

from clusterwerk.actors.search.index import COLUMNS, match_subquery
from clusterwerk.core.text import QueryTerm

# Points of one query term by where it meets the actor (see `rank_expression`).
NAME_POINTS = 3
COMPETENCE_POINTS = 2
DOCUMENT_POINTS = 1


class TermIndexSubquery(Expression):
    """The ids of the actors whose index column meets one of the alternatives (tuples of
    needles), as a subquery; the SQL is built for the database at compile time."""

    output_field = BigIntegerField()

    def __init__(self, column: str, alternatives: tuple[tuple[str, ...], ...]):
        super().__init__()
        if column not in COLUMNS:
            raise ValueError(f"Not an index column: {column}")
        self.column = column
        self.alternatives = tuple(tuple(alternative) for alternative in alternatives)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.column!r}, {self.alternatives!r})"

    @property
    def identity(self):
        return (self.__class__, self.column, self.alternatives)

    def __eq__(self, other):
        return isinstance(other, TermIndexSubquery) and self.identity == other.identity

    def __hash__(self):
        return hash(self.identity)

    def as_sql(self, compiler, connection):
        if connection.vendor not in ("sqlite", "postgresql"):
            raise NotSupportedError("The actor search index exists on SQLite and PostgreSQL.")
        sql, params = match_subquery(connection.vendor, self.column, self.alternatives)
        return f"({sql})", params

    def get_group_by_cols(self):
        return []


def term_condition(term: QueryTerm, column: str) -> Q:
    """The term meets the index column (`search_document`, `search_competences` or
    `search_name`, optionally behind a relation: "actor__search_document"): OR across its
    alternatives, AND across their needles, by the rules of `core.text`."""
    path, _, field = column.rpartition("__")
    lookup = f"{path}__pk__in" if path else "pk__in"
    if not term.alternatives:
        return Q(**{lookup: []})  # matches nothing
    return Q(**{lookup: TermIndexSubquery(field, term.alternatives)})


def terms_condition(terms: list[QueryTerm], column: str) -> Q:
    """Every term meets the column (AND across the terms; everything without terms)."""
    return functools.reduce(operator.and_, (term_condition(term, column) for term in terms), Q())


def rank_expression(terms: list[QueryTerm]):
    """Per term 3 points for a name hit, 2 for a competence hit, 1 otherwise; summed."""
    cases = [
        Case(
            When(term_condition(term, "search_name"), then=Value(NAME_POINTS)),
            When(term_condition(term, "search_competences"), then=Value(COMPETENCE_POINTS)),
            default=Value(DOCUMENT_POINTS),
            output_field=IntegerField(),
        )
        for term in terms
    ]
    return functools.reduce(operator.add, cases)
