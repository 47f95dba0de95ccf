"""``blueprint explain``: a rule's documentation, from the rule's own docstring."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import use_color
from blueprint.cli.commands.options import color_option, lang_option
from blueprint.output.style import paint

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from blueprint.rules import Rule


def _complete_codes(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Rule codes and names, for shell completion of CODE."""
    from click.shell_completion import CompletionItem

    from blueprint.rules import all_rules

    out = []
    for rule in all_rules():
        summary = rule.summary.split(":", 1)[-1].strip()
        for word in (rule.code, rule.name):
            if word.lower().startswith(incomplete.lower()):
                out.append(CompletionItem(word, help=summary))
    return out


@click.command(name="explain")
@click.argument("code", required=False, shell_complete=_complete_codes)
@lang_option
@color_option
def command(code: str | None, lang: str | None, color: str, no_color: bool) -> None:
    """Explain a rule: what it catches, why it matters, a failing and a passing snippet.

    Without CODE, list every rule. CODE is a code (BP007) or a name (unaddressed-risk).
    The documentation itself is in English; with --lang zh-TW the heading and the rule
    list are in Chinese.

    \b
    Examples:
      blueprint explain
      blueprint explain BP007
      blueprint explain unknown-reference --lang zh-TW
    """
    from blueprint.common.suggest import nearest
    from blueprint.i18n import resolve_lang, t
    from blueprint.rules import all_rules, rule_by_code

    out_lang = resolve_lang(lang)
    colored = use_color(color, no_color)
    rules = all_rules()
    if code is None:
        click.echo(_listing(rules, out_lang, colored), nl=False, color=colored)
        return
    rule = rule_by_code(code)
    if rule is None:
        words = [r.code for r in rules] + [r.name for r in rules]
        close = nearest(code, words)
        said = t("cli.no_rule.close", out_lang, code=code, close=close) if close else None
        raise click.BadParameter(said or t("cli.no_rule.list", out_lang, code=code), param_hint="CODE")
    click.echo(_page(rule, out_lang, colored), nl=False, color=colored)


def _summary(rule: Rule, lang: str) -> str:
    """The rule's one-line summary: the docstring's first line, or its Chinese in the catalogue."""
    from blueprint.i18n import catalogues, t

    key = f"rule.{rule.code}.summary"
    if lang != "en" and key in catalogues()[lang]:
        return t(key, lang)
    return _plain(rule.summary.split(":", 1)[-1].strip())


def _listing(rules: tuple[Rule, ...], lang: str, colored: bool) -> str:
    """One line per rule: code, name, severity, summary."""
    from wcwidth import wcswidth

    from blueprint.i18n import t

    name_width = max(len(r.name) for r in rules)
    severities = {r.code: t(f"severity.{r.severity.value}", lang) for r in rules}
    sev_width = max(wcswidth(s) for s in severities.values())
    lines = []
    for r in rules:
        sev = severities[r.code]
        pad = " " * (sev_width - wcswidth(sev))
        shown = paint(sev, colored, fg="red" if r.severity.value == "error" else "yellow")
        lines.append(f"{r.code}  {r.name.ljust(name_width)}  {shown}{pad}  {_summary(r, lang)}")
    return "\n".join(lines) + "\n"


def _page(rule: Rule, lang: str, colored: bool) -> str:
    """The heading, then the docstring as a terminal shows it."""
    from blueprint.i18n import t

    heading = t(
        "explain.heading",
        lang,
        code=rule.code,
        name=rule.name,
        severity=t(f"severity.{rule.severity.value}", lang),
    )
    out = [paint(heading, colored, bold=True)]
    note = t("explain.doc_language", lang)
    if note:
        out += [_summary(rule, lang), note]
    out.append("")
    head, _, rest = rule.doc.partition("\n")
    summary = _plain(head.split(":", 1)[-1].strip())
    out.append(summary[:1].upper() + summary[1:])
    for line in _plain(rest.rstrip()).splitlines():
        if line.startswith("Bad"):
            line = paint(line, colored, fg="red", bold=True)
        elif line.startswith("Good"):
            line = paint(line, colored, fg="green", bold=True)
        out.append(line)
    return "\n".join(out) + "\n"


def _plain(text: str) -> str:
    """The docstring's reStructuredText, as a terminal shows it."""
    return text.replace("``", "`").replace("::\n", ":\n")
