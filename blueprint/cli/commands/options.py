"""The options several commands share, declared once so that their names, help and
behaviour are the same everywhere: language, colour, the AP profile and the project
configuration, and the output file (``-o``, ``--mkdir``, ``--force``).

Only Click and :mod:`blueprint.vocabulary` are imported here, so ``--help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from blueprint.vocabulary import COLOR_MODES, LANGS

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

F = TypeVar("F", bound=Callable[..., Any])

#: the metavar of every ``-o``: the file a command writes
OUT = "OUT"

#: the help of ``-o`` on the commands that print to standard output unless told otherwise
INSTEAD_OF_STDOUT = (
    "Write to this file instead of standard output (replaced if it exists; '-' is standard "
    "output; never the blueprint or profile read)."
)


def _complete_langs(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``en`` and ``zh-TW`` as written (Click's own completion would lower-case them)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(v) for v in ("en", "zh-TW") if v.lower().startswith(incomplete.lower())]


def lang_option(func: F) -> F:
    """``--lang en|zh-TW``: the language of text for people."""
    return click.option(
        "--lang",
        type=click.Choice(LANGS, case_sensitive=False),
        default=None,
        metavar="[en|zh-TW]",
        shell_complete=_complete_langs,
        help="Language of the output for people: en or zh-TW (default: the blueprint's "
        "'language:', then LC_ALL/LC_MESSAGES/LANG, then en).",
    )(func)


def color_option(func: F) -> F:
    """``--color auto|always|never`` and ``--no-color``."""
    func = click.option(
        "--no-color", is_flag=True, help="Never use colour (same as --color never, or NO_COLOR set)."
    )(func)
    return click.option(
        "--color",
        type=click.Choice(COLOR_MODES),
        default="auto",
        show_default=True,
        help="Colour the output: auto colours only on a terminal; always also through a pipe (CI logs).",
    )(func)


def profile_option(func: F) -> F:
    """``--profile NAME|PATH`` (see ``resolve_profile``), with ``--config`` and ``--isolated``."""
    func = config_options(func)
    return click.option(
        "--profile",
        default=None,
        metavar="NAME|PATH",
        help="Action Priority profile: aiag-vda-2019, sae-rm13004 or a JSON file "
        "(default: 'profile' from the project configuration, else aiag-vda-2019).",
    )(func)


def _remember(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        ctx.meta[key] = value
        return value

    return callback


def config_options(func: F) -> F:
    """``--config FILE`` and ``--isolated``, on every command that reads the project configuration."""
    func = click.option(
        "--isolated",
        is_flag=True,
        expose_value=False,
        callback=_remember("blueprint.isolated"),
        help="Ignore every configuration file.",
    )(func)
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_remember("blueprint.config_file"),
        help="Read this configuration file instead of searching for pyproject.toml or .blueprint.toml.",
    )(func)


def output_option(help: str, *, required: bool = False) -> Callable[[F], F]:
    """``-o/--output OUT``: the file the command writes; ``help`` says what it holds.

    The path is checked when the command runs (``prepare_output``), not by Click, so that a
    folder, a missing folder or an input of the run are refused in the user's language.
    """

    def decorate(func: F) -> F:
        return click.option("-o", "--output", metavar=OUT, default=None, required=required, help=help)(func)

    return decorate


def mkdir_option(func: F) -> F:
    """``--mkdir``: create the output's missing parent folders."""
    return click.option("--mkdir", is_flag=True, help="Create the output's parent folders when missing.")(
        func
    )


def force_option(target: str = OUT) -> Callable[[F], F]:
    """``--force``: overwrite ``target`` (the output's metavar) when it exists."""

    def decorate(func: F) -> F:
        return click.option("--force", is_flag=True, help=f"Overwrite {target} if it exists.")(func)

    return decorate
