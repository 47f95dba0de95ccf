"""docs/embedding.md, followed to the letter: every snippet it shows, built as it shows it.

The page is read section by section (``##`` and ``###`` headings): a code block whose
info names a file (``title="docs/conf.py"``) is written to that file, a ``console``
block's commands are run in order, and a section that builds a site (``mkdocs build``,
``sphinx-build``) is run in a fresh folder holding this project's ``examples/``. Then
every page of the built site is read, and every local address it uses (links, images,
frames, styles, scripts) must name a file the site has: under MkDocs' directory URLs too.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, blueprint_cmd
from tests.docs.sites import copy_examples, env

PAGE = ROOT / "docs" / "embedding.md"
_FENCE = re.compile(r"^(`{3,})(.*)$")
_TITLE = re.compile(r'title="([^"]+)"')


def _sections() -> dict[str, list[tuple[str, str]]]:
    """Each ``##``/``###`` section's code blocks as ``(info, text)``, in page order."""
    out: dict[str, list[tuple[str, str]]] = {}
    heading = ""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("## ", "### ")):
            heading = line.lstrip("#").strip()
            out.setdefault(heading, [])
        m = _FENCE.match(line)
        if m is None:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].strip() != m.group(1):
            end += 1
        out.setdefault(heading, []).append((m.group(2).strip(), "\n".join(lines[i + 1 : end]) + "\n"))
        i = end + 1
    return out


def _commands(text: str) -> list[list[str]]:
    joined = text.replace("\\\n", " ")
    return [shlex.split(line[2:]) for line in joined.splitlines() if line.startswith("$ ")]


SECTIONS = {
    name: blocks
    for name, blocks in _sections().items()
    if any(
        cmd[0] in ("mkdocs", "sphinx-build")
        for info, text in blocks
        if info == "console"
        for cmd in _commands(text)
    )
}


def _run(command: list[str], folder: Path) -> None:
    tool = command[0]
    if tool == "pip":
        return  # the test's environment has the packages the page installs
    if tool == "blueprint":
        args = [*blueprint_cmd(), *command[1:]]
    elif tool == "mkdocs":
        args = [sys.executable, "-m", "mkdocs", *command[1:]]
    elif tool == "sphinx-build":
        args = [sys.executable, "-m", "sphinx", *command[1:]]
    else:
        raise AssertionError(f"the page runs a command the test does not know: {command}")
    done = subprocess.run(args, cwd=folder, env=env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{shlex.join(command)}\n{done.stdout}\n{done.stderr}"


class Addresses(HTMLParser):
    """Every address a page loads or links to."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "src" or (name == "href" and tag in ("a", "link"))):
                self.found.append(value)


def _broken(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue  # MkDocs writes it with addresses from the site's root, for any depth
        parser = Addresses()
        parser.feed(page.read_text(encoding="utf-8"))
        for address in parser.found:
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or an anchor in the page
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {address}")
    return broken


@pytest.mark.slow
@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_the_page_builds_as_written(tmp_path: Path, section: str) -> None:
    copy_examples(tmp_path)
    written = []
    for info, text in SECTIONS[section]:
        title = _TITLE.search(info)
        if title:
            path = tmp_path / title.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(title.group(1))
        elif info == "console":
            for command in _commands(text):
                _run(command, tmp_path)
    site = tmp_path / "site" if (tmp_path / "mkdocs.yml").exists() else tmp_path / "docs" / "_build" / "html"
    pages = sorted(site.rglob("*.html"))
    assert pages, "the build wrote no page"
    assert _broken(site) == []
    html = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    if "plugin" in section or "extension" in section:
        assert html.count('class="bp-embed bp-view-diagram') >= 1
        assert "<svg" in html
    else:
        assert "<iframe" in html and 'fedex.svg"' in html


def test_the_page_shows_what_the_test_builds() -> None:
    """The page's four set-ups are all built: the plugins and both plain recipes."""
    assert sorted(SECTIONS) == ["MkDocs", "MkDocs: the plugin", "Sphinx", "Sphinx: the extension"]
