"""Built documentation sites in headless Chromium: Material, MkDocs, Furo, Read the Docs, Alabaster.

Each site draws a good example and a hostile blueprint (:data:`tests.docsites.INJECTION`,
whose texts try to set ``window.__pwned``) with the plugin, in every view; the Material
site also holds the Markdown report of both, its Mermaid diagram drawn by Mermaid's own
bundle (served by the site, nothing fetched). The sites are served over HTTP on the
loopback address and opened like a reader would, in each theme's light and dark mode:
no console error, the drawing present, ``window.__pwned`` still undefined, and the
contrast of every H label measured from the computed styles, at least 4.5:1.

CI installs Chromium and Mermaid (``.ci/run``) and sets ``BLUEPRINT_REQUIRE_TOOLS=1``: there, a
missing one fails the test; elsewhere it skips it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from blueprint.render.theme import DARK, LIGHT
from tests.conftest import ROOT
from tests.docs.sites import (
    INJECTION,
    copy_examples,
    mkdocs_build,
    mkdocs_yml,
    sphinx_build,
    sphinx_conf,
    write,
)
from tests.helpers import blueprint_cmd, missing, require_tool
from tests.report.test_browser import Browser

#: Mermaid's browser bundle: scripts/fetch-mermaid.sh, or mermaid-cli's own copy in tools/node
MERMAID = next(
    iter(
        [
            *sorted((ROOT / ".cache" / "npm").glob("mermaid-*/dist/mermaid.min.js")),
            *sorted((ROOT / "tools" / "node" / "node_modules" / "mermaid" / "dist").glob("mermaid.min.js")),
        ]
    ),
    None,
)
pytestmark = [pytest.mark.requires("chromium"), pytest.mark.slow]

#: the background of an H step in each drawing, as a browser computes it
H_FILLS = [
    "rgb({}, {}, {})".format(*(int(theme.ap_fill["H"][i : i + 2], 16) for i in (1, 3, 5)))
    for theme in (LIGHT, DARK)
]

BLOCKS = """\
```blueprint
{path}
```

```blueprint
{path}
view: fmea
```

```blueprint
{path}
view: report
```
"""

RST_BLOCKS = """\
.. blueprint:: {path}

.. blueprint:: {path}
   :view: fmea

.. blueprint:: {path}
   :view: report
"""

#: WCAG's contrast ratio of two computed colours, ``ratio('rgb(..)', 'rgb(..)')``
RATIO = """
const lum = c => {
  const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const ratio = (a, b) => {
  const x = lum(a), y = lum(b); return (Math.max(x, y) + .05) / (Math.min(x, y) + .05); };
"""

CONTRAST = """
(() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const H = H_FILLS;
  const out = {svgs: 0, hLabels: [], chips: []};
  document.querySelectorAll('.bp-embed svg.diagram-svg').forEach(svg => {
    if (!shown(svg)) return;
    out.svgs += 1;
    svg.querySelectorAll('text').forEach(t => {
      if (!t.textContent.trim()) return;
      // what the text is drawn on: the nearest shape before it whose box holds its middle
      const box = t.getBBox(), x = box.x + box.width / 2, y = box.y + box.height / 2;
      let back = t.previousElementSibling;
      while (back) {
        const shape = ['path', 'polygon', 'ellipse', 'rect'].includes(back.tagName);
        if (shape && getComputedStyle(back).fill !== 'none') {
          const b = back.getBBox();
          if (x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height) break;
        }
        back = back.previousElementSibling;
      }
      if (!back) return;
      const fill = getComputedStyle(back).fill;
      if (H.includes(fill)) out.hLabels.push([t.textContent.trim(), ratio(getComputedStyle(t).fill, fill)]);
    });
  });
  document.querySelectorAll('.bp-embed .bp-chip-H').forEach(c => {
    if (!shown(c)) return;
    const s = getComputedStyle(c);
    out.chips.push(ratio(s.color, s.backgroundColor));
  });
  return out;
})()
"""

MERMAID_H = """
(() => {
  const host = document.querySelector('.mermaid');
  const root = host && host.shadowRoot;
  if (!root) return null;
  const out = [];
  root.querySelectorAll('.apH').forEach(node => {
    const fill = getComputedStyle(node.querySelector('rect, path, polygon')).fill;
    node.querySelectorAll('.nodeLabel, .nodeLabel *').forEach(e => {
      if ([...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        out.push([e.tagName, ratio(getComputedStyle(e).color, fill)]);
    });
  });
  return out;
})()
"""


def _with_ratio(script: str) -> str:
    """``script`` (an expression) with :data:`RATIO` and the H fills defined before it."""
    fills = json.dumps(H_FILLS)
    return f"(() => {{ {RATIO} const H_FILLS = {fills}; return {script.strip()}; }})()"


#: Material draws Mermaid in a closed shadow root; the test opens it to measure
OPEN_SHADOWS = (
    "const attach = Element.prototype.attachShadow;"
    "Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: 'open'}); };"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/favicon.ico" and not Path(self.translate_path(self.path)).exists():
            self.send_response(204)  # the browser asks every new origin for one; Sphinx sites have none
            self.end_headers()
            return
        super().do_GET()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on the loopback address, for the length of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _markdown_report(source: Path, out: Path) -> None:
    import subprocess

    args = [
        *blueprint_cmd(),
        "report",
        str(source),
        "--format",
        "markdown",
        "-o",
        str(out),
        "--today",
        "2026-10-15",
    ]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _mkdocs_site(folder: Path, theme: str) -> Path:
    copy_examples(folder)
    pages = {
        "hostile.blueprint.yaml": INJECTION,
        "docs/index.md": "# Good\n\n" + BLOCKS.format(path="examples/fedex-tracking.blueprint.yaml"),
        "docs/hostile.md": "# Hostile\n\n" + BLOCKS.format(path="hostile.blueprint.yaml"),
    }
    extra = ""
    if theme == "material":
        extra = (
            "extra_javascript:\n  - js/mermaid.min.js\n"
            "markdown_extensions:\n  - tables\n  - pymdownx.superfences:\n      custom_fences:\n"
            "        - name: mermaid\n          class: mermaid\n"
            "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        )
        if MERMAID is None:  # the site loads it: without it, skip (fail in CI)
            missing("Mermaid's bundle is not fetched (scripts/fetch-mermaid.sh)")
        (folder / "docs" / "js").mkdir(parents=True)
        shutil.copy(MERMAID, folder / "docs" / "js" / "mermaid.min.js")
    yml = mkdocs_yml(theme, extra)
    if theme == "mkdocs":  # the MkDocs theme fetches highlight.js from a CDN unless told not to
        yml = yml.replace("  name: mkdocs\n", "  name: mkdocs\n  highlightjs: false\n")
    write(folder, {"mkdocs.yml": yml, **pages})
    if theme == "material":
        _markdown_report(folder / "hostile.blueprint.yaml", folder / "docs" / "report-hostile.md")
        _markdown_report(folder / "examples" / "fedex-tracking.blueprint.yaml", folder / "docs" / "report.md")
    result = mkdocs_build(folder, strict=False)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def _sphinx_site(folder: Path, theme: str) -> Path:
    copy_examples(folder)
    index = "Good\n====\n\n" + RST_BLOCKS.format(path="../examples/fedex-tracking.blueprint.yaml")
    index += "\n.. toctree::\n\n   hostile\n"
    hostile = "# Hostile\n\n" + BLOCKS.format(path="hostile.blueprint.yaml").replace(
        "```blueprint\n", "```{blueprint} "
    )
    write(
        folder,
        {
            "docs/conf.py": sphinx_conf(theme),
            "docs/hostile.blueprint.yaml": INJECTION,
            "docs/index.rst": index,
            "docs/hostile.md": hostile.replace(
                "{blueprint} hostile.blueprint.yaml\nview:", "{blueprint} hostile.blueprint.yaml\n:view:"
            ),
        },
    )
    result = sphinx_build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    b = Browser(require_tool("chromium"), tmp_path_factory.mktemp("chromium-docs"))
    b.send("Page.addScriptToEvaluateOnNewDocument", source=OPEN_SHADOWS)
    yield b
    b.close()


#: how each theme is put in dark mode, as its own switch does it
DARK_SWITCH = {
    "mkdocs": "document.documentElement.setAttribute('data-bs-theme', 'dark')",
    "furo": "document.body.dataset.theme = 'dark'",
}


def _keep(browser: Browser, tmp: Path, name: str) -> None:
    shot = tmp / f"{name}.png"
    browser.screenshot(shot, full=False)
    keep = os.environ.get("BLUEPRINT_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


def _settle(browser: Browser, dark: bool) -> None:
    """Wait until the theme has applied its colour scheme (Material does it from its script)."""
    deadline = time.monotonic() + 10
    probe = "getComputedStyle(document.body).backgroundColor"
    while time.monotonic() < deadline:
        rgb = [int(x) for x in re.findall(r"\d+", browser.js(probe))[:3]]
        if (sum(rgb) < 3 * 128) == dark:
            return
        time.sleep(0.1)
    raise AssertionError(f"the page did not turn {'dark' if dark else 'light'}")


def _open(browser: Browser, url: str) -> None:
    """Open ``url`` as a first visit: no colour scheme a theme remembered from another page."""
    browser.open(url)
    if browser.js("localStorage.length"):
        browser.js("localStorage.clear()")
        browser.open(url)


def _check_page(browser: Browser, url: str, tmp: Path, name: str, dark: str | None) -> None:
    mark = len(browser.events)
    browser.viewport(1280, 900)
    browser.media(scheme="dark" if dark == "system" else "light")
    _open(browser, url)
    if dark and dark != "system":
        browser.js(dark)
    _settle(browser, dark is not None)
    assert browser.problems(mark) == [], url
    assert not [e for e in browser.events[mark:] if e.get("method") == "Page.javascriptDialogOpening"]
    assert browser.js("typeof window.__pwned") == "undefined", f"a script from the blueprint ran on {url}"
    look = browser.js(_with_ratio(CONTRAST))
    assert look["svgs"] == 2, f"{url}: the diagram and the report's diagram, one drawing each"
    assert look["hLabels"], f"{url}: no H label found"
    worst = min(r for _, r in look["hLabels"])
    assert worst >= 4.5, (
        f"{url}: an H label has contrast {worst:.2f}: {[x for x in look['hLabels'] if x[1] < 4.5]}"
    )
    assert look["chips"] and min(look["chips"]) >= 4.5, look["chips"]
    browser.js("document.querySelector('.bp-embed').scrollIntoView()")
    _keep(browser, tmp, name)


SITES = [
    ("mkdocs", "material", [None, "system"]),
    ("mkdocs", "mkdocs", [None, DARK_SWITCH["mkdocs"]]),
    ("sphinx", "furo", [None, DARK_SWITCH["furo"], "system"]),
    ("sphinx", "sphinx_rtd_theme", [None]),
    ("sphinx", "alabaster", [None]),
]


@pytest.mark.parametrize(("tool", "theme", "modes"), SITES, ids=[s[1] for s in SITES])
def test_embeds_are_inert_and_legible(
    browser: Browser, tmp_path: Path, tool: str, theme: str, modes: list[str | None]
) -> None:
    site = _mkdocs_site(tmp_path, theme) if tool == "mkdocs" else _sphinx_site(tmp_path, theme)
    pages = ["", "hostile/"] if tool == "mkdocs" else ["index.html", "hostile.html"]
    with serve(site) as root:
        for page in pages:
            for mode in modes:
                look = "light" if mode is None else "system-dark" if mode == "system" else "dark"
                name = f"docs-{theme}-{page.strip('/').replace('.html', '') or 'index'}-{look}"
                _check_page(browser, root + page, tmp_path, name, mode)


def test_material_markdown_reports_inert_and_mermaid_h_legible(browser: Browser, tmp_path: Path) -> None:
    site = _mkdocs_site(tmp_path, "material")
    with serve(site) as root:
        mark = len(browser.events)
        browser.viewport(1280, 900)
        browser.open(root + "report-hostile/")
        assert browser.problems(mark) == []
        assert browser.js("typeof window.__pwned") == "undefined"
        assert browser.js("document.title").startswith("Bad <\u2060/title>")
        for dark in (False, True):  # Material follows the system's setting (the site's palette)
            mark = len(browser.events)
            browser.media(scheme="dark" if dark else "light")
            _open(browser, root + "report/")
            _settle(browser, dark)
            labels = None
            deadline = time.monotonic() + 20
            while not labels and time.monotonic() < deadline:
                time.sleep(0.3)
                labels = browser.js(_with_ratio(MERMAID_H))
            assert labels, "Mermaid drew no H step"
            assert browser.problems(mark) == []
            worst = min(r for _, r in labels)
            assert worst >= 4.5, f"an H label in Mermaid has contrast {worst:.2f}: {labels}"
            assert {tag for tag, _ in labels} >= {"B", "SMALL"}
            browser.js("document.querySelector('.mermaid').scrollIntoView()")
            _keep(browser, tmp_path, f"docs-material-mermaid-{'dark' if dark else 'light'}")
