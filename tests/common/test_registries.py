"""Every format the command line offers is registered, and every registered writer exists."""

from __future__ import annotations

import pytest

from blueprint import vocabulary
from blueprint.common.registry import Registry
from blueprint.output import formats
from blueprint.render import RENDERERS
from blueprint.report.outputs import PORTFOLIO, REPORTS

FAMILIES: list[tuple[Registry[object, object], tuple[str, ...]]] = [
    (formats.FINDINGS, vocabulary.FINDING_FORMATS),
    (formats.FMEA, vocabulary.FMEA_FORMATS),
    (formats.DIFF, vocabulary.DIFF_FORMATS),
    (formats.MATRIX, vocabulary.MATRIX_FORMATS),
    (formats.GRAPH, vocabulary.GRAPH_FORMATS),
    (formats.GRAPH_EXPORT, vocabulary.GRAPH_EXPORTS),
    (RENDERERS, vocabulary.RENDER_FORMATS),
    (REPORTS, vocabulary.REPORT_FORMATS),
    (PORTFOLIO, vocabulary.PORTFOLIO_FORMATS),
]


@pytest.mark.parametrize(("registry", "offered"), FAMILIES, ids=lambda x: getattr(x, "family", ""))
def test_what_the_command_line_offers_is_registered(
    registry: Registry[object, object], offered: tuple[str, ...]
) -> None:
    assert sorted(registry.names()) == sorted(offered)
    for name in registry.names():
        assert callable(registry.get(name))


def test_an_unknown_format_names_the_family_and_its_formats() -> None:
    with pytest.raises(KeyError, match="no diff format 'yaml' \\(formats: table, markdown, json\\)"):
        formats.DIFF.get("yaml")
