"""``blueprint schema``: print the JSON Schema of the blueprint format."""

from __future__ import annotations

import click


@click.command(name="schema")
def command() -> None:
    """Print the JSON Schema of blueprint format v1.

    Editors use it to validate and complete blueprint files; see the README for
    VS Code's YAML extension.

    \b
    Examples:
      blueprint schema > blueprint.schema.json
      blueprint schema | python -m json.tool
    """
    from blueprint.load.schema import schema_text

    click.echo(schema_text(), nl=False)
