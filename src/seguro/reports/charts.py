"""Charts as inline SVG, drawn by Matplotlib (bars, pies, monthly lines), like the seeds'.

The SVG is deterministic for the same data (no date metadata, fixed hash salt), so the same
report renders the same bytes, and it embeds no fonts or scripts: WeasyPrint prints it as is.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from seguro.reports.figures import Chart, grouped

PALETTE = ["#0b5394", "#e69138", "#6aa84f", "#a64d79", "#45818e", "#cc0000", "#7f6000"]
plt.rcParams.update(
    {
        "svg.hashsalt": "seguro",
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _thousands(value: float, _pos: object) -> str:
    """Axis labels grouped as the figures beside them are (es-EC, Django's number format)."""
    return grouped(Decimal(round(value)), 0)


def _prefixed_ids(svg: str, prefix: str) -> str:
    """Matplotlib numbers its ids from 1 in every drawing; several drawings in one page need
    ids of their own (duplicate ids break the references between them)."""
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    return re.sub(r"(url\(#|href=\"#)([^)\"]+)", rf"\1{prefix}-\2", svg)


def chart_svg(chart: Chart, prefix: str = "g") -> str:
    """The chart as an <svg> element labelled for screen readers; ``prefix`` keeps its ids
    unique in a page with other charts."""
    figure, axes = plt.subplots(figsize=(6.4, 3.4))
    try:
        if chart.kind == "pie":
            values = chart.series[0][1]
            if sum(values) > 0:
                axes.pie(
                    values,
                    labels=None,
                    colors=PALETTE[: len(values)],
                    autopct=lambda p: f"{p:.0f} %" if p >= 3 else "",
                    startangle=90,
                    counterclock=False,
                )
                axes.legend(chart.labels, loc="center left", bbox_to_anchor=(1, 0.5), frameon=False)
            axes.set_aspect("equal")
        elif chart.kind == "line":
            for i, (name, values) in enumerate(chart.series):
                axes.plot(
                    chart.labels, values, marker="o", color=PALETTE[i % len(PALETTE)], label=name
                )
            axes.yaxis.set_major_formatter(FuncFormatter(_thousands))
            axes.tick_params(axis="x", labelrotation=45)
            axes.legend(frameon=False)
        else:
            count = len(chart.series)
            width = 0.8 / max(count, 1)
            positions = range(len(chart.labels))
            for i, (name, values) in enumerate(chart.series):
                axes.bar(
                    [p + i * width - 0.4 + width / 2 for p in positions],
                    values,
                    width=width,
                    color=PALETTE[i % len(PALETTE)],
                    label=name,
                )
            axes.set_xticks(
                list(positions),
                chart.labels,
                rotation=20 if len(chart.labels) > 3 else 0,
                ha="right" if len(chart.labels) > 3 else "center",
            )
            axes.yaxis.set_major_formatter(FuncFormatter(_thousands))
            if count > 1:
                axes.legend(frameon=False)
        axes.set_title(chart.title)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(figure)
    svg = buffer.getvalue()
    svg = _prefixed_ids(svg[svg.index("<svg") :], prefix)
    title = chart.title.replace("&", "&amp;").replace("<", "&lt;")
    return svg.replace(">", f' role="img" aria-label="{title}">', 1)
