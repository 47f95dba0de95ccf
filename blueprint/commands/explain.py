"""``blueprint explain``: a rule's documentation, from the rule's own docstring."""

from __future__ import annotations

import click


@click.command(name="explain")
@click.argument("code", required=False)
def command(code: str | None) -> None:
    """Explain a rule: what it catches, why it matters, a failing and a passing snippet.

    Without CODE, list every rule. CODE is a code (BP007) or a name (unaddressed-risk).

    \b
    Examples:
      blueprint explain
      blueprint explain BP007
      blueprint explain unknown-reference
    """
    import difflib

    from blueprint.rules import all_rules, rule_by_code

    rules = all_rules()
    if code is None:
        width = max(len(r.name) for r in rules)
        for r in rules:
            summary = _plain(r.summary.split(":", 1)[-1].strip())
            click.echo(f"{r.code}  {r.name.ljust(width)}  {r.severity.value:<7}  {summary}")
        return
    rule = rule_by_code(code)
    if rule is None:
        words = [r.code for r in rules] + [r.name for r in rules]
        close = difflib.get_close_matches(code, words, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else "; 'blueprint explain' lists them"
        raise click.BadParameter(f"no rule '{code}'{hint}", param_hint="CODE")
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value})\n")
    head, _, rest = rule.doc.partition("\n")
    summary = _plain(head.split(":", 1)[-1].strip())
    click.echo(summary[:1].upper() + summary[1:])
    if rest:
        click.echo(_plain(rest.rstrip()))


def _plain(text: str) -> str:
    """The docstring's reStructuredText, as a terminal shows it."""
    return text.replace("``", "`").replace("::\n", ":\n")
