"""The sheets that show the inputs another way: Sweep and Ladder (formulas and native
charts), Sources and About (text).

The charts are the spreadsheet's own (openpyxl's LineChart and BarChart over cell ranges),
not pictures, so they redraw when an input changes.

``export`` lists them after the ``live_sheets``; both write through ``book``.
"""

from __future__ import annotations

from stakhanov import __version__
from stakhanov.calc.report import ladder as ladder_rows
from stakhanov.views.workbook.book import RUBLES, SHARE, Book, Choices, col
from stakhanov.views.workbook.live_sheets import (
    basis,
    bound,
    monthly_mid,
    monthly_or_open,
    open_end,
)

__all__ = ["about", "claims", "ladder", "sources", "sweep"]


def sweep(book: Book) -> None:
    """Each group's central earnings along the α grid, toward the record chosen on Inputs."""
    rates, c, p = book.rates, book.choices, book.params
    groups = list(book.group_row)
    sheet = book.sheet("Sweep", ("alpha", *groups), (8, *(15 for _ in groups)))
    n, r, w_new = p["old_norm"], p["record_central"], p["new_tariff"]
    from stakhanov.calc.sweep import sweep as sweep_grid
    from stakhanov.views.workbook.norms_sheet import NORMS_HEADER
    from stakhanov.views.workbook.rule_formulas import pay_ratio

    held = col(NORMS_HEADER.index("held_central") + 1)

    alphas = [float(a) for a in c.alphas]
    grid = sweep_grid(rates, alphas, c.record, [c.tariff_pct], book.rule)
    for row, alpha in enumerate(alphas, start=2):
        sheet.value(row, 1, alpha, SHARE)
        for column, gid in enumerate(groups, start=2):
            i = book.norms_row[gid]
            # Norms' held central output, paid under the rule at N'(α) and W0' where the
            # norm pays the group; its central before elsewhere.
            pay = pay_ratio(book.rule, f"Norms!${held}${i}/({n}+$A{row}*({r}-{n}))")
            sheet.formula(
                row,
                column,
                f"=IF(Norms!$B${i},{w_new}*{pay},Norms!$D${i})",
                RUBLES,
                cached=float(grid.central[0, row - 2, grid.groups.index(gid)]),
            )
    from openpyxl.chart import LineChart, Reference

    # The groups the default record's norm pays, and the base group to measure them by.
    norm_id = rates.record(c.record).norm_id
    shown = [g.id for g in rates.wages.values() if g.pay_basis == "piece" and g.norm_id == norm_id]
    shown.append(c.base)
    last = 1 + len(c.alphas)
    chart = LineChart()
    chart.title = "Monthly earnings as the norm moves toward the record"
    chart.x_axis.title = "α (share of the way from the norm to the record)"
    chart.y_axis.title = "rubles a month (central)"
    for gid in shown:
        ref = Reference(sheet.ws, min_col=2 + groups.index(gid), min_row=1, max_row=last)
        chart.add_data(ref, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=2, max_row=last))
    # The grid's rows are 0.05 apart; earnings bend most near α = 0, where straight pieces
    # would show corners: the lines are drawn smooth through the rows.
    for series in chart.series:
        series.smooth = True
    chart.y_axis.number_format = "#,##0"
    _show_axes(chart)
    chart.width, chart.height = 22, 12
    sheet.ws.add_chart(chart, f"{col(len(groups) + 3)}2")


def ladder(book: Book) -> None:
    """The monthly wage ladder, highest first, with a bar chart of the central figures."""
    sheet = book.sheet(
        "Ladder",
        ("group", "label", "low", "central", "high", "bound", "basis"),
        (24, 44, 12, 12, 12, 11, 34),
    )
    months = 0
    for entry in ladder_rows(book.rates):
        gid = entry.group.id
        row, g = book.ladder_row[gid], book.group_row[gid]
        if entry.period == "month":
            months += 1
        sheet.text(row, 1, gid)
        sheet.text(row, 2, entry.group.label)
        sheet.formula(row, 3, monthly_or_open("low", g), RUBLES, cached=open_end(entry.low, "low"))
        sheet.formula(row, 4, f"={monthly_mid(g)}", RUBLES, cached=entry.central)
        sheet.formula(
            row, 5, monthly_or_open("high", g), RUBLES, cached=open_end(entry.high, "high")
        )
        sheet.formula(row, 6, bound(f"C{row}", f"E{row}"), cached=entry.bound)
        sheet.formula(row, 7, basis(g), cached=entry.basis)
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef

    # Only the monthly figures: a day figure on the same axis would read as a month's pay.
    # ladder() puts unconverted day figures last, so the monthly rows are one block. Bars
    # start at 0 on a linear axis, so that a bar's length is the wage: the lowest-paid are
    # short because they earned little. Each bar carries its figure, for the short ones.
    chart = BarChart()
    chart.type = "bar"  # horizontal: the group ids read as written
    chart.title = "Monthly wage ladder (central, rubles a month)"
    chart.y_axis.title = "rubles a month"
    chart.y_axis.scaling.min = 0
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.axPos = "b"
    # Highest first, from the top down, as on the sheet (a bar chart counts from the bottom);
    # the value axis then crosses at the last category, to stay at the foot of the chart.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"
    chart.add_data(
        Reference(sheet.ws, min_col=4, min_row=1, max_row=1 + months), titles_from_data=True
    )
    # The group ids are text: a string reference, so that every reader shows them as such.
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=f"'Ladder'!$A$2:$A${1 + months}"))
    chart.dataLabels = _labels("#,##0")
    chart.gapWidth = 50
    chart.legend = None
    _show_axes(chart)
    chart.width, chart.height = 22, 12
    sheet.ws.add_chart(chart, "I2")


def _labels(fmt: str) -> object:
    """Data labels showing each bar's value alone, in the number format ``fmt``.

    openpyxl writes a label format without ``sourceLinked="0"``, and LibreOffice then uses
    the cells' format instead ("8,600.0"): this subclass writes the format as the axis's is
    written, whole.
    """
    from openpyxl.chart.data_source import NumFmt
    from openpyxl.chart.label import DataLabelList
    from openpyxl.descriptors import Typed

    class Labels(DataLabelList):
        numFmt = Typed(expected_type=NumFmt, allow_none=True)  # type: ignore[assignment]
        __elements__ = DataLabelList.__elements__
        __nested__ = tuple(n for n in DataLabelList.__nested__ if n != "numFmt")

    return Labels(
        numFmt=NumFmt(formatCode=fmt, sourceLinked=False),
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
    )


def _show_axes(chart: object) -> None:
    # openpyxl 3.1 marks axes as deleted unless told otherwise; Excel then hides them.
    for axis in (chart.x_axis, chart.y_axis):  # type: ignore[attr-defined]
        axis.delete = False


def sources(book: Book) -> None:
    """Every source, and the source, file and paragraph of each figure the inputs hold.

    A 1935 report the article quotes (kind quoted) also gives the text that quotes it, its
    date as printed (the date column is the date read), and the figures it carries."""
    from stakhanov.calc.report import source_notes

    rates = book.rates
    header = ("id", "kind", "title", "author", "date", "reference", "note", "quoted by",
              "date printed", "figures")  # fmt: skip
    sheet = book.sheet("Sources", header, (18, 10, 44, 22, 12, 34, 90, 16, 24, 40))
    row = 1
    for row, n in enumerate(source_notes(rates), start=2):
        s = n.source
        quoted = ""
        if s.via:
            where = ", ".join(f"¶{p}" for p in s.paragraphs.split(";"))
            quoted = f"{s.via} {where}"
        printed = s.date_printed + (" (misprint)" if s.misprint else "")
        figures = "; ".join(n.figures)
        cells = (s.id, s.kind, s.title, s.author, s.date, s.reference, s.note, quoted, printed,
                 figures)  # fmt: skip
        for column, text in enumerate(cells, start=1):
            sheet.text(row, column, text)
    top = row + 2
    sheet.text(top, 1, "Where each figure on Inputs comes from", bold=True)
    names = ("what", "id", "source", "file", "paragraph", "as printed", "report")
    for i, name in enumerate(names, 1):
        sheet.header(top + 1, i, name)
    cited = [
        *(("wage group", g.id, g.citation) for g in rates.wages.values()),
        *(("norm", n.id, n.citation) for n in rates.norms.values()),
        *(("record", r.id, r.citation) for r in rates.records.values()),
    ]
    for row, (what, item, cite) in enumerate(cited, start=top + 2):
        source = rates.sources.get(cite.source_id)
        sheet.text(row, 1, what)
        sheet.text(row, 2, item)
        sheet.text(row, 3, cite.source_id)
        sheet.text(row, 4, source.file if source else "")
        if cite.paragraph is not None:
            sheet.value(row, 5, cite.paragraph)
        elif cite.locator:  # a package's page, table, folio or image, stated as such
            sheet.text(row, 5, cite.locator)
        sheet.text(row, 6, cite.as_printed)
        sheet.text(row, 7, cite.report_id)


def claims(book: Book) -> None:
    """The sources' claims with their verdicts, as judged on the exported data.

    Verdicts are values, not formulas: judging a claim (bounds, tolerance, open ends) is the
    library's work, and the sheet says so rather than pretend to stay live.
    """
    from stakhanov.calc.claims import check_claims

    header = (
        "id",
        "claim",
        "claimed",
        "computed low",
        "computed central",
        "computed high",
        "unit",
        "verdict",
        "would hold if",
        "source",
        "paragraph",
        "arithmetic",
    )
    sheet = book.sheet("Claims", header, (28, 50, 22, 14, 16, 14, 12, 10, 40, 18, 10, 90))
    verdicts = check_claims(book.rates)
    row = 1
    for row, v in enumerate(verdicts, start=2):
        c = v.claim
        sheet.text(row, 1, c.id)
        sheet.text(row, 2, c.claim)
        sheet.text(row, 3, v.claimed)
        for column, end in ((4, v.computed.low), (5, v.computed.central), (6, v.computed.high)):
            if end is None:
                sheet.text(row, column, "no limit")
            else:
                sheet.value(row, column, end, "0.00")
        sheet.text(row, 7, v.unit.strip())
        sheet.text(row, 8, v.verdict)
        sheet.text(row, 9, v.would_hold_if or "")
        sheet.text(row, 10, c.citation.source_id)
        if c.citation.paragraph is not None:
            sheet.value(row, 11, c.citation.paragraph)
        elif c.citation.locator:
            sheet.text(row, 11, c.citation.locator)
        sheet.text(row, 12, " | ".join(v.steps))
    tolerance = verdicts[0].tolerance if verdicts else 0.0
    sheet.text(
        row + 2,
        1,
        f"Judged when the workbook was written, with a tolerance of "
        f"{tolerance * 100:g}%. Editing Inputs does not re-judge them: "
        "run `stakhanov claims --scenario FILE` for that.",
    )


def _start(c: Choices) -> str:
    if c.raise_pct is not None:
        return f"Starts at a raise of {c.raise_pct:g}%, tariff {c.tariff_pct:+g}%."
    return f"Starts at α = {c.alpha:g} toward {c.record}, tariff {c.tariff_pct:+g}%."


def about(book: Book) -> None:
    """What the workbook is, what made it, and how to use it."""
    from openpyxl.styles import Alignment

    rates, c = book.rates, book.choices
    scenarios = ", ".join(rates.scenarios) or "none: the built-in data"
    lines = (
        ("stakhanov workbook", "Wages, ratios and norm revisions in the 1935 reports of the "
         "Stakhanovite movement, computed live from the Inputs sheet."),
        ("made by", f"stakhanov {__version__}"),
        ("scenarios", scenarios),
        ("how to use", "Edit the yellow cells on Inputs: a group's low and high (in its own "
         "period), its open-bound flags (TRUE: no limit at that end), its months_factor, pay "
         "basis and norm; a norm's value; a record's output; and the choices α, tariff_pct and "
         "record. Every other cell is a formula: Ratios, Norms, Sweep, Ladder and the charts "
         "recalculate. Do not type over the formulas."),
        ("ratios", "low = a_lo / b_hi, high = a_hi / b_lo, central = mid(a) / mid(b), on the "
         "monthly footing (given figure × months_factor). An open bound counts at face value "
         "in the central figure and leaves its end of the ratio as text: 'no lower bound', "
         "'no upper bound'."),
        ("periods", "A half-month figure doubles to a month (months_factor 2). A day figure "
         "stays a day (months_factor 1, labelled 'day (not converted)') unless you put working "
         "days per month in its months_factor."),
        ("norm revision", "N' = N + α (R − N), R the chosen record's output, toward which the "
         "norm moves, or N' = N (1 + raise) when raise_pct is given. Output is held: each "
         "group paid by piece on the revised norm keeps the output its wage implies under the "
         f"pay rule ({book.rule.name}: Norms' held_* columns) and is paid for it under N' and "
         "the tariff W0 (1 + t); under the straight rate, after = before × (1 + t) × N / N'. "
         "Everyone else is unchanged. " + _start(c)),
        ("sheets", "Inputs: the data and the choices. Ratios: the card's groups pairwise and "
         f"every group against {c.base}. Norms: before and after the revision. Sweep: central "
         "earnings along α, with a chart. Ladder: monthly wages, with a bar chart. "
         "Sources: the sources and each figure's citation. About: this sheet."),
        ("sources", "Each figure cites a source id and a paragraph (the non-empty lines of "
         "the source text, from 1): see Sources. Figures the text gives without a period are "
         "monthly by inference."),
    )  # fmt: skip
    sheet = book.sheet("About", (), (20, 110))
    for row, (key, text) in enumerate(lines, start=1):
        sheet.text(row, 1, key, bold=True)
        sheet.text(row, 2, text)
        sheet.ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.ws.cell(row, 1).alignment = Alignment(vertical="top")
