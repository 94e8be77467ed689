"""The defaults of a new cycle: the five criteria of the issue with labelled steps, the radar's
five segments and four rings on the time horizon. The management changes them per cycle
before rating starts; they are data, not code paths."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from clusterwerk.foresight.models import CriterionRole

FIVE_STEPS = [
    _("sehr gering"),
    _("gering"),
    _("mittel"),
    _("hoch"),
    _("sehr hoch"),
]

DEFAULT_CRITERIA = [
    {
        "role": CriterionRole.IMPACT,
        "name": _("Wirkung auf das Cluster"),
        "question": _("Wie stark wird die Entwicklung die Unternehmen des Clusters verändern?"),
        "labels": FIVE_STEPS,
        "consensus_iqr": Decimal("1.0"),
    },
    {
        "role": CriterionRole.UNCERTAINTY,
        "name": _("Unsicherheit"),
        "question": _("Wie unsicher ist, ob und wie die Entwicklung eintritt?"),
        "labels": FIVE_STEPS,
        "consensus_iqr": Decimal("1.0"),
    },
    {
        "role": CriterionRole.HORIZON,
        "name": _("Zeithorizont"),
        "question": _("Wann wird die Entwicklung für das Cluster spürbar?"),
        "labels": [
            _("unter 2 Jahren"),
            _("2 bis 5 Jahre"),
            _("5 bis 10 Jahre"),
            _("über 10 Jahre"),
        ],
        "consensus_iqr": Decimal("1.0"),
    },
    {
        "role": CriterionRole.RELEVANCE,
        "name": _("Relevanz für Brandenburg"),
        "question": _("Wie wichtig ist die Entwicklung für die Wirtschaft im Land?"),
        "labels": FIVE_STEPS,
        "consensus_iqr": Decimal("1.0"),
    },
    {
        "role": CriterionRole.READINESS,
        "name": _("Bereitschaft des Clusters"),
        "question": _("Wie gut sind die Unternehmen des Clusters heute darauf vorbereitet?"),
        "labels": FIVE_STEPS,
        "consensus_iqr": Decimal("1.0"),
    },
]

DEFAULT_SEGMENTS = [
    _("Werkstoffe"),
    _("Fertigung"),
    _("Digitalisierung"),
    _("Energie & Mobilität"),
    _("Märkte & Regulierung"),
]

# Rings on the horizon scale 1–4: an item lies in the first ring whose upper bound its
# median does not exceed.
DEFAULT_RINGS = [
    (_("Jetzt handeln (unter 2 Jahren)"), Decimal("1.5")),
    (_("Vorbereiten (2–5 Jahre)"), Decimal("2.5")),
    (_("Beobachten (5–10 Jahre)"), Decimal("3.5")),
    (_("Im Blick behalten (über 10 Jahre)"), Decimal("4.0")),
]

# A gap signal: median impact at least this high and median horizon at most this far
# (steps of the default scales: "hoch" and "2 bis 5 Jahre").
GAP_MIN_IMPACT = Decimal("4")
GAP_MAX_HORIZON = Decimal("2")

EXPERTISE_LABELS = [
    _("gering"),
    _("eher gering"),
    _("mittel"),
    _("eher hoch"),
    _("sehr hoch"),
]
