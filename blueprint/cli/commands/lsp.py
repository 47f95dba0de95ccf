"""``blueprint lsp``: the language server for editors, over standard input and output."""

from __future__ import annotations

import click


@click.command(name="lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only way).")
def command(stdio: bool) -> None:
    """Run the language server for editors (LSP over standard input and output).

    Editors start it for *.blueprint.yaml files: live findings from 'check', hover
    scores, go to definition, completion, outline, quick fixes, formatting and a
    diagram preview. Needs the optional extra: pip install 'blueprint-fmea[lsp]'.
    See docs/editors.md for VS Code, Neovim, Helix and JetBrains.
    """
    from blueprint.errors import ToolMissingError
    from blueprint.i18n import resolve_lang, t

    try:
        import pygls  # noqa: F401
    except ImportError:
        raise ToolMissingError(t("lsp.install", resolve_lang(None))) from None
    from blueprint.lsp.server import run

    run()
