"""Index terms of an actor for the directory search (see `clusterwerk.core.text`).

Three stored columns let the database both find and rank actors without loading them:
`search_name` (name and short name), `search_competences` (competence texts, descriptions and
keywords) and `search_document` (everything, including description, place and district).
Every write that changes one of these texts calls `index_actor` before saving.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from clusterwerk.core.text import build_search_document


@dataclass(frozen=True)
class ActorIndex:
    search_name: str
    search_competences: str
    search_document: str


def competence_texts(competences: Iterable) -> list[str]:
    """Texts of competences: model instances or dicts with text/description/keywords."""
    texts = []
    for competence in competences:
        if isinstance(competence, dict):
            text = competence.get("text", "")
            description = competence.get("description", "")
            keywords = competence.get("keywords") or []
        else:
            text, description, keywords = (
                competence.text,
                competence.description,
                competence.keywords or [],
            )
        texts.extend([text, description, ", ".join(keywords)])
    return [text for text in texts if text]


def build_actor_index(
    *,
    name: str,
    short_name: str = "",
    description: str = "",
    municipality: str = "",
    district_name: str = "",
    competences: Iterable = (),
) -> ActorIndex:
    competence_parts = competence_texts(competences)
    return ActorIndex(
        search_name=build_search_document(name, short_name),
        search_competences=build_search_document(*competence_parts),
        search_document=build_search_document(
            name, short_name, description, municipality, district_name, *competence_parts
        ),
    )


def index_actor(actor, competences: Iterable | None = None) -> None:
    """Set the actor's three index columns (does not save). Pass the competences when they are
    not saved yet; otherwise they are read from the database."""
    if competences is None:
        competences = list(actor.competences.all()) if actor.pk else []
    index = build_actor_index(
        name=actor.name,
        short_name=actor.short_name,
        description=actor.description,
        municipality=actor.municipality,
        district_name=actor.district.name if actor.district_id else "",
        competences=competences,
    )
    actor.search_name = index.search_name
    actor.search_competences = index.search_competences
    actor.search_document = index.search_document
