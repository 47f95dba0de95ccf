"""``blueprint init``: write a commented starter blueprint."""

from __future__ import annotations

import click

from blueprint.cli.commands.options import color_option, force_option
from blueprint.vocabulary import LANGS

DEFAULT_PATH = "service.blueprint.yaml"


def template_text(lang: str) -> str:
    """The starter blueprint shipped with the package, in ``en`` or ``zh-TW``."""
    from importlib import resources

    name = f"service.{lang}.blueprint.yaml"
    return resources.files("blueprint").joinpath("templates", name).read_text(encoding="utf-8")


@click.command(name="init")
@click.argument("path", required=False, default=DEFAULT_PATH, type=click.Path(dir_okay=False))
@click.option(
    "--lang",
    type=click.Choice(LANGS, case_sensitive=False),
    default=None,
    metavar="[en|zh-TW]",
    help="Language of the starter file and of the messages: en or zh-TW (default: LC_ALL/LC_MESSAGES/LANG, "
    "then en).",
)
@force_option("PATH")
@color_option
def command(path: str, lang: str | None, force: bool, color: str, no_color: bool) -> None:
    """Write a commented starter blueprint that passes 'blueprint check'.

    It has the editor modeline, two phases, one step in each lane and one failure
    mode with an action, each key explained in a comment. PATH defaults to
    service.blueprint.yaml; an existing file is never overwritten without --force.

    \b
    Examples:
      blueprint init
      blueprint init checkout.blueprint.yaml --lang zh-TW
      blueprint init service.blueprint.yaml --force
    """
    from blueprint.common.io import write_atomic
    from blueprint.i18n import resolve_lang, t

    chosen = resolve_lang({"zh-tw": "zh-TW", "en": "en"}.get((lang or "").lower()))
    written = write_atomic(path, template_text(chosen).encode("utf-8"), force=force)
    click.echo(t("init.written", chosen, path=written))
    click.echo(t("init.next", chosen, path=written))
