"""The project configuration that applies to a document, as ``check`` would read it.

``check`` starts its search in the working folder; an editor has no such folder per
file, so the search starts in the document's own folder and goes up from there. A
configuration that cannot be used is reported once and the defaults apply.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from blueprint.errors import BlueprintError
from blueprint.rules import Options


@dataclass(frozen=True)
class Settings:
    """The rule options for one document, the excluded patterns, and any problem found."""

    options: Options
    excluded: bool = False
    problem: str | None = None


def settings_for(path: str) -> Settings:
    """The settings of the file at ``path``: its project configuration, else the defaults."""
    from blueprint.ap import load_profile
    from blueprint.config import load_config
    from blueprint.rules import rule_by_code

    try:
        config = load_config(os.path.dirname(os.path.abspath(path)))
        disabled = set()
        for code in config.disable or ():
            rule = rule_by_code(code)
            if rule is not None:
                disabled.add(rule.code)
        fail_on = config.fail_on or "H"
        options = Options(
            fail_on=fail_on.upper() if fail_on.lower() != "none" else "NONE",
            max_rpn=config.max_rpn,
            profile=config.profile or Options().profile,
            disabled=frozenset(disabled),
        )
        load_profile(options.profile)  # a bad profile is reported, the defaults apply
    except BlueprintError as exc:
        return Settings(Options(), problem=str(exc))
    return Settings(options, excluded=_excluded(path, config.exclude or (), config.root))


def _excluded(path: str, patterns: tuple[str, ...], root: str | None) -> bool:
    """Whether ``check`` on the project would skip this file (its ``exclude`` patterns)."""
    if not patterns:
        return False
    from blueprint.checker import collect

    return not collect([path], patterns, root)
