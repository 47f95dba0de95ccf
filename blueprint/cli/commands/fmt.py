"""``blueprint fmt``: rewrite blueprint files in the canonical layout, keeping comments."""

from __future__ import annotations

from collections import Counter

import click

from blueprint.cli.commands._common import project_config, setting, use_color
from blueprint.cli.commands.options import color_option, config_options, lang_option
from blueprint.errors import EXIT_FINDINGS, EXIT_USAGE
from blueprint.output.style import paint


@click.command(name="fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and list the files that would change.")
@click.option(
    "--diff", is_flag=True, help="Write nothing; print a unified diff of the changes, exit 1 if any."
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files matching this glob (repeatable); replaces 'exclude' from the configuration.",
)
@config_options
@lang_option
@color_option
def command(
    paths: tuple[str, ...],
    check: bool,
    diff: bool,
    exclude: tuple[str, ...],
    lang: str | None,
    color: str,
    no_color: bool,
) -> None:
    """Rewrite blueprint files in one canonical layout, keeping every comment.

    Keys follow the order of the format's schema, lists are indented under their key,
    long lines are never folded, quotes and short [a, b] lists are kept. The meaning
    never changes, and files that are not valid blueprints are refused (exit 2).
    Writes are atomic. Exit 0 when done; with --check or --diff, 1 when a file would
    change.

    \b
    Examples:
      blueprint fmt service.blueprint.yaml
      blueprint fmt --check .
      blueprint fmt --diff examples/
    """
    from blueprint.i18n import plural, resolve_lang, t
    from blueprint.rules.checker import collect

    out_lang = resolve_lang(lang)
    colored = use_color(color, no_color)
    config = project_config()
    excluded = setting("exclude", exclude, config.exclude) or ()
    files = collect(paths, excluded, None if excluded is exclude else config.root)
    outcomes = Counter(_format_one(path, check, diff, colored, out_lang) for path in files)
    changed, unchanged = outcomes["changed"], outcomes["unchanged"]
    n_changed = plural("count.files", changed, out_lang)
    n_unchanged = plural("count.files", unchanged, out_lang)
    key = "fmt.summary.check" if check or diff else "fmt.summary"
    click.echo(t(key, out_lang, changed=n_changed, unchanged=n_unchanged), err=diff)
    if outcomes["failed"]:
        raise SystemExit(EXIT_USAGE)
    if changed and (check or diff):
        raise SystemExit(EXIT_FINDINGS)


def _format_one(path: str, check: bool, diff: bool, colored: bool, lang: str) -> str:
    """Format one file (or show its diff, or name it under ``--check``): ``changed``,
    ``unchanged``, or ``failed`` when it cannot be formatted (the reason on standard error)."""
    from blueprint.common.io import write_atomic
    from blueprint.common.paths import display_path
    from blueprint.errors import BlueprintError
    from blueprint.i18n import t
    from blueprint.load.fmt import format_file, unified_diff

    try:
        result = format_file(path, display_path(path))
        if result.changed:
            _same_findings(result.original, result.formatted, result.path)
    except BlueprintError as exc:
        from blueprint.common.plain import one_line

        # the message may quote the file: one line, no terminal controls
        click.echo(f"blueprint: {one_line(exc.text_in(lang))}", err=True)
        return "failed"
    if not result.changed:
        return "unchanged"
    if diff:
        click.echo(_paint_diff(unified_diff(result), colored), nl=False, color=colored)
    elif check:
        click.echo(t("fmt.would", lang, path=result.path))
    else:
        write_atomic(path, result.formatted.encode("utf-8"))
        click.echo(t("fmt.reformatted", lang, path=result.path))
    return "changed"


def _same_findings(before: str, after: str, shown: str) -> None:
    """Refuse a layout that changes what ``check`` reports (a suppression comment that
    moved away from what it silences), with every gate at its strictest."""
    from blueprint.errors import LoadError
    from blueprint.findings import Finding
    from blueprint.i18n import msg
    from blueprint.load.loader import load_bytes
    from blueprint.rules import Options, run_rules, suppress

    def findings(text: str) -> list[Finding]:
        loaded = load_bytes(text.encode("utf-8"), shown)
        found = run_rules(loaded, Options(fail_on="L", max_rpn=1))
        return suppress.apply(found, suppress.parse(text))

    old, new = findings(before), findings(after)
    old_keys = [(f.code, f.key or f.message) for f in old]
    new_keys = [(f.code, f.key or f.message) for f in new]
    if sorted(old_keys) == sorted(new_keys):
        return
    lost = [f for f, k in zip(old, old_keys, strict=True) if k not in new_keys]
    gained = [f for f, k in zip(new, new_keys, strict=True) if k not in old_keys]
    first = (lost or gained)[0]
    raise LoadError.worded(
        msg("fmt.findings", finding=f"{first.code} {first.message}"), shown, first.line, first.col
    )


def _paint_diff(text: str, colored: bool) -> str:
    """A unified diff with added lines green, removed lines red and hunk headers cyan."""
    if not colored:
        return text
    styles: list[tuple[tuple[str, ...], dict[str, object]]] = [
        (("+++", "---"), {"bold": True}),
        (("+",), {"fg": "green"}),
        (("-",), {"fg": "red"}),
        (("@@",), {"fg": "cyan"}),
    ]
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        style = next((st for prefixes, st in styles if body.startswith(prefixes)), None)
        out.append((paint(body, True, **style) if style else body) + line[len(body) :])
    return "".join(out)
