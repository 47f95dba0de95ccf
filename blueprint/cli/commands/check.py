"""``blueprint check``: validate and lint blueprint files; risk gates for CI."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import project_config, resolve_profile, say, setting, use_color
from blueprint.cli.commands.options import color_option, lang_option, profile_option
from blueprint.errors import EXIT_FINDINGS, EXIT_USAGE
from blueprint.vocabulary import FAIL_ON, FINDING_FORMATS

if TYPE_CHECKING:
    from blueprint.rules import Options


@click.command(name="check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FINDING_FORMATS),
    default="text",
    show_default=True,
    help="Output format. Machine formats print nothing else on standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON, case_sensitive=False),
    default="H",
    show_default=True,
    help="Action priority at or above which a failure needs an action or a justification.",
)
@click.option(
    "--max-rpn", type=click.IntRange(1, 1000), default=None, help="Also require an action above this RPN."
)
@click.option("--disable", multiple=True, metavar="CODE", help="Turn a rule off (repeatable), e.g. BP006.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files matching this glob (repeatable); replaces 'exclude' from the configuration.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for many files (default: the number of CPUs).",
)
@profile_option
@lang_option
@color_option
def command(
    paths: tuple[str, ...],
    fmt: str,
    fail_on: str,
    max_rpn: int | None,
    profile: str | None,
    disable: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int | None,
    lang: str | None,
    color: str,
    no_color: bool,
) -> None:
    """Validate and lint blueprint files; enforce the risk gates.

    PATHS are files or folders (every *.blueprint.yaml below a folder, in sorted
    order). Exit 0 when clean, 1 when any error is found, 2 when a file cannot be
    read or the command line is wrong. Defaults come from [tool.blueprint] in
    pyproject.toml or from .blueprint.toml (the nearest one upward); flags win.

    \b
    Examples:
      blueprint check examples/
      blueprint check service.blueprint.yaml --fail-on M
      blueprint check . --max-rpn 120 --disable BP006
      blueprint check . --format sarif > results.sarif
    """
    from blueprint.cli.progress import progress
    from blueprint.i18n import resolve_lang, t
    from blueprint.output.formats import FINDINGS
    from blueprint.output.views import FindingsView
    from blueprint.rules.checker import check_files, collect, default_jobs

    config = project_config()
    excluded = setting("exclude", exclude, config.exclude) or ()
    base = None if excluded is exclude else config.root
    options = _options(fail_on, max_rpn, disable, profile)
    files = collect(paths, excluded, base)
    # files named one by one and all excluded (a pre-commit run) are not a usage error
    if not files and not all(os.path.isfile(p) for p in paths):
        raise click.UsageError(say("check.no_files", paths=", ".join(paths)))
    # the progress label's language: the files' own is not known before they are read
    with progress(len(files), t("progress.check", resolve_lang(lang))) as bar:
        reports = []
        for report in check_files(files, options, jobs or default_jobs()):
            reports.append(report)
            bar.advance()
    languages = {r.language for r in reports if r.language}
    out_lang = resolve_lang(lang, languages.pop() if len(languages) == 1 else None)
    colored = fmt == "text" and use_color(color, no_color)
    view = FindingsView(reports, lang=out_lang, color=colored)
    # color=: click would otherwise strip the codes of --color always off a pipe
    click.echo(FINDINGS.get(fmt)(view), nl=False, color=colored)
    if any(r.unreadable for r in reports):
        raise SystemExit(EXIT_USAGE)
    if any(r.errors for r in reports):
        raise SystemExit(EXIT_FINDINGS)


def _options(fail_on: str, max_rpn: int | None, disable: tuple[str, ...], profile: str | None) -> Options:
    """The gates and rules of the run: each flag given, else the project configuration's, else
    its default; a usage error for an unknown rule or profile."""
    from blueprint.rules import Options, rule_by_code

    config = project_config()
    fail_on = setting("fail_on", fail_on, config.fail_on)
    max_rpn = setting("max_rpn", max_rpn, config.max_rpn)
    disable = setting("disable", disable, config.disable)
    table = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    disabled = set()
    for code in disable:
        rule = rule_by_code(code)
        if rule is None:
            raise click.BadParameter(say("cli.no_rule", code=code), param_hint="--disable")
        disabled.add(rule.code)
    return Options(
        fail_on=fail_on.upper() if fail_on.lower() != "none" else "NONE",
        max_rpn=max_rpn,
        profile=table,
        disabled=frozenset(disabled),
    )
