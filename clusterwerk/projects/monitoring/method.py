"""How the report counts ("So wird gezählt"), for people: the definitions of the package
docstring in plain German, shown on the page and printed in the PDF. The portal adds the
definitions of the sections it contributes (`clusterwerk.portal.reports`)."""

from django.utils.translation import gettext_lazy as _

COUNTED_AND_LISTED = (
    _("Gezählt und aufgeführt"),
    _(
        "Alle Kennzahlen zählen sämtliche Projekte des Clusters, auch vertrauliche: "
        "Vertraulichkeit betrifft die Nennung eines Projekts, nicht seine Zählung. Seite, PDF, "
        "XLSX, CSV und JSON zeigen dieselben Zahlen, gleich wer sie abruft. Listen, die "
        "Projekte nennen (die Erfolgsgeschichten), zeigen nur freigegebene Projekte: "
        "öffentliche, für Mitglieder und das Clustermanagement auch die für sie freigegebenen."
    ),
)

DEFINITIONS = (
    COUNTED_AND_LISTED,
    (
        _("Durchgeführte Projekte"),
        _(
            "Projekte in den Phasen Initiierung bis abgeschlossen, deren Zeitraum das Jahr "
            "berührt. Der Zeitraum beginnt mit dem Projektbeginn oder dem Jahr der Initiierung "
            "(was früher liegt) und endet mit dem Projektende; abgeschlossene Projekte ohne "
            "Ende zählen bis zum Abschluss laut Phasenverlauf."
        ),
    ),
    (
        _("Neu initiierte Projekte"),
        _(
            "Projekte mit diesem Jahr der Initiierung, außer Ideen und Projekten, die vor dem "
            "Start abgebrochen wurden."
        ),
    ),
    (
        _("Volumen"),
        _(
            "Summen des Projekt- und Fördervolumens der neu initiierten Projekte; der Anteil "
            "in Berlin-Brandenburg über die Projekte, für die beide Beträge erfasst sind."
        ),
    ),
    (
        _("Konsortialstruktur"),
        _(
            "Unternehmen sind Unternehmen und Handwerksbetriebe, Wissenschaft sind Hochschulen "
            "und Forschungseinrichtungen."
        ),
    ),
    (
        _("Themen und Landkreise"),
        _("Nach dem Schwerpunkt-Themenbereich des Projekts und dem Sitz der Konsortialführung."),
    ),
    (
        _("Ergebnisse"),
        _("Nach dem Jahr des Ergebnisstands, ersatzweise des Projektendes."),
    ),
)
