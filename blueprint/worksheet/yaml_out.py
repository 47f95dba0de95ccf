"""An imported blueprint written as YAML in the canonical layout ``blueprint fmt`` keeps.

The data comes from :func:`blueprint.worksheet.build.build_blueprint` in the schema's key
order; this module gives it the examples' flow style for short maps and quotes text as
``fmt`` quotes it, so ``fmt --check`` passes on an imported file.
"""

from __future__ import annotations

import re
from typing import Any, Final

__all__ = ["MODELINE", "yaml_text"]

MODELINE: Final = "# yaml-language-server: $schema=blueprint.schema.json"
_FLOW_KEYS: Final = ("controls", "revised")
_DATE: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_QUOTED_DATE = re.compile(r"^(\s*(?:- )?due: )'([0-9]{4}-[0-9]{2}-[0-9]{2})'$", re.MULTILINE)


def _commented(node: Any, flow: bool = False, quote: Any = None) -> Any:
    """Plain data -> ruamel's round-trip types, with the examples' flow style for short maps."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    quote = quote or _quoter()
    if isinstance(node, dict):
        m = CommentedMap((k, _commented(v, k in _FLOW_KEYS, quote)) for k, v in node.items())
        if flow:
            m.fa.set_flow_style()
        return m
    if isinstance(node, list):
        return CommentedSeq(_commented(v, False, quote) for v in node)
    return quote(node) if isinstance(node, str) else node


def _quoter() -> Any:
    """Text -> itself, or single-quoted where a YAML reader could take it plain for something
    else: the loader (YAML 1.2 core), or a YAML 1.1 reader (``yes``, ``1_000``) -- as ``fmt``
    writes it, so that ``fmt`` leaves an imported file as it is. Dates stay plain."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    from blueprint.load.source import resolve_plain

    readers = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))
    text_tag = "tag:yaml.org,2002:str"

    def quote(value: str) -> Any:
        if _DATE.match(value):
            return value
        if not isinstance(resolve_plain(value), str) or any(
            str(r.resolve(ScalarNode, value, (True, False))) != text_tag for r in readers
        ):
            return SingleQuotedScalarString(value)
        return value

    return quote


def yaml_text(data: dict[str, Any], comment: str, display: str) -> str:
    """The blueprint as YAML in the canonical layout (``blueprint fmt`` leaves it as it is)."""
    import io

    from ruamel.yaml import YAML

    from blueprint.load.fmt import WIDTH

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    for flow_phases in (True, False):
        doc = _commented(data)
        for phase in doc.get("phases", []) if flow_phases else ():
            phase.fa.set_flow_style()
        buf = io.StringIO()
        yaml.dump(doc, buf)
        try:  # ruamel leaves a title such as ":x" unquoted in a flow mapping: block style then
            if YAML(typ="safe").load(buf.getvalue()) == data:
                break
        except Exception:  # any parse error: write the phases in block style
            continue
    body = _QUOTED_DATE.sub(r"\1\2", buf.getvalue())  # dates plain, as in hand-written files
    lines = "".join(f"# {line}\n" for line in comment.splitlines())
    # the data is built in the schema's key order and the text quoted as fmt quotes it, so
    # this is fmt's layout already (the tests hold it to that); formatting it again would
    # parse it once more with the pure-Python round-trip reader, most of an import's time
    return f"{MODELINE}\n{lines}{body}"
