"""The portfolio page in headless Chromium, held to what the single-file report is held to:
no errors, no requests, the diagrams drawn, sorting by a click, dark mode, a phone and print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import ROOT
from tests.helpers import require_tool
from tests.report.test_browser import Browser, _keep, check_dark_phone_and_print, png_size

pytestmark = [pytest.mark.requires("chromium", "dot"), pytest.mark.slow]


def _journeys() -> list[Path]:
    """The hospital journeys once they exist, else two standalone examples."""
    hospital = sorted((ROOT / "examples" / "hospital").glob("*.blueprint.yaml"))
    if hospital:
        return hospital
    return [ROOT / "examples" / f"{n}.blueprint.yaml" for n in ("promo-card", "telecom-sim-swap")]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("portfolio")
    target = folder / "portfolio.html"
    paths = [str(p) for p in _journeys()]
    result = CliRunner().invoke(cli, ["portfolio", *paths, "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = CliRunner().invoke(cli, ["portfolio", *paths, "--format", "json"]).stdout
    return target, json.loads(data)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    b = Browser(require_tool("chromium"), tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def _column(browser: Browser, column: str) -> list[str]:
    return list(
        browser.js(
            f"Array.from(document.querySelectorAll('#failures tbody tr td.{column}')).map(td => "
            "td.getAttribute('data-v') ?? td.textContent.trim())"
        )
        or []
    )


def test_the_page_renders_without_errors_or_requests(
    browser: Browser, page: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, data = page
    mark = len(browser.events)
    browser.viewport(1280, 900)
    browser.media(scheme="light")
    browser.open(path.as_uri())
    assert browser.problems(mark) == []
    assert set(browser.requests(mark)) <= {path.as_uri()}, "the page fetched something"
    state = browser.js(
        "(() => { const svgs = Array.from(document.querySelectorAll('figure.diagram-light svg'));"
        " return {sizes: svgs.map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height]),"
        " rows: document.querySelectorAll('#failures tbody tr').length,"
        " cells: document.querySelectorAll('#matrix td .chip').length,"
        " scripts: document.scripts.length,"
        " dark: Array.from(document.querySelectorAll('figure.diagram-dark'))"
        ".map(f => getComputedStyle(f).display)};"
        " })()"
    )
    assert len(state["sizes"]) == len(data["portfolio"])
    assert all(w > 300 and h > 150 for w, h in state["sizes"]), "every diagram is drawn at a readable size"
    assert state["rows"] == len(data["failures"]) > 0
    assert state["cells"] == sum(1 for row in data["matrix"]["cells"] for n in row if n)
    assert state["scripts"] == 1
    assert set(state["dark"]) == {"none"}, "light mode shows the light diagrams only"
    shot = tmp_path / "portfolio-light.png"
    width, height = png_size(browser.screenshot(shot))
    assert width == 1280 and height > 2000
    _keep(shot)


def test_sorting_by_clicking_headers(browser: Browser, page: tuple[Path, dict[str, Any]]) -> None:
    path, data = page
    browser.viewport(1280, 900)
    browser.media(scheme="light")
    browser.open(path.as_uri())
    assert [int(x) for x in _column(browser, "rank")] == [f["rank"] for f in data["failures"]]
    browser.click("#failures th.rpn button")
    rpn = [int(x) for x in _column(browser, "rpn")]
    assert rpn == sorted((f["rpn"] for f in data["failures"]), reverse=True)
    browser.click("#failures th.journeys button")
    reached = [int(x) for x in _column(browser, "journeys")]
    assert reached == sorted((len(f["journeys"]) for f in data["failures"]), reverse=True)
    browser.click("#failures th.rank button")
    assert [int(x) for x in _column(browser, "rank")] == [f["rank"] for f in data["failures"]]
    assert browser.problems() == []


def test_dark_mode_phone_and_print(
    browser: Browser, page: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    check_dark_phone_and_print(browser, page[0].as_uri(), tmp_path, "portfolio")


def test_the_zoom_button_shows_the_diagrams_at_their_own_size(
    browser: Browser, page: tuple[Path, dict[str, Any]]
) -> None:
    browser.viewport(390, 844, mobile=True)
    browser.media(scheme="light")
    browser.open(page[0].as_uri())
    measure = (
        "({svg: document.querySelector('figure.diagram-light svg').getBoundingClientRect().width,"
        " figure: document.querySelector('figure.diagram-light').clientWidth,"
        " page: document.documentElement.scrollWidth, view: window.innerWidth})"
    )
    fitted = browser.js(measure)
    assert fitted["svg"] <= fitted["figure"]
    browser.click("button.zoom")
    full = browser.js(measure)
    assert full["svg"] > fitted["svg"] and full["page"] <= full["view"]
