"""The portfolio page: self-contained, every journey's diagram inlined, hostile text kept as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from blueprint.report.assets import SCRIPT
from tests.conftest import ROOT
from tests.helpers import invoke
from tests.report.test_report_hostile import HOSTILE, TITLE

FILES = [str(ROOT / "examples" / f"{n}.blueprint.yaml") for n in ("promo-card", "telecom-sim-swap")]

pytestmark = pytest.mark.requires("dot")


class Collect(HTMLParser):
    """Tags, attributes with URLs, and the text of each element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_script = tag == "script"
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value and not value.startswith("#"):
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
            self._in_script = False


def _page(*args: str) -> str:
    result = invoke("portfolio", *args, "--format", "html", catch=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_page_fetches_nothing_and_inlines_each_journeys_diagram() -> None:
    page = _page(*FILES, "--lang", "en")
    parsed = Collect()
    parsed.feed(page)
    assert parsed.urls == []
    assert parsed.scripts == [SCRIPT]
    assert parsed.tags.count("svg") == 2 * len(FILES)  # light and dark for each journey
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "no id twice on the page"
    for section in ("summary", "matrix", "failures", "journeys"):
        assert f'<section id="{section}"' in page
    rows = re.findall(r'<tr id="failure-(\d+)"', page)
    every = sum(len(json.loads(invoke("fmea", f, "--format", "json").stdout)["failures"]) for f in FILES)
    assert rows == [str(n) for n in range(1, every + 1)]
    assert page.count('<h3 id="journey-') == 2


def test_the_same_input_gives_the_same_bytes() -> None:
    assert _page(*FILES) == _page(*reversed(FILES))


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    (tmp_path / "h.blueprint.yaml").write_text(HOSTILE, encoding="utf-8")
    page = _page(str(tmp_path / "h.blueprint.yaml"))
    parsed = Collect()
    parsed.feed(page)
    assert parsed.scripts == [SCRIPT]
    assert "iframe" not in parsed.tags and "img" not in parsed.tags
    assert "<script>alert" not in page
    assert TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split(" &amp;")[0] in page
