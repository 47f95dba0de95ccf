"""The Markdown report: GitHub-flavoured, with the diagram as Mermaid or a linked SVG.

Text from the blueprint goes through :func:`md`, which leaves no way for it to become
markup: ``&``, ``<`` and ``>`` become entities (no raw HTML), Markdown punctuation
is backslash-escaped (no emphasis, links, code spans, tables cut by ``|``), braces, ``$`` and
``~`` become entities (no ``{{ }}`` for a docs site's template engine, no math, no
strike-through), a leading ``-``, ``+`` or
``1.`` cannot start a list, line breaks (also U+2028 and U+2029) become ``<br>``, control
characters (C0 and C1) are dropped, and ``@name`` notifies no one (``@&#8203;name``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from blueprint.common.plain import no_mentions, printable
from blueprint.i18n import t
from blueprint.output.fmea_view import origin_marks
from blueprint.report import cells
from blueprint.report.cells import Col

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored
    from blueprint.report import Report

_ALIGN = {"left": ":---", "right": "---:", "center": ":---:"}
# entities where Python-Markdown (MkDocs) has no backslash escape: $ (GitHub math), ~ (strike-through)
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "{": "&#123;",
    "}": "&#125;",
    "$": "&#36;",
    "~": "&#126;",
}
_BACKSLASHED = set("\\`*_[]|")
# at the start of a line: a heading, a list item, a rule
_BLOCK = re.compile(r"^(#|[-+](?=\s|$)|-{2,}\s*$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_HASH = re.compile(r"(^|\s)#")  # a heading's closing hashes, an issue reference
# a "<" that could open a tag once a theme unescapes the heading into the page's <title>
_TAG_OPEN = re.compile(r"&lt;(?=[A-Za-z/!?])")
WORD_JOINER = "\u2060"


def _guard(line: str) -> str:
    """A line that cannot start a block: its first marker escaped, ``#`` after a space too."""
    line = line.strip()
    line = _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
    line = _BLOCK.sub(lambda m: "\\" + m.group(1), line)
    return _HASH.sub(lambda m: m.group(1) + "\\#", line) if "#" in line else line


def md(text: str | None, *, newline: str = "<br>") -> str:
    """Inline Markdown for ``text`` that renders as exactly that text."""
    if not text:
        return ""
    out = []
    for ch in printable(str(text)):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\n")
        elif ord(ch) < 32 or ch == "\x7f":
            out.append(" ")
        else:
            out.append(ch)
    lines = [_guard(line) for line in "".join(out).split("\n")]
    return no_mentions(newline.join(line for line in lines if line))


def title_heading(title: str) -> str:
    """The page's first heading: :func:`md`, and no ``<`` that can open a tag.

    Material for MkDocs (and the MkDocs theme) put the first heading into ``<title>``
    through Jinja's ``striptags``, which turns ``&lt;`` back into ``<``: a title holding
    ``</title><script>`` would then run. An invisible word joiner after each ``<`` that
    precedes a letter, ``/``, ``!`` or ``?`` leaves the text as it reads and no tag to open.
    """
    return _TAG_OPEN.sub("&lt;" + WORD_JOINER, md(title, newline=" "))


def _table(cols: Sequence[Col], rows: Sequence[Sequence[str]]) -> list[str]:
    """A GFM table; cells are already Markdown."""
    out = ["| " + " | ".join(md(c.header, newline=" ") for c in cols) + " |"]
    out.append("|" + "|".join(_ALIGN[c.align] for c in cols) + "|")
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _labelled(report: Report, key: str, text: str | None) -> str:
    return t("report.labelled", report.lang, label=t(key, report.lang), text=md(text)) if text else ""


def _failure_row(report: Report, s: Scored) -> list[str]:
    lang = report.lang
    f = s.failure
    r = s.ratings
    failure = "<br>".join(
        x
        for x in (
            f"**{md(f.mode)}**",
            md(" ".join(origin_marks(s, lang))),
            _labelled(report, "report.effect", f.effect),
            _labelled(report, "report.cause", cells.cause_text(report, s)),
        )
        if x
    )
    step = md(s.step.title) + "<br>" + md(cells.step_where(report, s))
    controls = "<br>".join(
        x
        for x in (
            _labelled(report, "report.prevention", f.prevention),
            _labelled(report, "report.detection", f.detection_control),
        )
        if x
    )
    residual = ""
    if s.residual_ap:
        residual = f"{s.residual_ap} ({md(t('report.residual.rpn', lang, rpn=s.residual_rpn))})"
    if s.planned is not None:
        planned = md(t("report.planned", lang, ap=s.planned_ap, rpn=s.planned.rpn))
        residual = f"{residual}<br>_{planned}_" if residual else f"_{planned}_"
    status = md(cells.action_status(s, lang))
    if s.needs_action:
        status = f"**{status}**"
    if f.justification and not f.has_live_action:
        status += "<br>" + _labelled(report, "report.justification", f.justification)
    row = [
        s.ref,
        failure,
        step,
        controls,
        str(r.severity),
        str(r.occurrence),
        str(r.detection),
        str(s.rpn),
        f"**{s.ap}**" if s.ap == "H" else s.ap,
        residual,
        status,
        "<br>".join(md(x) for x in cells.surfaces(report, s)),
    ]
    if report.has_money:
        row.append(cells.money(s.at_risk))
    return row


def _plan(report: Report) -> list[str]:
    lang = report.lang
    if not report.plan:
        return [md(t("report.actions.none", lang))]
    out = [md(t("report.actions.note", lang, today=report.today.isoformat()))]
    for group in report.plan:
        owner = group.owner if group.owner is not None else t("report.owner.none", lang)
        out += ["", f"### {md(owner, newline=' ')} ({len(group.items)})", ""]
        rows = []
        for item in group.items:
            a, s = item.action, item.scored
            due = md(a.due) if a.due else md(t("report.due.none", lang))
            if item.overdue:
                due += f" **{md(t('report.overdue', lang))}**"
            ref, ap, cause = s.ref, s.ap, ""
            if item.chain is not None:
                ref, ap = item.chain.ref, item.chain.ap
                cause = f"<br>↳ {md(item.chain.cause.cause)}"
            target = f"{ref} {md(s.failure.mode)}{cause}<br>{md(s.step.title)}"
            rows.append([md(a.title), target, ap, due, md(cells.status(a.status, lang))])
        out += _table(cells.plan_columns(lang), rows)
    return out


def _touchpoints(report: Report) -> list[str]:
    lang = report.lang
    if not report.touchpoints:
        return [md(t("report.touch.none", lang))]
    note = t("report.touch.note", lang)
    if len(report.touchpoints) < report.touchpoints_total:
        note += " " + t(
            "report.touch.shown", lang, shown=len(report.touchpoints), total=report.touchpoints_total
        )
    rows = [
        [
            str(i),
            md(tp.title) + "<br>" + md(tp.step),
            md(cells.lane(tp.lane, lang)),
            "<br>".join(md(report.step_title(sid)) for sid in tp.customer_steps),
            str(len(tp.dependents)),
            str(tp.failures),
            str(tp.rpn_before),
            str(tp.rpn),
            str(tp.high),
        ]
        for i, tp in enumerate(report.touchpoints, start=1)
    ]
    return [md(note), "", *_table(cells.touch_columns(lang), rows)]


def _waits(report: Report) -> list[str]:
    lang = report.lang
    if not report.wait_points:
        return [md(t("report.wait.none", lang))]
    rows = [
        [
            md(w.title) + "<br>" + md(w.step),
            md(cells.lane(w.lane, lang)),
            md(report.phase_title(w.phase)),
            cells.duration(w.expected, lang),
            cells.duration(w.tolerance, lang),
            md(cells.over(w, lang)),
        ]
        for w in report.wait_points
    ]
    return [md(t("report.wait.note", lang)), "", *_table(cells.wait_columns(lang), rows)]


def _fence(code: str, info: str) -> list[str]:
    """A fenced block longer than any run of backticks in ``code``."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, code.rstrip("\n"), fence]


def _matrix(report: Report) -> list[str]:
    from blueprint.analysis.matrix import OCCURRENCES, SEVERITIES
    from blueprint.output.matrix import cell_text

    m, lang = report.matrix, report.lang
    head = [md(t("matrix.corner", lang)), *(str(o) for o in OCCURRENCES)]
    rows = [[f"**{s}**", *(cell_text(m, s, o) for o in OCCURRENCES)] for s in SEVERITIES]
    table = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    return [md(t("matrix.note", lang, chains=m.total)), "", *table]


def to_markdown(report: Report, *, mermaid: str | None = None, svg_link: str | None = None) -> str:
    """The report; the diagram is the ``mermaid`` text in a fenced block, or an image of ``svg_link``."""
    lang = report.lang
    bp = report.bp
    out = [f"# {title_heading(bp.title)}", ""]
    for key, text in (("report.scenario", bp.scenario), ("report.customer", bp.customer)):
        if text:  # two trailing spaces: a line break between the two
            out.append(t("report.labelled", lang, label=f"**{md(t(key, lang))}**", text=md(text)) + "  ")
    if bp.scenario or bp.customer:
        out[-1] = out[-1].rstrip()
        out.append("")
    out += [f"## {md(t('report.section.summary', lang))}", ""]
    out += [f"- {md(line)}" for line in cells.summary_lines(report)]
    out += ["", f"## {md(t('report.section.diagram', lang))}", ""]
    if mermaid is not None:
        out += _fence(mermaid, "mermaid")
    elif svg_link is not None:
        alt = md(t("report.diagram.alt", lang, title=bp.title), newline=" ")
        out.append(f"![{alt}]({svg_link})")
    out += ["", f"## {md(t('report.section.failures', lang))}", ""]
    if report.ranked:
        out += [md(t("report.failures.note", lang, profile=report.profile)), ""]
        if any(s.planned is not None for s in report.ranked):
            out += [md(t("report.planned.note", lang)), ""]
        out += _table(cells.failure_columns(report), [_failure_row(report, s) for s in report.ranked])
    else:
        out.append(md(t("report.failures.none", lang)))
    out += ["", f"## {md(t('report.section.matrix', lang))}", "", *_matrix(report)]
    out += ["", f"## {md(t('report.section.actions', lang))}", "", *_plan(report)]
    if report.funded is not None:
        from blueprint.output.plan import render_markdown

        out += ["", f"## {md(t('report.section.funded', lang))}", ""]
        out += render_markdown(report.funded).rstrip("\n").split("\n")
    out += ["", f"## {md(t('report.section.touchpoints', lang))}", "", *_touchpoints(report)]
    out += ["", f"## {md(t('report.section.waits', lang))}", "", *_waits(report)]
    footer = t(
        "report.footer", lang, file=report.source, profile=report.profile, today=report.today.isoformat()
    )
    out += ["", "---", "", f"_{md(footer)}_"]
    return "\n".join(out) + "\n"
