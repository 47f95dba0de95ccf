"""``blueprint diff``: the risk change between two versions of a blueprint."""

from __future__ import annotations

import click

from blueprint.cli.commands._common import resolve_profile, use_color
from blueprint.cli.commands.options import color_option, lang_option, profile_option
from blueprint.errors import EXIT_FINDINGS
from blueprint.vocabulary import DIFF_FORMATS


@click.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
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
    import shutil

    from blueprint.analysis.diff import compare, read_side
    from blueprint.i18n import resolve_lang
    from blueprint.output.formats import DIFF
    from blueprint.output.views import DiffView

    chosen = resolve_profile(profile)
    before = read_side(old)
    after = read_side(new)
    result = compare(before, after, old, new, chosen)
    colored = fmt == "table" and use_color(color, no_color)
    view = DiffView(
        result,
        lang=resolve_lang(lang, after.chrome_language),
        color=colored,
        width=shutil.get_terminal_size((100, 24)).columns,
    )
    click.echo(DIFF.get(fmt)(view), nl=False, color=colored)
    if fail_on_increase and result.increase:
        raise SystemExit(EXIT_FINDINGS)
