"""The matrix as records (the command, the API) and as an XLSX workbook for the management –
built from `matrix.build_matrix` only, so the k rule of anonymity.py holds: suppressed cells
have no companies and no figures (None / empty), and every total is the sum of published
base cells."""

from django.utils.translation import gettext as _

from clusterwerk.core.exports import XlsxWorkbook
from clusterwerk.skills.matrix import Cell, Matrix, light_label

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_record(cell: Cell) -> dict:
    """One cell as the command prints it and the API returns it."""
    return {
        "occupation": cell.occupation.code,
        "occupation_title": cell.occupation.label,
        "district": cell.district.ags,
        "district_name": cell.district.name,
        "official_verdict": cell.official_verdict,
        "companies": cell.companies,
        "employees": cell.employees,
        "openings_12": cell.openings_12,
        "openings": cell.openings_36,
        "retirements": cell.retirements,
        "supply": cell.supply,
        "light": cell.light,
        "trend": cell.trend,
    }


def total_record(total) -> dict:
    return {
        "cells": total.cells,
        "companies": total.companies,
        "employees": total.employees,
        "openings_12": total.openings_12,
        "openings": total.openings_36,
        "retirements": total.retirements,
        "supply": total.supply,
    }


def _blank(value):
    return "" if value is None else value


def matrix_xlsx(matrix: Matrix, cluster) -> bytes:
    book = XlsxWorkbook()
    header = [
        _("KldB 2010"),
        _("Beruf"),
        _("AGS"),
        _("Kreis"),
        _("Engpassanalyse"),
        _("Betriebe"),
        _("Beschäftigte"),
        _("Offene Stellen 12 Monate"),
        _("Offene Stellen 36 Monate"),
        _("Ruhestand 5 Jahre"),
        _("Nachwuchs"),
        _("Ampel"),
        _("Trend"),
    ]
    book.add_sheet(
        _("Zellen"),
        header=header,
        heading=_(
            "Fachkräftematrix %(cluster)s %(year)s – Zahlen der Befragung nur bei mindestens "
            "5 Betrieben je Zelle"
        )
        % {"cluster": cluster.name, "year": matrix.year},
        rows=(
            [
                c.occupation.code,
                c.occupation.label,
                c.district.ags,
                c.district.name,
                c.verdict_label,
                _blank(c.companies),
                _blank(c.employees),
                _blank(c.openings_12),
                _blank(c.openings_36),
                _blank(c.retirements),
                c.supply,
                light_label(c.light),
                c.trend_text,
            ]
            for c in matrix.cells
        ),
    )
    total_header = [
        _("Schlüssel"),
        _("Bezeichnung"),
        _("Veröffentlichte Zellen"),
        _("Betriebe (Summe der Zellen)"),
        _("Beschäftigte"),
        _("Offene Stellen 12 Monate"),
        _("Offene Stellen 36 Monate"),
        _("Ruhestand 5 Jahre"),
        _("Nachwuchs"),
    ]

    def total_row(key, label, t):
        return [
            key,
            label,
            t.cells,
            t.companies,
            t.employees,
            t.openings_12,
            t.openings_36,
            t.retirements,
            t.supply,
        ]

    heading = _("Summen nur über veröffentlichte Zellen (Schutz vor Rückrechnung)")
    book.add_sheet(
        _("Summen je Beruf"),
        header=total_header,
        heading=heading,
        rows=[
            total_row(o.code, o.label, matrix.totals_by_occupation[o.pk])
            for o in matrix.occupations
        ]
        + [total_row("", _("Insgesamt"), matrix.total)],
    )
    book.add_sheet(
        _("Summen je Kreis"),
        header=total_header,
        heading=heading,
        rows=[total_row(d.ags, d.name, matrix.totals_by_district[d.pk]) for d in matrix.districts],
    )
    return book.to_bytes()
