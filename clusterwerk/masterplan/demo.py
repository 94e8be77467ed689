"""Demo content for `make run`: a Fortschreibung in progress, so that drafts, the history and
the comparison of editions have something to show. Written in our own words."""

from clusterwerk.masterplan.models import Edition, EditionStatus
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.masterplan.services import add_topic_area, revise_edition, update_element

DEMO_DRAFT_LABEL = "Fortschreibung 2026"


def create_demo_draft(*, cluster, manager) -> Edition | None:
    """A draft revision of the published edition with a few edits (only once)."""
    existing = Edition.objects.filter(cluster=cluster, label=DEMO_DRAFT_LABEL).first()
    if existing is not None:
        return None
    source = get_published_edition(cluster)
    if source is None:
        return None
    draft = revise_edition(source=source, label=DEMO_DRAFT_LABEL, user=manager)
    foresight = draft.topic_areas.filter(number="4.2.4").first()
    if foresight is not None:
        update_element(
            element=foresight,
            user=manager,
            expected_version=foresight.version,
            values={
                "goal": foresight.goal.rstrip(".")
                + ", mit einem jährlichen Trendradar für die Clusterbetriebe.",
                "keywords": [*foresight.keywords, "Trendradar"],
            },
        )
    key_point = draft.key_points.filter(number="4.3").first()
    if key_point is not None:
        add_topic_area(
            key_point=key_point,
            user=manager,
            title="Datenräume und Datenaustausch in der Lieferkette",
            goal=(
                "Betriebe befähigen, Produkt- und Prozessdaten sicher mit Kunden und Lieferanten "
                "zu teilen, etwa für den digitalen Produktpass."
            ),
            relevance=(
                "Abnehmer aus Fahrzeugbau und Energietechnik verlangen zunehmend Nachweise über "
                "Herkunft, CO2-Fußabdruck und Qualität entlang der Lieferkette."
            ),
            potential=(
                "Gemeinsame Standards und Pilotprojekte im Cluster senken für kleine Betriebe "
                "den Aufwand, an Datenräumen teilzunehmen."
            ),
            keywords=["Datenraum", "digitaler Produktpass", "Lieferkette", "Datenaustausch"],
        )
    return draft


def is_demo_ready(cluster) -> bool:
    return Edition.objects.filter(cluster=cluster, status=EditionStatus.PUBLISHED).exists()
