"""The defaults of a new edition: the real prize's criteria (Innovationshöhe, Marktchancen,
Relevanz für Brandenburg, soziale Aspekte) and its published eligibility rules (site in
Brandenburg, at least a prototype or experimental development, at most about three years
old, up to three entries per applicant, research institutions only with a company). The
management changes them per edition; these are data, not code paths."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from clusterwerk.award.models import RuleKind, Stage

DEFAULT_CRITERIA = [
    {
        "key": "innovation",
        "title": _("Innovationshöhe"),
        "description": _("Wie neu ist die Lösung gegenüber dem Stand der Technik?"),
        "weight": Decimal("0.35"),
        "knock_out_below": 1,
        "scale_labels": [
            _("Keine Neuerung erkennbar."),
            _("Geringe Verbesserung von Bekanntem."),
            _("Deutliche Verbesserung im eigenen Betrieb."),
            _("Neu für die Branche in der Region."),
            _("Neu für die Branche in Deutschland."),
            _("Neu auf dem Weltmarkt oder ein technischer Durchbruch."),
        ],
    },
    {
        "key": "market",
        "title": _("Marktchancen"),
        "description": _("Gibt es Kunden, einen Markt und einen Weg dorthin?"),
        "weight": Decimal("0.30"),
        "knock_out_below": None,
        "scale_labels": [
            _("Kein Markt erkennbar."),
            _("Markt nur vermutet, keine Kunden benannt."),
            _("Erste Kunden oder Anfragen."),
            _("Klarer Markt mit Vertriebsweg."),
            _("Wachsender Markt, erste Umsätze."),
            _("Großer Markt, belegte Umsätze und Wachstum."),
        ],
    },
    {
        "key": "relevance",
        "title": _("Relevanz für Brandenburg"),
        "description": _(
            "Stärkt die Innovation Beschäftigung, Wertschöpfung und Kooperation im Land?"
        ),
        "weight": Decimal("0.25"),
        "knock_out_below": None,
        "scale_labels": [
            _("Kein Bezug zum Land."),
            _("Geringer Bezug, Wertschöpfung überwiegend außerhalb."),
            _("Sichert Arbeitsplätze im eigenen Betrieb."),
            _("Schafft Arbeitsplätze oder Aufträge im Land."),
            _("Stärkt eine Wertschöpfungskette im Land."),
            _("Beispielgebend für die ganze Branche im Land."),
        ],
    },
    {
        "key": "social",
        "title": _("Soziale Aspekte"),
        "description": _("Arbeitsbedingungen, Ausbildung, Umwelt und Gesellschaft."),
        "weight": Decimal("0.10"),
        "knock_out_below": None,
        "scale_labels": [
            _("Keine Wirkung erkennbar."),
            _("Geringe Wirkung."),
            _("Spürbare Wirkung im Betrieb."),
            _("Deutliche Wirkung für Beschäftigte oder Umwelt."),
            _("Starke Wirkung über den Betrieb hinaus."),
            _("Vorbildlich für Arbeit, Ausbildung und Umwelt."),
        ],
    },
]

DEFAULT_RULES = [
    {"kind": RuleKind.SITE_IN_BRANDENBURG, "parameter": ""},
    {"kind": RuleKind.MIN_STAGE, "parameter": Stage.EXPERIMENTAL},
    {"kind": RuleKind.MAX_AGE_YEARS, "parameter": "3"},
    {"kind": RuleKind.MAX_ENTRIES, "parameter": "3"},
    {"kind": RuleKind.RESEARCH_NEEDS_COMPANY, "parameter": ""},
]
