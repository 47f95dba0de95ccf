"""Findings as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every rule (code, name, summary, documentation,
default level), so a viewer can explain a result without the tool. Each result carries
the rule's code and index, its level, the message, the file (a URI relative to the
working folder) with line and column, and a ``partialFingerprints`` entry computed from
the path, the code and the finding's location-independent key: it stays the same when
unrelated lines are added or removed above the finding, so code scanning keeps tracking
an alert instead of closing it and opening a new one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from blueprint import __version__
from blueprint.findings import Finding, Severity
from blueprint.rules.checker import FileReport

if TYPE_CHECKING:
    from blueprint.output.views import FindingsView

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: the ``partialFingerprints`` key; a new recipe would get a new version suffix
FINGERPRINT_KEY = "blueprint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
#: the tool's home page (``tool.driver.informationUri``)
INFORMATION_URI = "https://pypi.org/project/blueprint-fmea/"
#: each rule's ``helpUri``: the README's rules table (``blueprint check``); the rule's full
#: text is in the log itself (``help``) and in ``blueprint explain CODE``
HELP_URI = INFORMATION_URI + "#blueprint-check"


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    """sha256 of (path, code, key), and of the occurrence when findings share those.

    Stable when unrelated lines move. Two findings with the same key (the two steps of a
    duplicated id, say) are told apart by their order in the file, so code scanning
    never merges them into one alert.
    """
    parts = [finding.path, finding.code, finding.key or finding.message]
    if occurrence:
        parts.append(str(occurrence))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding (in file order), unique within the log."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        base = (f.path, f.code, f.key or f.message)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(fingerprint(f, n))
    return out


def artifact_uri(path: str) -> str:
    """A path as a SARIF URI: relative with forward slashes, or ``file://`` when absolute."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or re.match(r"^[A-Za-z]:/", posix):
        return "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:")
    return quote(posix, safe="/")


def _markdown(doc: str) -> str:
    """A rule docstring with its reST ``Bad::`` blocks as fenced YAML, for viewers."""
    out: list[str] = []
    lines = doc.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::") and not line.startswith(" "):
            out.append(line.rstrip()[:-1])
            i += 1
            block: list[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" ")):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            while block and not block[0].strip():
                block.pop(0)
            indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
            out += ["", "```yaml", *(b[indent:] for b in block), "```", ""]
            continue
        out.append(line)
        i += 1
    return "\n".join(out).strip() + "\n"


def _split_doc(doc: str) -> tuple[str, str]:
    """(short description, full description) of a rule docstring."""
    lines = doc.strip().splitlines()
    first = lines[0] if lines else ""
    short = re.sub(r"^BP\d{3}\s+[a-z0-9-]+:\s*", "", first).strip()
    short = short[:1].upper() + short[1:]
    body: list[str] = []
    for line in lines[1:]:
        if line.rstrip().endswith("::") and not line.startswith(" "):
            break
        body.append(line)
    full = " ".join(" ".join(body).split()) or short
    return short, full


def rules_descriptors() -> tuple[list[dict[str, Any]], dict[str, int]]:
    """``tool.driver.rules`` for every rule, and the index of each code in it."""
    from blueprint.rules import all_rules

    descriptors = []
    index = {}
    for i, rule in enumerate(all_rules()):
        short, full = _split_doc(rule.doc)
        descriptors.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": short},
                "fullDescription": {"text": full},
                "help": {"text": rule.doc.strip() + "\n", "markdown": _markdown(rule.doc)},
                "helpUri": HELP_URI,
                "defaultConfiguration": {"level": _LEVELS[rule.severity]},
                "properties": {"tags": ["blueprint"]},
            }
        )
        index[rule.code] = i
    return descriptors, index


def result(finding: Finding, rule_index: dict[str, int], print_: str = "") -> dict[str, Any]:
    """One SARIF result (``print_``: its fingerprint, by default from its key alone)."""
    out: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in rule_index:
        out["ruleIndex"] = rule_index[finding.code]
    out.update(
        {
            "level": _LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(finding.path)},
                        "region": {"startLine": max(1, finding.line), "startColumn": max(1, finding.col)},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: print_ or fingerprint(finding)},
        }
    )
    return out


def sarif_log(reports: Sequence[FileReport]) -> dict[str, Any]:
    """The whole SARIF log as a dict."""
    descriptors, index = rules_descriptors()
    findings = sorted(f for r in reports for f in r.findings)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "blueprint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    result(f, index, p) for f, p in zip(findings, fingerprints(findings), strict=True)
                ],
            }
        ],
    }


def render(view: FindingsView) -> str:
    """The SARIF log as indented JSON text."""
    return json.dumps(sarif_log(view.reports), ensure_ascii=False, indent=2) + "\n"
