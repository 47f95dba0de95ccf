"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe``: the protocol's JSON messages, each
ended by a NUL byte, travel over file descriptors 3 (to the browser) and 4 (from it), so
the standard library is enough, no websocket client needed. The tests load each example's
report, click column headings like a reader, emulate dark mode, a phone and print, and
take screenshots (kept in ``$BLUEPRINT_SCREENSHOTS`` when it is set, to look at).

Skipped where no Chromium exists, except in CI (``BLUEPRINT_REQUIRE_TOOLS=1``), which installs it
(``scripts/system-deps.sh --with-browser``) and fails without it.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import JOURNEYS
from tests.helpers import require_tool

TODAY = "2026-11-26"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--disable-dev-shm-usage",
]


pytestmark = [pytest.mark.requires("chromium"), pytest.mark.slow]


class Browser:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, profile_dir: Path, timeout: float = 30.0) -> None:
        self.timeout = timeout
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # copies above 10, so placing them on 3 and 4 in the child cannot clobber one another
        high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)

        def place_pipes() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile_dir}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=place_pipes,
        )
        for fd in (to_browser_r, from_browser_w, high_r, high_w):
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    # -- the protocol -------------------------------------------------------------------
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise ConnectionError("Chromium closed the pipe")
                self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a browser-level (or ``session``) command and wait for its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """A command to the page."""
        return self.call(method, self.session, **params)

    def wait_for(self, method: str, since: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for event in self.events[since:]:
                if event.get("method") == method:
                    return event
            since = len(self.events)
            self.events.append(self._read_message(deadline))

    # -- what a test does ---------------------------------------------------------------
    def viewport(self, width: int, height: int, *, mobile: bool = False) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def media(self, *, scheme: str = "light", media: str = "") -> None:
        self.send(
            "Emulation.setEmulatedMedia",
            media=media,
            features=[{"name": "prefers-color-scheme", "value": scheme}],
        )

    def open(self, url: str) -> None:
        mark = len(self.events)
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired", mark)

    def js(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"])
        return reply["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click (pressed and released) in the middle of the element."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'});"
            " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path, *, full: bool = True) -> bytes:
        params: dict[str, Any] = {"format": "png"}
        if full:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = base64.b64decode(self.send("Page.captureScreenshot", **params)["data"])
        path.write_bytes(data)
        return data

    def problems(self, since: int = 0) -> list[str]:
        """Console errors, uncaught exceptions and policy violations seen (after event ``since``)."""
        out = []
        for event in self.events[since:]:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(json.dumps(params["exceptionDetails"])[:300])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(json.dumps(params.get("args"))[:300])
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(params["entry"].get("text", ""))
        return out

    def requests(self, since: int = 0) -> list[str]:
        """Every URL the page asked for (after event ``since``)."""
        return [
            e["params"]["request"]["url"]
            for e in self.events[since:]
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        with contextlib.suppress(ConnectionError, TimeoutError, RuntimeError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML report of every example, written by the command."""
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for example in JOURNEYS:
        name = example.name.removesuffix(".blueprint.yaml")
        target = folder / f"{name}.html"
        result = CliRunner().invoke(cli, ["report", str(example), "-o", str(target), "--today", TODAY])
        assert result.exit_code == 0, result.output
        out[name] = target
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    b = Browser(require_tool("chromium"), tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def _keep(path: Path) -> None:
    """Copy a screenshot to ``$BLUEPRINT_SCREENSHOTS`` so a person can look at it."""
    keep = os.environ.get("BLUEPRINT_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


def _rows(browser: Browser, column: str) -> list[str]:
    """The ranked table's cells of one column, top to bottom."""
    return list(
        browser.js(
            f"Array.from(document.querySelectorAll('#failures tbody tr td.{column}')).map(td => "
            "td.getAttribute('data-v') ?? td.textContent.trim())"
        )
        or []
    )


@pytest.mark.parametrize("name", [p.name.removesuffix(".blueprint.yaml") for p in JOURNEYS])
def test_every_example_renders_without_errors_or_requests(
    browser: Browser, reports: dict[str, Path], tmp_path: Path, name: str
) -> None:
    path = reports[name]
    mark = len(browser.events)
    browser.viewport(1280, 900)
    browser.media(scheme="light")
    browser.open(path.as_uri())
    assert browser.problems(mark) == []
    assert set(browser.requests(mark)) <= {path.as_uri()}, "the page fetched something"
    state = browser.js(
        "(() => { const svg = document.querySelector('figure.diagram-light svg');"
        " const r = svg.getBoundingClientRect();"
        " return {w: r.width, h: r.height, rows: document.querySelectorAll('#failures tbody tr').length,"
        " scripts: document.scripts.length, title: document.title, lang: document.documentElement.lang,"
        " dark: getComputedStyle(document.querySelector('figure.diagram-dark')).display}; })()"
    )
    assert state["w"] > 600 and state["h"] > 150, "the diagram is drawn at a readable size"
    assert state["rows"] == len(_rows(browser, "rpn")) > 0
    assert state["scripts"] == 1
    assert state["dark"] == "none", "light mode shows the light diagram only"
    shot = tmp_path / f"report-{name}-light.png"
    width, height = png_size(browser.screenshot(shot))
    assert width == 1280 and height > 2000
    _keep(shot)


def test_sorting_by_clicking_headers(browser: Browser, reports: dict[str, Path]) -> None:
    browser.viewport(1280, 900)
    browser.media(scheme="light")
    browser.open(reports["telecom-sim-swap"].as_uri())
    ranked = _rows(browser, "rank")
    assert ranked == sorted(ranked, key=int)
    browser.click("#failures th.rpn button")
    rpn = [int(x) for x in _rows(browser, "rpn")]
    assert rpn == sorted(rpn, reverse=True)
    assert browser.js("document.querySelector('#failures th.rpn').getAttribute('aria-sort')") == "descending"
    assert browser.js("document.querySelector('#failures th.rank').getAttribute('aria-sort')") is None
    browser.click("#failures th.rpn button")
    assert [int(x) for x in _rows(browser, "rpn")] == sorted(rpn)
    assert browser.js("document.querySelector('#failures th.rpn').getAttribute('aria-sort')") == "ascending"
    browser.click("#failures th.money button")
    money = [float(x) for x in _rows(browser, "money")]
    assert money == sorted(money, reverse=True)
    # AP: H before M before L; the residual column keeps the failures without one last
    browser.click("#failures th.residual button")
    residual = _rows(browser, "residual")
    filled = [x for x in residual if x]
    assert residual[: len(filled)] == filled and filled == sorted(filled, key="HML".index)
    browser.click("#failures th.rank button")  # the rank sorts from 1 on its first click
    assert _rows(browser, "rank") == ranked
    assert browser.js("document.querySelector('#failures th.rank').getAttribute('aria-sort')") == "ascending"
    assert browser.problems() == []


def check_dark_phone_and_print(browser: Browser, uri: str, shots: Path, name: str) -> None:
    """The page follows a dark setting, fits a phone (only tables scroll sideways) and prints
    light on white without the table of contents; screenshots go to ``shots``."""
    browser.viewport(1280, 900)
    browser.media(scheme="dark")
    browser.open(uri)
    look = browser.js(
        "({bg: getComputedStyle(document.body).backgroundColor,"
        " light: getComputedStyle(document.querySelector('figure.diagram-light')).display,"
        " dark: getComputedStyle(document.querySelector('figure.diagram-dark')).display})"
    )
    assert look == {"bg": "rgb(13, 17, 23)", "light": "none", "dark": "block"}
    shot = shots / f"{name}-dark.png"
    browser.screenshot(shot)
    _keep(shot)

    browser.media(scheme="light")
    browser.viewport(390, 844, mobile=True)
    browser.open(uri)
    fit = browser.js(
        "({page: document.documentElement.scrollWidth, view: window.innerWidth,"
        " svg: Math.max(...Array.from(document.querySelectorAll('figure.diagram-light svg'))"
        ".map(s => s.getBoundingClientRect().width)),"
        " table: document.querySelector('#failures .table-wrap').scrollWidth,"
        " wrap: document.querySelector('#failures .table-wrap').clientWidth})"
    )
    assert fit["page"] <= fit["view"], "nothing but the tables scrolls sideways on a phone"
    assert fit["svg"] <= fit["view"]
    assert fit["table"] > fit["wrap"], "the wide table scrolls inside its wrapper"
    shot = shots / f"{name}-phone.png"
    width, _ = png_size(browser.screenshot(shot))
    assert width == 390
    _keep(shot)

    browser.viewport(1280, 900)
    browser.media(scheme="dark", media="print")
    printed = browser.js(
        "({bg: getComputedStyle(document.body).backgroundColor,"
        " toc: getComputedStyle(document.querySelector('nav.toc')).display,"
        " light: getComputedStyle(document.querySelector('figure.diagram-light')).display,"
        " dark: getComputedStyle(document.querySelector('figure.diagram-dark')).display})"
    )
    assert printed == {"bg": "rgb(255, 255, 255)", "toc": "none", "light": "block", "dark": "none"}
    pdf = base64.b64decode(browser.send("Page.printToPDF", printBackground=True)["data"])
    assert pdf.startswith(b"%PDF")
    browser.media(scheme="light")
    assert browser.problems() == []


def test_dark_mode_phone_and_print(browser: Browser, reports: dict[str, Path], tmp_path: Path) -> None:
    check_dark_phone_and_print(
        browser, reports["telecom-sim-swap"].as_uri(), tmp_path, "report-telecom-sim-swap"
    )


def test_actual_size_button_lets_the_diagram_scroll(browser: Browser, reports: dict[str, Path]) -> None:
    browser.viewport(390, 844, mobile=True)
    browser.media(scheme="light")
    browser.open(reports["fedex-tracking"].as_uri())
    measure = (
        "({svg: document.querySelector('figure.diagram-light svg').getBoundingClientRect().width,"
        " figure: document.querySelector('figure.diagram-light').clientWidth,"
        " page: document.documentElement.scrollWidth, view: window.innerWidth,"
        " pressed: document.querySelector('button.zoom').getAttribute('aria-pressed')})"
    )
    fitted = browser.js(measure)
    assert fitted["svg"] <= fitted["figure"] and fitted["pressed"] == "false"
    browser.click("button.zoom")
    full = browser.js(measure)
    assert full["svg"] > 2 * full["figure"], "at its own size the drawing is wider than a phone"
    assert full["page"] <= full["view"], "it scrolls inside its frame, not the page"
    assert full["pressed"] == "true"


def test_hostile_text_runs_nothing_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    from tests.report.test_report_hostile import HOSTILE, TITLE

    source = tmp_path / "h.blueprint.yaml"
    source.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "h.html"
    result = CliRunner().invoke(cli, ["report", str(source), "-o", str(out), "--today", TODAY])
    assert result.exit_code == 0, result.output
    mark = len(browser.events)
    browser.viewport(1280, 900)
    browser.open(out.as_uri())
    assert browser.problems(mark) == []
    assert not [e for e in browser.events[mark:] if e.get("method") == "Page.javascriptDialogOpening"]
    assert set(browser.requests(mark)) <= {out.as_uri()}
    assert browser.js("document.querySelector('h1').textContent") == TITLE
    assert browser.js("document.scripts.length") == 1
    assert browser.js("document.querySelectorAll('iframe, img, object, embed').length") == 0
