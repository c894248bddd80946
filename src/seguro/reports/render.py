"""A report as HTML (a page with its charts and definitions), PDF (WeasyPrint, with an annex of
definitions) or JSON (the figures nested by the keys of the seeds' figures.yaml)."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from seguro.reports.charts import chart_svg
from seguro.reports.figures import Report, show_value


def _context(report: Report, *, for_print: bool) -> dict[str, Any]:
    sections = []
    for section in report.sections:
        sections.append(
            {
                "code": section.code,
                "title": section.title,
                "figures": [
                    {"figure": f, "shown": f.shown()}
                    for f in section.figures
                    if not isinstance(f.value, list)
                    or not any(isinstance(v, dict) for v in f.value)
                ],
                "tables": [
                    {
                        "table": t,
                        "rows": [[_cell(c) for c in row] for row in t.rows],
                        "total": [_cell(c) for c in t.total] if t.total else None,
                    }
                    for t in section.tables
                ],
                "charts": [
                    chart_svg(c, f"{section.code}-{i}") for i, c in enumerate(section.charts)
                ],
                "notes": section.notes,
            }
        )
    return {"report": report, "scope": report.scope, "sections": sections, "for_print": for_print}


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return show_value(value, "")
    if isinstance(value, Decimal):
        return show_value(int(value), "")
    return show_value(value, "")


def report_context(report: Report, *, for_print: bool = False) -> dict[str, Any]:
    return _context(report, for_print=for_print)


def report_html(report: Report, *, for_print: bool = False) -> str:
    """The standalone document (definitions beside each figure, and in an annex)."""
    return render_to_string("reports/report_print.html", _context(report, for_print=for_print))


def report_document(report: Report) -> Any:
    """The laid-out PDF document (WeasyPrint), for its pages or its bytes."""
    from weasyprint import HTML

    # WeasyPrint warns about every SVG presentation attribute it reads as CSS; only errors
    # matter here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = report_html(report, for_print=True)  # the annex of definitions goes at the end
    return HTML(string=html).render()


def report_pdf(report: Report) -> bytes:
    pdf: bytes = report_document(report).write_pdf()
    return pdf


def report_json(report: Report) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2, sort_keys=False)
