"""What every ``blueprint diff`` format for people shows: its sections, their headers and rows.

``diff_text`` lays the sections out for a terminal, ``diff_markdown`` for a pull-request
comment; the JSON is the core's own ``Diff.as_dict()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from blueprint.analysis.diff import Diff, FailureChange, Risk

DASH: Final = "–"
#: the most a text cell shows in the terminal table, in columns (about three wrapped lines)
_CLIP: Final = 80
#: the headers that have a shorter form for the terminal table
_SHORT: Final = ("failure", "mode", "rpn", "ap", "residual")

#: a section: its column keys, headers and rows
Section = tuple[list[str], list[str], list[list[str]]]


def _arrow(before: object, after: object) -> str:
    b = DASH if before is None else str(before)
    a = DASH if after is None else str(after)
    return b if b == a else f"{b} → {a}"


def _header(key: str, lang: str, md: bool) -> str:
    from blueprint.i18n import t

    return t(f"diff.{'short' if not md and key in _SHORT else 'col'}.{key}", lang)


def increase(diff: Diff, lang: str) -> str:
    """The line that says how the risk rose: failures whose AP rose, new failures at H."""
    from blueprint.i18n import plural, t

    rose = plural("diff.count.rose", len(diff.ap_rose), lang)
    return t("diff.increase", lang, rose=rose, high=plural("diff.count.high", len(diff.new_high), lang))


class _Cells:
    """Table cells for Markdown (escaped, ids as code) or a terminal (long text clipped)."""

    def __init__(self, md: bool) -> None:
        self.md = md

    def text(self, text: str) -> str:
        from blueprint.common.plain import printable
        from blueprint.output.columns import clip
        from blueprint.output.fmea_markdown import escape

        # one line, no control characters from the file; Markdown shows the text as it is
        flat = " ".join(printable(text).split())
        return escape(flat) if self.md else clip(flat, _CLIP)

    def id(self, name: str) -> str:
        return f"`{name}`" if self.md else name

    def risk(self, risk: Risk) -> list[str]:
        text = self.text
        return [text(risk.step), text(risk.mode), risk.sod, str(risk.rpn), risk.ap, risk.residual_ap or DASH]

    def change(self, c: FailureChange) -> list[str]:
        """A changed failure: each rating, the RPN, the AP and the residual AP as before -> after."""
        assert c.before is not None and c.after is not None
        b, a = c.before, c.after
        ap = _arrow(b.ap, a.ap) + (" ⬆" if c.ap_rose else "")
        sod, rpn, residual = _arrow(b.sod, a.sod), _arrow(b.rpn, a.rpn), _arrow(b.residual_ap, a.residual_ap)
        return [self.id(c.id), self.text(a.step), self.text(a.mode), sod, rpn, ap, residual]


def sections(diff: Diff, lang: str, md: bool) -> dict[str, Section]:
    """Section title key -> (column keys, headers, rows), for the sections that have something.

    ``md``: cells for Markdown (escaped, ids as code, full headers); otherwise for a
    terminal (long text clipped, short headers).
    """
    from blueprint.i18n import t

    cells = _Cells(md)
    out: dict[str, Section] = {}
    keys = ["failure", "step", "mode", "sod", "rpn", "ap", "residual"]
    cols = [_header(k, lang, md) for k in keys]
    if diff.changed:
        out["diff.changed"] = (keys, cols, [cells.change(c) for c in diff.changed])
    if diff.added:
        out["diff.added"] = (
            keys,
            cols,
            [[cells.id(c.id), *cells.risk(c.after)] for c in diff.added if c.after],
        )
    if diff.removed:
        rows = [[cells.id(c.id), *cells.risk(c.before)] for c in diff.removed if c.before]
        out["diff.removed"] = (keys, cols, rows)
    step_keys = ["step", "lane", "title"]
    step_cols = [_header(k, lang, md) for k in step_keys]
    for key, steps in (("diff.steps_added", diff.steps_added), ("diff.steps_removed", diff.steps_removed)):
        if steps:
            rows = [[cells.id(s.id), t(f"fmea.lane.{s.lane}", lang), cells.text(s.title)] for s in steps]
            out[key] = (step_keys, step_cols, rows)
    total_keys = ["ap", "before", "after", "change"]
    out["diff.totals"] = (total_keys, [_header(k, lang, md) for k in total_keys], _totals(diff))
    return out


def _totals(diff: Diff) -> list[list[str]]:
    """Failures per AP level, before and after, and the change."""
    totals = []
    for level in ("H", "M", "L"):
        n_before, n_after = diff.totals_before.get(level, 0), diff.totals_after.get(level, 0)
        change = f"{n_after - n_before:+d}" if n_after != n_before else "0"
        totals.append([level, str(n_before), str(n_after), change])
    return totals
