"""``blueprint portfolio``: the cross-journey ranking as a terminal table, Markdown and CSV.

One row per failure mode (rated by its worst chain, as ``fmea`` does), each failure once:
a shared failure names every journey it reaches and the money at risk summed over them.
The table and Markdown end with the summary and the portfolio's risk matrix; CSV holds the
ranking only (the JSON contract's keys as headers). The JSON is :mod:`blueprint.output.portfolio_json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from blueprint.i18n import t
from blueprint.output.fmea_view import money, residual_cell

if TYPE_CHECKING:
    from blueprint.analysis.portfolio import Entry, Portfolio

#: journeys named in a table cell before the rest are counted (``… 3 more``)
SHOWN_JOURNEYS: Final = 3
KEYS: Final[tuple[str, ...]] = (
    "rank",
    "failure",
    "step",
    "file",
    "journeys",
    "s",
    "o",
    "d",
    "rpn",
    "ap",
    "res",
    "money",
)
_RIGHT: Final = frozenset({"rank", "s", "o", "d", "rpn", "money"})
_AP_STYLE: Final = {"H": "red", "M": "yellow", "L": "green"}


@dataclass(frozen=True)
class PortfolioView:
    """What a portfolio output shows: the portfolio, the language, colour, width and, for the
    HTML page, each journey's drawings (journey file -> ``(css class, <svg>)`` pairs)."""

    portfolio: Portfolio
    lang: str = "en"
    color: bool = False
    width: int = 100
    diagrams: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """The columns shown: the money column only when some journey has economics."""
        return KEYS if self.portfolio.has_money else KEYS[:-1]

    def header(self, key: str) -> str:
        if key == "money" and self.portfolio.currency:
            return t("portfolio.col.money.cur", self.lang, cur=self.portfolio.currency)
        return t(f"portfolio.col.{key}", self.lang)


def failure_text(e: Entry, lang: str) -> str:
    """The failure's id and mode, and the shared failure it reuses (``from:``) with what it overrides."""
    f = e.scored.failure
    text = f"{f.id}\n{f.mode}"
    if f.from_id:
        over = t("list.sep", lang).join(f.overrides) or "-"
        text += "\n" + t("fmea.mark.from.own", lang, id=f.from_id, keys=over)
    return text


def step_text(e: Entry, lang: str) -> str:
    """The step's id, and ``shared`` for a step of a shared file."""
    step = e.scored.step
    return f"{step.id}\n{t('fmea.mark.shared', lang)}" if e.shared else step.id


def journeys_text(e: Entry, lang: str, limit: int | None = SHOWN_JOURNEYS) -> str:
    """How many journeys the failure reaches, then their titles (the first ``limit``), each with the
    failure's number in that journey's own table and diagram (``F3``)."""
    titles = [f"{r.journey.title} ({r.scored.ref})" for r in e.reaches]
    shown = titles if limit is None else titles[:limit]
    lines = [str(len(titles)), *shown]
    if len(shown) < len(titles):
        lines.append(t("portfolio.more", lang, n=len(titles) - len(shown)))
    return "\n".join(lines)


def common_folder(p: Portfolio) -> str:
    """The folder every journey and shared file of ``p`` is in (``""`` when they share none)."""
    import posixpath

    files = [j.file for j in p.journeys] + [e.origin for e in p.entries]
    folders = {posixpath.dirname(f) for f in files}
    if not folders or any(posixpath.isabs(f) for f in folders) != all(posixpath.isabs(f) for f in folders):
        return ""
    return posixpath.commonpath(sorted(folders))


def short_file(file: str, folder: str) -> str:
    """``file`` without the ``folder`` every file is in: what a table has room for."""
    return file[len(folder) + 1 :] if folder and file.startswith(folder + "/") else file


def cells(e: Entry, lang: str, folder: str = "") -> dict[str, str]:
    """The text of each column of one row (line breaks where a table may break them); file
    paths shown within ``folder``."""
    s = e.scored
    r = s.ratings
    return {
        "rank": str(e.rank),
        "failure": failure_text(e, lang),
        "step": step_text(e, lang),
        "file": short_file(e.origin, folder),
        "journeys": journeys_text(e, lang),
        "s": str(r.severity),
        "o": str(r.occurrence),
        "d": str(r.detection),
        "rpn": str(s.rpn),
        "ap": s.ap,
        "res": residual_cell(s, lang),
        "money": money(e.at_risk_total),
    }


def summary_lines(view: PortfolioView) -> list[str]:
    """Journeys and failures counted, failures by AP, and the money at risk summed."""
    p, lang = view.portfolio, view.lang
    by_ap = {ap: sum(e.scored.ap == ap for e in p.entries) for ap in ("H", "M", "L")}
    lines = [
        t(
            "portfolio.summary",
            lang,
            journeys=len(p.journeys),
            failures=len(p.entries),
            shared=p.shared,
            h=by_ap["H"],
            m=by_ap["M"],
            l=by_ap["L"],
        )
    ]
    total = p.at_risk_total
    if total is not None:
        cur = f" {p.currency}" if p.currency else ""
        lines.append(t("portfolio.summary.money", lang, money=money(total), cur=cur))
    return lines


def title(view: PortfolioView) -> str:
    """The heading: how many journeys, the folder they are in (when one holds them all), the AP table."""
    folder = common_folder(view.portfolio)
    where = t("portfolio.heading.in", view.lang, folder=folder + "/") if folder else ""
    return t(
        "portfolio.heading",
        view.lang,
        n=len(view.portfolio.journeys),
        where=where,
        profile=view.portfolio.profile,
    )


def _matrix_view(view: PortfolioView, fmt: str) -> str:
    from blueprint.output.formats import MATRIX
    from blueprint.output.matrix import MatrixView

    name = t("portfolio.name", view.lang)
    painted = view.color and fmt == "table"
    return MATRIX.get(fmt)(
        MatrixView(title=name, matrix=view.portfolio.matrix, lang=view.lang, color=painted)
    )


def _id_floor(text: str) -> int:
    """The narrowest an id or file column gets: its longest hyphen-separated part, 8 to 16."""
    import re

    from blueprint.common.text import display_width

    parts = re.split(r"(?<=-)|\n", text)
    return min(max([8] + [display_width(p) for p in parts]), 16)


def _stem(file: str) -> str:
    """A file name without ``.blueprint.yaml``: the terminal table's narrow file column."""
    return file.removesuffix(".blueprint.yaml")


def render_table(view: PortfolioView) -> str:
    """Heading, the ranking wrapped to ``view.width`` (file names without ``.blueprint.yaml``),
    the summary and the risk matrix."""
    from blueprint.common.plain import printable
    from blueprint.output.columns import fit, layout, wrap_cells
    from blueprint.output.style import paint

    keys = view.keys
    head = [view.header(k) for k in keys]
    folder = common_folder(view.portfolio)
    rows = []
    for e in view.portfolio.entries:
        texts = cells(e, view.lang, folder) | {"file": _stem(short_file(e.origin, folder))}
        rows.append([printable(texts[k]) for k in keys])
    out = [title(view), ""]
    if rows:
        index = {k: i for i, k in enumerate(keys)}
        ids = {index[k]: max(_id_floor(row[index[k]]) for row in rows) for k in ("file", "step")}
        stages = [{index["failure"]: 16}, {**ids, index["journeys"]: 12}]
        stages.append({index["failure"]: 10})
        sizes = fit(head, rows, view.width, stages)
        body = []
        for e, row in zip(view.portfolio.entries, rows, strict=True):
            cell = wrap_cells(row, sizes)
            if view.color:
                ap = e.scored.ap
                cell[index["ap"]] = paint(ap, True, fg=_AP_STYLE[ap], bold=ap == "H")
            body.append(cell)
        out += [layout(body, head, ["right" if k in _RIGHT else "left" for k in keys]), ""]
    out += summary_lines(view)
    out += ["", _matrix_view(view, "table").rstrip("\n")]
    return "\n".join(out) + "\n"


def render_markdown(view: PortfolioView) -> str:
    """A bold heading, the ranking as a Markdown table, the summary and the matrix."""
    from blueprint.output.fmea_markdown import escape

    keys = view.keys
    out = [f"**{escape(title(view))}**", ""]
    if view.portfolio.entries:
        out.append("| " + " | ".join(escape(view.header(k)) for k in keys) + " |")
        out.append("|" + "|".join("---:" if k in _RIGHT else ":---" for k in keys) + "|")
        folder = common_folder(view.portfolio)
        for e in view.portfolio.entries:
            row = cells(e, view.lang, folder)
            out.append("| " + " | ".join(escape(row[k]) for k in keys) + " |")
        out.append("")
    out += [f"- {escape(line)}" for line in summary_lines(view)]
    out += ["", _matrix_view(view, "markdown").rstrip("\n")]
    return "\n".join(out) + "\n"


CSV_HEADER: Final[tuple[str, ...]] = (
    "rank",
    "ref",
    "id",
    "step",
    "file",
    "shared",
    "from",
    "overrides",
    "mode",
    "effect",
    "severity",
    "occurrence",
    "detection",
    "rpn",
    "ap",
    "residual_ap",
    "residual_rpn",
    "journeys_reached",
    "journeys",
    "at_risk_total",
    "currency",
)


def render_csv(view: PortfolioView) -> str:
    """UTF-8 with a byte-order mark for Excel, CRLF rows, formula-like text neutralised."""
    import csv
    import io

    from blueprint.output.fmea_csv import BOM, neutralise

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    p = view.portfolio
    for e in p.entries:
        s, f = e.scored, e.scored.failure
        total = e.at_risk_total
        row: list[object] = [
            e.rank,
            e.ref,
            f.id,
            f.step,
            e.origin,
            e.shared,
            f.from_id,
            " ".join(f.overrides),
            f.mode,
            f.effect,
            s.ratings.severity,
            s.ratings.occurrence,
            s.ratings.detection,
            s.rpn,
            s.ap,
            s.residual_ap,
            s.residual_rpn,
            len(e.reaches),
            "; ".join(r.journey.file for r in e.reaches),
            None if total is None else round(total, 2),
            p.currency,
        ]
        writer.writerow([neutralise(v) for v in row])
    return BOM + buf.getvalue()
