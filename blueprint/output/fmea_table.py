"""The ranked failure table for a terminal: fits the width, wide (CJK) characters count double."""

from __future__ import annotations

import re
from typing import Final

from blueprint.i18n import t
from blueprint.output.fmea_view import Column, FmeaView, cells, columns, summary_lines

#: columns whose text wraps to fit the width
_WRAP: Final[tuple[str, ...]] = ("mode", "effect", "surfaces", "step_lane")
#: free text gives way first, down to this width; then the id columns, then free text again
_TEXT: Final[tuple[str, ...]] = ("mode", "effect")
_COMFORT: Final = 16
_FLOOR: Final = 10
_ID_FLOOR: Final = 8
_ID_CAP: Final = 16
_GAP: Final = 2  # spaces between columns, as in tabulate's "simple" format
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_AP_STYLE: Final = {"H": "red", "M": "yellow", "L": "green"}


def _clean(text: str) -> str:
    """Text a terminal shows as it is: tabs to spaces, other control characters dropped."""
    return _CONTROL.sub("", text.replace("\t", " ").replace("\r\n", "\n"))


def _width(text: str) -> int:
    """Display width of the widest line (East Asian wide characters count two)."""
    return max(_w(line) for line in text.split("\n"))


def _id_floor(text: str) -> int:
    """The narrowest an id column gets: its longest hyphen-separated part, 8 to 16."""
    parts = re.split(r"(?<=-)|\n", text)
    return min(max([_ID_FLOOR] + [_w(p) for p in parts]), _ID_CAP)


def fit_widths(cols: list[Column], rows: list[dict[str, str]], width: int) -> dict[str, int]:
    """The width of each wrapped column so the table fits ``width`` display columns.

    Columns that do not wrap keep their natural width. Mode and effect give way first, one
    column at a time from the wider, down to 16; then step and surfaces down to their
    longest hyphen-separated part; then mode and effect down to 10. A table that still
    does not fit is left wider than ``width``.
    """
    natural = {c.key: max([_width(c.header)] + [_width(r[c.key]) for r in rows]) for c in cols}
    header = {c.key: _width(c.header) for c in cols}
    present = [k for k in _WRAP if k in natural]
    sizes = dict(natural)
    budget = width - _GAP * (len(cols) - 1)
    ids = [k for k in present if k not in _TEXT]
    text = [k for k in present if k in _TEXT]
    id_floor = {k: max([header[k]] + [_id_floor(r[k]) for r in rows]) for k in ids}
    stages: list[tuple[list[str], dict[str, int]]] = [
        (text, {k: max(_COMFORT, header[k]) for k in text}),
        (ids, id_floor),
        (text, {k: max(_FLOOR, header[k]) for k in text}),
    ]
    for keys, floor in stages:
        while sum(sizes.values()) > budget:
            shrinkable = [k for k in keys if sizes[k] > floor[k]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda k: (sizes[k], -present.index(k)))
            sizes[widest] -= 1
    return {k: sizes[k] for k in present}


def render(view: FmeaView) -> str:
    """Heading, the table (wrapped to ``view.width``) and the summary lines."""
    from blueprint.commands._common import paint

    lang = view.lang
    heading = t("fmea.heading", lang, title=_clean(view.bp.title), profile=view.profile_name)
    if not view.shown:
        return "\n".join([heading, "", *summary_lines(view)]) + "\n"
    cols = columns(view)
    rows = [{k: _clean(v) for k, v in cells(s, lang).items()} for s in view.shown]
    sizes = fit_widths(cols, rows, view.width)
    wrapped = [_wrap_row(row, sizes) for row in rows]
    body: list[list[str]] = []
    for s, row in zip(view.shown, wrapped, strict=True):
        if view.color:
            strong = {"bold": True} if s.ap == "H" else {}
            row["ap"] = paint(row["ap"], True, fg=_AP_STYLE[s.ap], **strong)
            if s.residual_ap:
                row["res"] = s.ap + "→" + paint(s.residual_ap, True, fg=_AP_STYLE[s.residual_ap])
            if s.needs_action:
                row["actions"] = paint(row["actions"], True, fg="red", bold=True)
        body.append([row[c.key] for c in cols])
    headers = [c.header for c in cols]
    table = _tabulate(body, headers, [c.align for c in cols]).split("\n")
    head = max(h.count("\n") for h in headers) + 2  # header lines and the dashes
    heights = [max(cell.count("\n") for cell in record) + 1 for record in body]
    lines = table[:head]
    at = head
    for i, height in enumerate(heights):
        if i and max(heights) > 1:
            lines.append("")  # a blank line between failures when any of them wraps
        lines += table[at : at + height]
        at += height
    lines = [line.rstrip() for line in lines]
    return "\n".join([heading, "", *lines, "", *summary_lines(view)]) + "\n"


def _tabulate(body: list[list[str]], headers: list[str], align: list[str]) -> str:
    """tabulate's "simple" layout without its two columns of padding around short headers."""
    import tabulate as tab

    saved = tab.MIN_PADDING
    tab.MIN_PADDING = 0  # tabulate widens every column by 2 past its header otherwise
    try:
        return tab.tabulate(body, headers=headers, tablefmt="simple", colalign=align, disable_numparse=True)
    finally:
        tab.MIN_PADDING = saved


def _wrap_row(row: dict[str, str], sizes: dict[str, int]) -> dict[str, str]:
    """Wrap the long cells of one row to their column widths."""
    out = dict(row)
    for key, size in sizes.items():
        out[key] = "\n".join(line for part in row[key].split("\n") for line in wrap(part, size))
    return out


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns, breaking at spaces, after hyphens and
    between wide (CJK) characters; a word longer than the width is cut, never left to
    overflow its column.
    """
    lines: list[str] = []
    line, used, space = "", 0, False
    for token in _TOKEN.findall(text):
        if token.isspace():
            space = bool(line)
            continue
        tw = _w(token)
        gap = 1 if space else 0
        if line and used + gap + tw > width:
            carry = ""
            if token in _NO_LINE_START and not gap and len(line) > 1 and _w(line[-1]) == 2:
                line, carry = line[:-1], line[-1]  # keep "，" off the start of a line
            lines.append(line)
            line, used, gap = carry, _w(carry), 0
        if gap:
            line, used = line + " ", used + 1
        space = False
        if tw <= width - used:
            line, used = line + token, used + tw
            continue
        for ch in token:  # longer than a whole line: cut it
            cw = _w(ch)
            if line and used + cw > width:
                lines.append(line)
                line, used = "", 0
            line, used = line + ch, used + cw
    if line or not lines:
        lines.append(line)
    return lines


#: a run of ASCII-ish word characters (with the hyphens that end it), one wide character, or spaces
_TOKEN = re.compile(r"\s+|[^\s\u1100-\uffff-]*-+|[^\s\u1100-\uffff-]+|[\u1100-\uffff]|[^\s]")


#: Chinese punctuation that must not begin a line (it takes the character before it along)
_NO_LINE_START: Final = frozenset("，。、；：！？）」』》〉】…")


def _w(text: str) -> int:
    """Display width, never negative (control characters count nothing)."""
    from wcwidth import wcwidth

    return sum(max(wcwidth(ch), 0) for ch in text)
