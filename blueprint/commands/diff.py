"""``blueprint diff``: the risk change between two versions of a blueprint."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from blueprint.commands._common import color_option, lang_option, paint, use_color

if TYPE_CHECKING:
    from blueprint.diff import Diff, FailureChange, Risk

_DASH = "–"
#: the widest a text cell gets in the terminal table, in columns
_CLIP = 34


def _arrow(before: object, after: object) -> str:
    b = _DASH if before is None else str(before)
    a = _DASH if after is None else str(after)
    return b if b == a else f"{b} → {a}"


def _clip(text: str, width: int = _CLIP) -> str:
    """Text cut to ``width`` terminal columns (Chinese characters count two)."""
    from wcwidth import wcwidth

    out, used = "", 0
    for ch in " ".join(text.split()):
        w = max(wcwidth(ch), 0)
        if used + w > width - 1:
            return out + "…"
        out += ch
        used += w
    return out


def _rows(diff: Diff, lang: str, md: bool) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Section key -> (headers, rows), for the sections that have something."""
    from blueprint.i18n import t

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ") if md else _clip(text)

    def fid(change: FailureChange) -> str:
        return f"`{change.id}`" if md else change.id

    def one(risk: Risk) -> list[str]:
        return [cell(risk.step), cell(risk.mode), risk.sod, str(risk.rpn), risk.ap, risk.residual_ap or _DASH]

    sections: dict[str, tuple[list[str], list[list[str]]]] = {}
    cols = [t(f"diff.col.{k}", lang) for k in ("failure", "step", "mode", "sod", "rpn", "ap", "residual")]
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
        sections["diff.changed"] = (cols, rows)
    if diff.added:
        sections["diff.added"] = (cols, [[fid(c), *one(c.after)] for c in diff.added if c.after])
    if diff.removed:
        sections["diff.removed"] = (cols, [[fid(c), *one(c.before)] for c in diff.removed if c.before])
    step_cols = [t(f"diff.col.{k}", lang) for k in ("step", "lane", "title")]
    for key, steps in (("diff.steps_added", diff.steps_added), ("diff.steps_removed", diff.steps_removed)):
        if steps:
            sections[key] = (step_cols, [[f"`{s.id}`" if md else s.id, s.lane, cell(s.title)] for s in steps])
    totals = []
    for level in ("H", "M", "L"):
        n_before, n_after = diff.totals_before.get(level, 0), diff.totals_after.get(level, 0)
        change = f"{n_after - n_before:+d}" if n_after != n_before else "0"
        totals.append([level, str(n_before), str(n_after), change])
    sections["diff.totals"] = (
        [
            t("diff.col.ap", lang),
            t("diff.col.before", lang),
            t("diff.col.after", lang),
            t("diff.col.change", lang),
        ],
        totals,
    )
    return sections


def render_table(diff: Diff, lang: str = "en", color: bool = False) -> str:
    """The diff for people at a terminal (``color``: the risk increase in red)."""
    from tabulate import tabulate

    from blueprint.i18n import t

    out = [t("diff.title", lang, old=diff.old, new=diff.new), ""]
    if diff.empty:
        out += [t("diff.nochange", lang), ""]
    if diff.increase:
        increase = t("diff.increase", lang, n=len(diff.ap_rose), h=len(diff.new_high))
        out += [paint(increase, color, fg="red", bold=True), ""]
    for key, (headers, rows) in _rows(diff, lang, md=False).items():
        out += [t(key, lang), tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True), ""]
    return "\n".join(out).rstrip() + "\n"


def render_markdown(diff: Diff, lang: str = "en") -> str:
    """The diff as Markdown, for a pull-request comment."""
    from blueprint.i18n import t

    out = [f"### {t('diff.title', lang, old=f'`{diff.old}`', new=f'`{diff.new}`')}", ""]
    if diff.empty:
        out += [t("diff.nochange", lang), ""]
    if diff.increase:
        out += [f"**{t('diff.increase', lang, n=len(diff.ap_rose), h=len(diff.new_high))}**", ""]
    for key, (headers, rows) in _rows(diff, lang, md=True).items():
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
@click.option(
    "--profile",
    default=None,
    help="Action Priority profile (default: the configuration's, else aiag-vda-2019).",
)
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
    from blueprint.ap import DEFAULT_PROFILE, load_profile
    from blueprint.config import load_config
    from blueprint.diff import compare, read_side
    from blueprint.i18n import resolve_lang

    chosen = profile or load_config().profile or DEFAULT_PROFILE
    load_profile(chosen)
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
            colored = use_color(color, no_color)
            click.echo(render_table(result, out_lang, colored), nl=False, color=colored)
    if fail_on_increase and result.increase:
        raise SystemExit(1)
