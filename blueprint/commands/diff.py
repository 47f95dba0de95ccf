"""``blueprint diff``: the risk change between two versions of a blueprint."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from blueprint.commands._common import (
    color_option,
    lang_option,
    paint,
    profile_option,
    resolve_profile,
    use_color,
)

if TYPE_CHECKING:
    from blueprint.diff import Diff, FailureChange, Risk

_DASH = "–"
#: the most a text cell shows in the terminal table, in columns (about three wrapped lines)
_CLIP = 80
#: the columns of the terminal table that wrap when it is too wide, and their narrowest width
_WRAP_MIN = {"failure": 12, "step": 10, "mode": 16, "title": 16}
#: the headers that have a shorter form for the terminal table
_SHORT = ("failure", "mode", "rpn", "ap", "residual")
#: a last line this narrow (two Chinese characters) is evened out with the lines above
_ORPHAN = 4
#: the columns of free text, which wrap before the ids do
_TEXT = ("mode", "title")


def _arrow(before: object, after: object) -> str:
    b = _DASH if before is None else str(before)
    a = _DASH if after is None else str(after)
    return b if b == a else f"{b} → {a}"


def _columns(text: str) -> int:
    """Terminal columns of the widest line of ``text`` (Chinese characters count two)."""
    from wcwidth import wcswidth

    widths = [(wcswidth(line), line) for line in text.split("\n")]
    return max(w if w >= 0 else len(line) for w, line in widths)


def _clip(text: str, width: int = _CLIP) -> str:
    """Text cut to ``width`` terminal columns; the table wraps what is left."""
    from wcwidth import wcwidth

    out, used = "", 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > width - 1:
            return out + "…"
        out += ch
        used += w
    return out


def _header(key: str, lang: str, md: bool) -> str:
    from blueprint.i18n import t

    return t(f"diff.{'short' if not md and key in _SHORT else 'col'}.{key}", lang)


#: a section: its column keys, headers and rows
Section = tuple[list[str], list[str], list[list[str]]]


def _rows(diff: Diff, lang: str, md: bool) -> dict[str, Section]:
    """Section key -> (column keys, headers, rows), for the sections that have something."""
    from blueprint.i18n import t
    from blueprint.output.fmea_markdown import escape
    from blueprint.output.plain import printable

    def cell(text: str) -> str:
        # one line, no control characters from the file; Markdown shows the text as it is
        flat = " ".join(printable(text).split())
        return escape(flat) if md else _clip(flat)

    def fid(change: FailureChange) -> str:
        return f"`{change.id}`" if md else change.id

    def one(risk: Risk) -> list[str]:
        return [cell(risk.step), cell(risk.mode), risk.sod, str(risk.rpn), risk.ap, risk.residual_ap or _DASH]

    sections: dict[str, Section] = {}
    keys = ["failure", "step", "mode", "sod", "rpn", "ap", "residual"]
    cols = [_header(k, lang, md) for k in keys]
    if diff.changed:
        rows = []
        for c in diff.changed:
            assert c.before is not None and c.after is not None
            b, a = c.before, c.after
            ap = _arrow(b.ap, a.ap) + (" ⬆" if c.ap_rose else "")
            rows.append(
                [
                    fid(c),
                    cell(a.step),
                    cell(a.mode),
                    _arrow(b.sod, a.sod),
                    _arrow(b.rpn, a.rpn),
                    ap,
                    _arrow(b.residual_ap, a.residual_ap),
                ]
            )
        sections["diff.changed"] = (keys, cols, rows)
    if diff.added:
        sections["diff.added"] = (keys, cols, [[fid(c), *one(c.after)] for c in diff.added if c.after])
    if diff.removed:
        sections["diff.removed"] = (keys, cols, [[fid(c), *one(c.before)] for c in diff.removed if c.before])
    step_keys = ["step", "lane", "title"]
    step_cols = [_header(k, lang, md) for k in step_keys]
    for key, steps in (("diff.steps_added", diff.steps_added), ("diff.steps_removed", diff.steps_removed)):
        if steps:
            rows = [
                [f"`{s.id}`" if md else s.id, t(f"fmea.lane.{s.lane}", lang), cell(s.title)] for s in steps
            ]
            sections[key] = (step_keys, step_cols, rows)
    totals = []
    for level in ("H", "M", "L"):
        n_before, n_after = diff.totals_before.get(level, 0), diff.totals_after.get(level, 0)
        change = f"{n_after - n_before:+d}" if n_after != n_before else "0"
        totals.append([level, str(n_before), str(n_after), change])
    total_keys = ["ap", "before", "after", "change"]
    sections["diff.totals"] = (total_keys, [_header(k, lang, md) for k in total_keys], totals)
    return sections


#: Chinese punctuation that may not start a line (kinsoku): it goes down with the character before it
_NO_START = set("，。、；：！？）」』】〉》")


def _units(text: str) -> list[str]:
    """The pieces a line may break between: each wide character, and words cut after a hyphen.

    A word keeps the spaces after it (``"two "``); ``advice-without`` gives ``advice-``
    and ``without``.
    """
    import re

    from wcwidth import wcwidth

    units: list[str] = []
    for piece in re.findall(r"[^\s-]*-+\s*|[^\s-]+\s*|\s+", text):
        run = ""
        for ch in piece:
            if wcwidth(ch) == 2:
                if run:
                    units.append(run)
                units.append(ch)
                run = ""
            else:
                run += ch
        if run:
            units.append(run)
    return units


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, Chinese punctuation never first on a line."""
    lines: list[list[str]] = [[]]
    for unit in _units(" ".join(text.split())):
        line = lines[-1]
        if not "".join(line).strip() or _columns(("".join(line) + unit).rstrip()) <= width:
            line.append(unit)
        elif unit in _NO_START and len(line) > 1:
            # the punctuation takes the character before it along to the next line
            lines.append([line.pop(), unit])
        else:
            lines.append([unit])
    out = []
    for line in lines:
        text_line = "".join(line).strip()
        while _columns(text_line) > width:  # a word wider than the column is cut where it must be
            cut = 1
            while _columns(text_line[: cut + 1]) <= width:
                cut += 1
            out.append(text_line[:cut])
            text_line = text_line[cut:]
        out.append(text_line)
    return out


def _even(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width``; a last line of one or two characters takes some from above.

    The lines are then as narrow as they go without one more line, so they come out even.
    """
    lines = _wrap(text, width)
    if len(lines) < 2 or _columns(lines[-1]) > _ORPHAN:
        return lines
    for w in range(width - 1, 0, -1):
        narrower = _wrap(text, w)
        if len(narrower) > len(lines):
            break
        lines = narrower
    return lines


def _fit(keys: list[str], headers: list[str], rows: list[list[str]], width: int) -> dict[int, int]:
    """Column -> the width its text wraps to, for the columns that must wrap to fit ``width``.

    The numbers never wrap. Free text (a failure mode, a title) gives up room first, down
    to its narrowest width, then the ids, widest first. Once the cells are wrapped
    evenly, the room that frees lets a column stay whole when it can. A table that
    cannot fit even then is left wider than ``width``.
    """
    # tabulate pads a header by two columns at least
    natural = [max(_columns(h) + 2, *(_columns(r[k]) for r in rows)) for k, h in enumerate(headers)]
    wrapping = [k for k, key in enumerate(keys) if key in _WRAP_MIN]
    room = width - sum(w for k, w in enumerate(natural) if k not in wrapping) - 2 * (len(keys) - 1)
    limits = {k: natural[k] for k in wrapping}
    least = {k: max(_WRAP_MIN[keys[k]], _columns(headers[k]) + 2) for k in wrapping}
    for text_first in (True, False):
        while sum(limits.values()) > room:
            shrinkable = [k for k in limits if limits[k] > least[k] and (keys[k] in _TEXT) == text_first]
            if not shrinkable:
                break
            limits[max(shrinkable, key=lambda k: (limits[k] - least[k], -k))] -= 1
    while True:
        used = {
            k: max(_columns("\n".join(_even(r[k], w))) for r in rows) if w < natural[k] else w
            for k, w in limits.items()
        }
        slack = room - sum(used.values())
        grow = [k for k in used if used[k] < natural[k] <= used[k] + slack]
        if not grow:
            return {k: limits[k] for k in limits if limits[k] < natural[k]}
        k = min(grow, key=lambda k: (keys[k] in _TEXT, natural[k] - used[k]))  # an id first
        limits = dict(used) | {k: natural[k]}


def _table(keys: list[str], headers: list[str], rows: list[list[str]], width: int) -> str:
    """A plain table at most ``width`` columns wide where it can be; wrapped rows are spaced apart."""
    from tabulate import tabulate

    limits = _fit(keys, headers, rows, width)
    if limits:
        rows = [
            [("\n".join(_even(v, limits[k])) if k in limits else v) for k, v in enumerate(r)] for r in rows
        ]
    text = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    lines = [line.rstrip() for line in text.split("\n")]
    if not limits:
        return "\n".join(lines)
    # a blank line between rows, so the lines of one row read together
    out, at = lines[:2], 2
    for row in rows:
        height = max(v.count("\n") + 1 for v in row)
        out += [*lines[at : at + height], ""]
        at += height
    return "\n".join(out[:-1])


def render_table(diff: Diff, lang: str = "en", color: bool = False, width: int = 100) -> str:
    """The diff for people at a terminal ``width`` columns wide (``color``: the risk increase in red)."""
    from blueprint.i18n import t

    out = [t("diff.title", lang, old=diff.old, new=diff.new), ""]
    if diff.empty:
        out += [t("diff.nochange", lang), ""]
    if diff.increase:
        out += [paint(_increase(diff, lang), color, fg="red", bold=True), ""]
    for key, (keys, headers, rows) in _rows(diff, lang, md=False).items():
        out += [t(key, lang), _table(keys, headers, rows, width), ""]
    return "\n".join(out).rstrip() + "\n"


def _increase(diff: Diff, lang: str) -> str:
    from blueprint.i18n import plural, t

    rose = plural("diff.count.rose", len(diff.ap_rose), lang)
    return t("diff.increase", lang, rose=rose, high=plural("diff.count.high", len(diff.new_high), lang))


def render_markdown(diff: Diff, lang: str = "en") -> str:
    """The diff as Markdown, for a pull-request comment."""
    from blueprint.i18n import t

    out = [f"### {t('diff.title', lang, old=f'`{diff.old}`', new=f'`{diff.new}`')}", ""]
    if diff.empty:
        out += [t("diff.nochange", lang), ""]
    if diff.increase:
        out += [f"**{_increase(diff, lang)}**", ""]
    for key, (_, headers, rows) in _rows(diff, lang, md=True).items():
        out += [f"#### {t(key, lang)}", ""]
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "|".join("---" for _ in headers) + "|")
        out += ["| " + " | ".join(row) + " |" for row in rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


@click.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="Output format; markdown is meant for a pull-request comment.",
)
@click.option(
    "--fail-on-increase", is_flag=True, help="Exit 1 when a failure's AP rose or a new failure is at H."
)
@profile_option
@lang_option
@color_option
def command(
    old: str,
    new: str,
    fmt: str,
    fail_on_increase: bool,
    profile: str | None,
    lang: str | None,
    color: str,
    no_color: bool,
) -> None:
    """Show the risk change between two versions of a blueprint.

    OLD and NEW are files or REV:path, read from git (git show REV:path; the path is
    relative to the repository root, or to the current folder when written ./path).
    Failure modes are matched by id: added, removed and changed ones (ratings, RPN,
    AP, residual AP), steps added or removed, and the count of failure modes at each
    AP before and after.

    \b
    Examples:
      blueprint diff main:examples/fedex-tracking.blueprint.yaml examples/fedex-tracking.blueprint.yaml
      blueprint diff HEAD:service.blueprint.yaml service.blueprint.yaml --format markdown
      blueprint diff old.blueprint.yaml new.blueprint.yaml --fail-on-increase
    """
    from blueprint.diff import compare, read_side
    from blueprint.i18n import resolve_lang

    chosen = resolve_profile(profile)
    before = read_side(old)
    after = read_side(new)
    result = compare(before, after, old, new, chosen)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        out_lang = resolve_lang(lang, after.language)
        if fmt == "markdown":
            click.echo(render_markdown(result, out_lang), nl=False)
        else:
            import shutil

            colored = use_color(color, no_color)
            width = shutil.get_terminal_size((100, 24)).columns
            click.echo(render_table(result, out_lang, colored, width), nl=False, color=colored)
    if fail_on_increase and result.increase:
        raise SystemExit(1)
