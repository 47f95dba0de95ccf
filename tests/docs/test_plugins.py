"""The MkDocs plugin and the Sphinx extension, built by the real tools.

Each test writes a small site, runs ``mkdocs build`` or ``sphinx-build`` in a subprocess
and reads the HTML it wrote (with Python's own HTML parser) and the warnings it printed.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from blueprint.docs.blocks import find_blocks, read_block
from blueprint.docs.options import EmbedError, parse_options
from tests.docs.sites import (
    copy_examples,
    env,
    mkdocs_build,
    mkdocs_yml,
    sphinx_build,
    sphinx_conf,
    write,
)

GOOD = "examples/fedex-tracking.blueprint.yaml"
BROKEN = """\
blueprint: 1
title: Broken
steps:
  - id: order
    lane: customer
    title: Order
    evidence: [receipt]
    next: [pikup]
"""


class Elements(HTMLParser):
    """Counts of start tags, and the text of the page (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.classes: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.classes += (dict(attrs).get("class") or "").split()
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> Elements:
    page = Elements()
    page.feed(path.read_text(encoding="utf-8"))
    return page


# -- reading blocks ------------------------------------------------------------------------
def test_blocks_inside_other_fences_are_left_alone() -> None:
    lines = [
        "````markdown",
        "```blueprint",
        "shown.blueprint.yaml",
        "```",
        "````",
        "",
        "  ```blueprint view=fmea",
        "  a.blueprint.yaml",
        "  top: 3",
        "  ```",
    ]
    blocks = find_blocks(lines)
    assert [(b.start, b.end) for b in blocks] == [(6, 9)]
    request = read_block(blocks[0])
    assert request.path == "a.blueprint.yaml"
    assert request.options == {"view": "fmea", "top": "3"}


def test_inline_yaml_and_bad_blocks() -> None:
    lines = ["```blueprint", "", "blueprint: 1", "title: T", "```"]
    request = read_block(find_blocks(lines)[0])
    assert request.text is not None and request.text.startswith("\nblueprint: 1")
    assert request.text_line == 1
    with pytest.raises(EmbedError, match="needs a file path"):
        read_block(find_blocks(["```blueprint", "view: fmea", "```"])[0])
    with pytest.raises(EmbedError, match="'name: value'"):
        read_block(find_blocks(["```blueprint", "a.yaml", "b.yaml", "```"])[0])
    with pytest.raises(EmbedError, match="unknown option 'vew'"):
        parse_options({"vew": "fmea"})
    with pytest.raises(EmbedError, match="top must be"):
        parse_options({"top": "0"})
    assert parse_options({"phase": "a, b", "fit": "no"}).phases == ("a", "b")


# -- MkDocs --------------------------------------------------------------------------------
PAGE = f"""\
# Demo

```blueprint
{GOOD}
fit: none
phase: track, deliver
```

```blueprint view=fmea top=2
{GOOD}
```

```blueprint
{GOOD}
view: report
section: summary failures
```

```blueprint
{GOOD}
view: matrix
```
"""


def _chains(path: Path) -> int:
    """How many failure chains the file holds, counted from the YAML itself."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    failures = [f for step in data["steps"] for f in step.get("failures") or []]
    return sum(max(1, len(f.get("causes") or [])) for f in failures)


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mkdocs")
    copy_examples(folder)
    write(folder, {"mkdocs.yml": mkdocs_yml(), "docs/index.md": PAGE})
    return folder


def test_mkdocs_draws_every_view(mkdocs_site: Path) -> None:
    result = mkdocs_build(mkdocs_site, strict=False)
    assert result.returncode == 0, result.stderr
    page = parse(mkdocs_site / "site" / "index.html")
    # diagram (light + dark) and the report's diagram is not asked for: two drawings
    assert page.tags.get("svg", 0) >= 2
    assert page.classes.count("bp-view-diagram") == 1
    assert "bp-fit-none" in page.classes, "fit: none draws at the drawing's own size"
    assert page.classes.count("bp-view-fmea") == 1
    assert page.classes.count("bp-view-report") == 1
    text = " ".join(page.text)
    assert "Customs hold not shown on tracking" in text
    assert "Money at risk per year" in text
    html_text = (mkdocs_site / "site" / "index.html").read_text(encoding="utf-8")
    drawing = html_text.split("bp-view-diagram", 1)[1].split("bp-view-fmea", 1)[0]
    assert ">Track<" in drawing and ">Ship<" not in drawing, "phase: draws only those phases"
    matrix = html_text.split("bp-view-matrix", 1)[1]
    assert "not available yet" not in text and "not available yet" not in result.stderr
    chips = re.findall(r'<span class="bp-chip bp-chip-([HML])"[^>]*>(\d+)</span>', matrix)
    assert sum(int(n) for _, n in chips) == _chains(mkdocs_site / GOOD), "every failure chain counted once"
    # top=2: the ranked table of the fmea block has two rows
    html = (mkdocs_site / "site" / "index.html").read_text(encoding="utf-8")
    fmea = html.split("bp-view-fmea", 1)[1].split("bp-view-report", 1)[0]
    assert fmea.count("<tr id=") == 2
    css = mkdocs_site / "site" / "assets" / "blueprint" / "blueprint.css"
    assert ".bp-embed" in css.read_text(encoding="utf-8")
    assert 'href="assets/blueprint/blueprint.css"' in html


def test_mkdocs_strict_fails_on_findings_with_their_place(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml(),
            "broken.blueprint.yaml": BROKEN,
            "docs/index.md": "# Demo\n\n```blueprint\nbroken.blueprint.yaml\n```\n",
            "docs/inline.md": "# Inline\n\nText.\n\n```blueprint\n" + BROKEN + "```\n",
        },
    )
    result = mkdocs_build(tmp_path)
    assert result.returncode == 1
    assert "broken.blueprint.yaml:8:12: BP003" in result.stderr
    # the YAML written in the page: its findings name the page's own lines
    assert "docs/inline.md:13:12: BP003" in result.stderr
    assert "Aborted with 2 warnings in strict mode" in result.stdout + result.stderr
    relaxed = mkdocs_build(tmp_path, strict=False)
    assert relaxed.returncode == 0 and "WARNING" in relaxed.stderr


def test_mkdocs_bad_options_and_missing_files_warn_at_the_block(tmp_path: Path) -> None:
    page = "# Demo\n\n```blueprint\nnope.blueprint.yaml\n```\n\n```blueprint view=chart\nx.yaml\n```\n"
    write(tmp_path, {"mkdocs.yml": mkdocs_yml(), "docs/index.md": page})
    result = mkdocs_build(tmp_path)
    assert result.returncode == 1
    assert "docs/index.md:3: no such blueprint file: nope.blueprint.yaml" in result.stderr
    assert "docs/index.md:7: view must be one of diagram, fmea, report, matrix, not 'chart'" in result.stderr


@pytest.mark.slow
def test_mkdocs_rebuild_follows_the_blueprint(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml(),
            "b.blueprint.yaml": BROKEN.replace("pikup", "order").replace("Order", "First title"),
            "docs/index.md": "# Demo\n\n```blueprint\nb.blueprint.yaml\n```\n",
        },
    )
    assert mkdocs_build(tmp_path, strict=False).returncode == 0
    assert "First title" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    source = tmp_path / "b.blueprint.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("First title", "Second title"))
    assert mkdocs_build(tmp_path, strict=False).returncode == 0
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Second title" in html and "First title" not in html


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as reply:
        body: bytes = reply.read()
        return body.decode("utf-8")


def _poll(url: str, wanted: str, deadline: float) -> str:
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _fetch(url)
            if wanted in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    return last


@pytest.mark.slow
def test_mkdocs_serve_rebuilds_when_the_blueprint_changes(tmp_path: Path) -> None:
    source = tmp_path / "b.blueprint.yaml"
    source.write_text(BROKEN.replace("pikup", "order").replace("Order", "Before edit"), encoding="utf-8")
    write(
        tmp_path,
        {"mkdocs.yml": mkdocs_yml(), "docs/index.md": "# Demo\n\n```blueprint\nb.blueprint.yaml\n```\n"},
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert "Before edit" in _poll(url, "Before edit", time.monotonic() + 60)
        source.write_text(source.read_text(encoding="utf-8").replace("Before edit", "After edit"))
        assert "After edit" in _poll(url, "After edit", time.monotonic() + 60), "the edit was not picked up"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.slow
def test_project_docs_build_strictly(tmp_path: Path) -> None:
    from tests.conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "site" / "examples" / "index.html")
    assert page.classes.count("bp-view-diagram") == 7  # the six examples, and the hospital's outpatient visit
    assert page.classes.count("bp-view-fmea") == 3
    text = " ".join(page.text)
    assert "Customs hold not shown on tracking" in text
    assert "床位狀態未即時更新" in text  # a shared failure in the admission's table


# -- Sphinx --------------------------------------------------------------------------------
RST = f"""\
Demo
====

.. blueprint:: ../{GOOD}

.. blueprint:: ../{GOOD}
   :view: fmea
   :top: 2

.. toctree::

   myst
"""
MYST = f"""\
# MyST

```{{blueprint}} ../{GOOD}
:view: report
:section: summary
```
"""


def test_sphinx_draws_from_rst_and_myst(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    write(tmp_path, {"docs/conf.py": sphinx_conf(), "docs/index.rst": RST, "docs/myst.md": MYST})
    result = sphinx_build(tmp_path)
    assert result.returncode == 0, result.stderr
    index = parse(tmp_path / "out" / "index.html")
    assert index.tags.get("svg", 0) >= 2
    assert index.classes.count("bp-view-fmea") == 1
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert html.split("bp-view-fmea", 1)[1].count("<tr id=") == 2
    assert "_static/blueprint.css" in html
    assert (tmp_path / "out" / "_static" / "blueprint.css").is_file()
    myst = parse(tmp_path / "out" / "myst.html")
    assert myst.classes.count("bp-view-report") == 1
    assert "Money at risk per year" in " ".join(myst.text)


@pytest.mark.slow
def test_sphinx_warns_with_places_and_fails_under_w(tmp_path: Path) -> None:
    inline = "Inline\n======\n\n.. blueprint::\n\n" + "".join(f"   {line}\n" for line in BROKEN.splitlines())
    write(
        tmp_path,
        {
            "docs/conf.py": sphinx_conf(),
            "docs/broken.blueprint.yaml": BROKEN,
            "docs/index.rst": (
                "Demo\n====\n\n.. blueprint:: broken.blueprint.yaml\n\n.. toctree::\n\n   inline\n   myst\n"
            ),
            "docs/inline.rst": inline,
            # MyST: an option line, then the YAML
            "docs/myst.md": "# MyST\n\nText.\n\n```{blueprint}\n:view: diagram\n" + BROKEN + "```\n",
        },
    )
    result = sphinx_build(tmp_path)
    assert result.returncode != 0
    warnings = result.stderr
    assert re.search(r"index\.rst:4: WARNING: docs/broken\.blueprint\.yaml:8:12: BP003", warnings), warnings
    relaxed = sphinx_build(tmp_path, werror=False)
    assert relaxed.returncode == 0
    # the YAML written in the page: its findings name the page's own lines
    assert re.search(r"inline\.rst:4: WARNING: docs/inline\.rst:13:12: BP003", relaxed.stderr), relaxed.stderr
    assert re.search(r"myst\.md:5: WARNING: docs/myst\.md:14:12: BP003", relaxed.stderr), relaxed.stderr


@pytest.mark.slow
def test_sphinx_rebuilds_the_page_when_the_blueprint_changes(tmp_path: Path) -> None:
    source = tmp_path / "docs" / "b.blueprint.yaml"
    write(
        tmp_path,
        {
            "docs/conf.py": sphinx_conf(),
            "docs/b.blueprint.yaml": BROKEN.replace("pikup", "order").replace("Order", "First title"),
            "docs/index.rst": "Demo\n====\n\n.. blueprint:: b.blueprint.yaml\n",
        },
    )
    assert sphinx_build(tmp_path).returncode == 0
    assert "First title" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8").replace("First title", "Second title"))
    again = sphinx_build(tmp_path, fresh=False)  # an incremental build: only the dependency changed
    assert again.returncode == 0, again.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Second title" in html and "First title" not in html
