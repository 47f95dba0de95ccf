"""Suppression comments: ``# blueprint: ignore[BP007] reason`` silences findings there.

A comment after YAML content covers its own line; a comment alone on its line covers the
next line that is not itself a comment-only line (so several suppressions can be stacked
above one line). Codes are rule codes or names, comma-separated. The reason is required:
a suppression without one silences nothing and is reported as BP020, so that every
accepted risk in a reviewed file says why. BP000 (unreadable) and BP020 itself can never
be suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from blueprint.findings import Finding
from blueprint.load.source import scalar_spans

#: the marker; files without it skip the (slower) scan for comments
MARKER = re.compile(r"blueprint\s*:\s*ignore", re.IGNORECASE)
_COMMENT = re.compile(r"#\s*blueprint\s*:\s*ignore\b(?P<rest>.*)$", re.IGNORECASE)
_CODES = re.compile(r"^\[(?P<codes>[^\]]*)\](?P<reason>.*)$")
#: separators people put between the codes and the reason (``] - reason``, ``]: reason``)
_LEAD = " \t-:–—"
UNSUPPRESSIBLE = frozenset({"BP000", "BP020"})


@dataclass(frozen=True)
class Suppression:
    """One ``# blueprint: ignore[...]`` comment."""

    line: int  # 1-based line of the comment
    col: int  # 1-based column of its ``#``
    codes: tuple[str, ...]  # rule codes (``BP007``), as resolved; unknown names kept as written
    unknown: tuple[str, ...]  # what names no rule
    reason: str
    covers: int  # the line whose findings it silences

    @property
    def valid(self) -> bool:
        """Whether it silences anything: a reason, and at least one known code."""
        return bool(self.reason) and bool(self.codes) and not self.unknown


def _is_comment_only(line: str) -> bool:
    return line.lstrip().startswith("#")


@lru_cache(maxsize=16)
def parse(text: str) -> tuple[Suppression, ...]:
    """Every suppression comment in a file's text, in line order."""
    if not MARKER.search(text):
        return ()
    from blueprint.rules import rule_by_code

    lines = text.splitlines()
    candidates = []
    for number, line in enumerate(lines):
        for found in re.finditer(r"#", line):
            at = found.start()
            # a comment starts a line or follows whitespace; elsewhere '#' is text
            if at > 0 and not line[at - 1].isspace():
                continue
            match = _COMMENT.match(line, at)
            if match:
                candidates.append((number, at, match.group("rest")))
    if not candidates:
        return ()
    spans = scalar_spans(text)
    found_all: list[Suppression] = []
    for number, at, rest in candidates:
        if any(start <= (number, at) < end for start, end in spans):
            continue
        if found_all and found_all[-1].line == number + 1:
            continue  # the rest of the line is inside that comment
        parsed = _CODES.match(rest.strip())
        codes: list[str] = []
        unknown: list[str] = []
        reason = ""
        if parsed:
            for raw in parsed.group("codes").split(","):
                word = raw.strip()
                if not word:
                    continue
                rule = rule_by_code(word)
                if rule is None:
                    unknown.append(word)
                elif rule.code not in codes:
                    codes.append(rule.code)
            # a second suppression on the line is not a reason for the first
            reason = _COMMENT.split(parsed.group("reason"))[0].strip(_LEAD).strip()
        covers = number + 1
        if _is_comment_only(lines[number]):
            covers = number + 2
            while covers <= len(lines) and _is_comment_only(lines[covers - 1]):
                covers += 1
        found_all.append(Suppression(number + 1, at + 1, tuple(codes), tuple(unknown), reason, covers))
    return tuple(found_all)


def apply(findings: Iterable[Finding], suppressions: Iterable[Suppression]) -> list[Finding]:
    """The findings that no valid suppression silences."""
    silenced: dict[int, set[str]] = {}
    for s in suppressions:
        if s.valid:
            silenced.setdefault(s.covers, set()).update(s.codes)
    if not silenced:
        return list(findings)
    return [f for f in findings if f.code in UNSUPPRESSIBLE or f.code not in silenced.get(f.line, ())]
