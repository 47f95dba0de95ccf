"""Hypothesis strategies: valid blueprints with hostile text, dumped as YAML text.

Used by the property tests of every command. Blueprints have random lanes and phases,
flows with loops, dependencies, failures with actions, and text in any script
(CJK, right-to-left, emoji, control characters, very long strings).
"""

from __future__ import annotations

import io
import random
from typing import Any

from hypothesis import strategies as st

LANES = ("customer", "frontstage", "backstage", "support")

HOSTILE = [
    "門號無訊號",
    "שירות לקוחות",
    "مرحبا",
    "😀🚚📦",
    "<script>alert(1)</script>",
    '"quoted" \\ back\\slash',
    "a & b < c > d",
    "line\nbreak",
    "tab\there",
    "]] --> {braces} %% #comment |pipe|",
    "=cmd|' /C calc'!A0",
    "\x07bell\x1bescape",
    "x" * 300,
]

# NEL and the Unicode line separators are line breaks to YAML: emitters leave them raw
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff\x85\u2028\u2029"),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s.strip() != ""),
)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)
rating = st.integers(1, 10)


@st.composite
def blueprints(draw: st.DrawFn, max_steps: int = 8) -> dict[str, Any]:
    """A schema-valid blueprint as plain data (references may loop, never dangle)."""
    n = draw(st.integers(1, max_steps))
    step_ids = draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    use_phases = draw(st.booleans())
    phase_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True)) if use_phases else []
    steps = []
    for sid in step_ids:
        step: dict[str, Any] = {"id": sid, "lane": draw(st.sampled_from(LANES)), "title": draw(text)}
        if phase_ids:
            step["phase"] = draw(st.sampled_from(phase_ids))
        if draw(st.booleans()):
            step["next"] = draw(st.lists(st.sampled_from(step_ids), max_size=2, unique=True))
        if draw(st.booleans()):
            step["uses"] = draw(st.lists(st.sampled_from(step_ids), max_size=2, unique=True))
        if step["lane"] == "customer" and draw(st.booleans()):
            step["evidence"] = draw(st.lists(text, max_size=2))
            step["emotion"] = draw(st.integers(-2, 2))
        if draw(st.booleans()):
            step["time"] = {
                "expected": f"{draw(st.integers(1, 90))}m",
                "tolerance": f"{draw(st.integers(1, 90))}m",
            }
        failures = []
        for j in range(draw(st.integers(0, 2))):
            failure: dict[str, Any] = {
                "id": f"{sid}-f{j}",
                "mode": draw(text),
                "effect": draw(text),
                "severity": draw(rating),
                "occurrence": draw(rating),
                "detection": draw(rating),
            }
            if draw(st.booleans()):
                action: dict[str, Any] = {
                    "title": draw(text),
                    "owner": draw(text),
                    "due": "2027-01-15",
                    "status": draw(st.sampled_from(["open", "in-progress", "done", "dropped"])),
                }
                if action["status"] == "done" and draw(st.booleans()):
                    action["revised"] = {
                        "severity": draw(rating),
                        "occurrence": draw(rating),
                        "detection": draw(rating),
                    }
                failure["actions"] = [action]
            if draw(st.booleans()):
                failure["justification"] = draw(text)
            failures.append(failure)
        if failures:
            step["failures"] = failures
        steps.append(step)
    data: dict[str, Any] = {"blueprint": 1, "title": draw(text), "steps": steps}
    if phase_ids:
        data["phases"] = [{"id": p, "title": draw(text)} for p in phase_ids]
    if draw(st.booleans()):
        data["economics"] = {
            "customers": draw(st.integers(0, 10**6)),
            "revenue_per_customer": 1200,
            "currency": "TWD",
        }
    data["language"] = draw(st.sampled_from(["en", "zh-TW"]))
    return data


def shuffled(data: Any, seed: int) -> Any:
    """The same data with every mapping's keys in another order."""
    rng = random.Random(seed)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            items = list(node.items())
            rng.shuffle(items)
            return {k: walk(v) for k, v in items}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(data)


def to_yaml(data: Any) -> str:
    """YAML text for ``data`` (block style, Unicode kept, control characters escaped)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()
