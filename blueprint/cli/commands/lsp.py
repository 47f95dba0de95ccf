"""``blueprint lsp``: the language server for editors, over standard input and output."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from blueprint.lsp.settings import Settings


@click.command(name="lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only way).")
def command(stdio: bool) -> None:
    """Run the language server for editors (LSP over standard input and output).

    Editors start it for *.blueprint.yaml files: live findings from 'check', hover
    scores, go to definition, completion, outline, quick fixes, formatting and a
    diagram preview. Needs the optional extra: pip install 'blueprint-fmea[lsp]'.
    See docs/editors.md for VS Code, Neovim, Helix and JetBrains.

    \b
    Examples:
      blueprint lsp
      blueprint lsp --stdio
    """
    from blueprint.errors import ToolMissingError
    from blueprint.i18n import resolve_lang, t

    try:
        import pygls  # noqa: F401
    except ImportError:
        raise ToolMissingError(t("lsp.install", resolve_lang(None))) from None
    from blueprint.lsp.server import run

    run(settings_for)


def settings_for(path: str) -> Settings:
    """The settings ``check`` would use for the file at ``path``, its folder as the start."""
    import os
    from dataclasses import replace

    from blueprint.analysis.ap import load_profile
    from blueprint.cli.config import load_config, rule_options
    from blueprint.errors import BlueprintError
    from blueprint.lsp.settings import Settings
    from blueprint.rules import Options
    from blueprint.rules.checker import collect

    try:
        config = load_config(os.path.dirname(os.path.abspath(path)))
        options = rule_options(config)
        # resolved once: a bad profile is reported and the defaults apply
        options = replace(options, profile=load_profile(options.profile))
    except BlueprintError as exc:
        return Settings(Options(), problem=str(exc))
    patterns = config.exclude or ()
    excluded = bool(patterns) and not collect([path], patterns, config.root)
    return Settings(options, excluded=excluded)
