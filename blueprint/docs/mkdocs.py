"""The MkDocs plugin: ```` ```blueprint ```` fences drawn at build time.

Enabled by ``plugins: [blueprint]`` (the ``mkdocs.plugins`` entry point names this class;
``pip install 'blueprint-fmea[mkdocs]'``). Each fence becomes a token while the page's
Markdown is read, and the token becomes the block's HTML once the page is converted, so
nothing a blueprint holds ever passes through Markdown. ``check``'s findings and the
blocks that cannot be drawn are logged as warnings (``mkdocs build --strict`` fails on
them); every blueprint file drawn is watched by ``mkdocs serve``.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File

from blueprint.docs.blocks import Block, Request, find_blocks, read_block
from blueprint.docs.embed import Target, embed
from blueprint.docs.html import problem
from blueprint.docs.options import EmbedOptions, parse_options
from blueprint.docs.style import stylesheet
from blueprint.errors import BlueprintError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from blueprint.findings import Finding

log = get_plugin_logger(__name__)

CSS = "assets/blueprint/blueprint.css"
"""Where the site gets the embeds' stylesheet, linked once from every page."""


class BlueprintConfig(base.Config):
    """``plugins: - blueprint: {lang: en, today: 2026-10-15, profile: aiag-vda-2019}``."""

    lang = c.Choice(("en", "zh-TW"), default="en")
    today = c.Optional(c.Type(str))
    profile = c.Type(str, default="aiag-vda-2019")


class BlueprintPlugin(BasePlugin[BlueprintConfig]):
    """Replace blueprint fences by drawings, tables and report sections."""

    supports_multiple_instances = False
    #: the ``mkdocs serve`` server, kept across the rebuilds (each makes a new plugin)
    _server: ClassVar[LiveReloadServer | None] = None
    _watched: ClassVar[set[str]] = set()

    def __init__(self) -> None:
        self._defaults = EmbedOptions()
        self._token = ""
        self._slots: dict[str, str] = {}
        self._sources: set[str] = set()
        self._reported: set[Finding] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        raw = {"lang": self.config.lang, "profile": self.config.profile}
        if self.config.today:
            raw["today"] = self.config.today
        try:
            self._defaults = parse_options(raw)
        except BlueprintError as exc:
            from mkdocs.exceptions import PluginError

            raise PluginError(f"blueprint: {exc}") from None
        self._token = "bpembed" + secrets.token_hex(6)
        self._slots = {}
        self._sources = set()
        self._reported = set()
        config.extra_css.append(CSS)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        files.append(File.generated(config, CSS, content=stylesheet()))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        lines = markdown.split("\n")
        blocks = find_blocks(lines)
        if not blocks:
            return None
        where = _display(page.file.abs_src_path or page.file.src_uri)
        for n, block in reversed(list(enumerate(blocks))):
            slot = f"{self._token}x{len(self._slots)}"
            self._slots[slot] = self._draw(block, page, config, where, f"bp{n + 1}-")
            lines[block.start : block.end + 1] = [block.indent + slot]
        return "\n".join(lines)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self._token not in html:
            return None
        pattern = re.compile(rf"<p>\s*({self._token}x\d+)\s*</p>|({self._token}x\d+)")
        return pattern.sub(lambda m: self._slots.get(m.group(1) or m.group(2), ""), html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._watch()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        BlueprintPlugin._server = server
        BlueprintPlugin._watched = set()
        self._watch()
        return server

    # -- the work ------------------------------------------------------------------------
    def _watch(self) -> None:
        server = BlueprintPlugin._server
        if server is None:
            return
        for path in sorted(self._sources - BlueprintPlugin._watched):
            server.watch(path, recursive=False)
            BlueprintPlugin._watched.add(path)

    def _draw(self, block: Block, page: Page, config: MkDocsConfig, where: str, prefix: str) -> str:
        line = block.start + 1 + _front_matter_lines(page)
        try:
            request = read_block(block)
            opts = parse_options(request.options, self._defaults)
            target = self._target(request, page, config, where, line)
            done = embed(target, opts, prefix, style=False)
        except BlueprintError as exc:
            text = str(exc) if exc.path else f"{where}:{line}: {exc.message}"
            log.warning(text)
            return problem(text)
        for note in done.notes:
            log.warning(f"{where}:{line}: {note}")
        for finding in done.findings:
            if finding not in self._reported:
                self._reported.add(finding)
                log.warning(finding.text())
        return done.html

    def _target(self, request: Request, page: Page, config: MkDocsConfig, where: str, line: int) -> Target:
        if request.text is not None:
            return Target(where, text=request.text, first_line=line + 1 + request.text_line)
        assert request.path is not None
        page_dir = Path(page.file.abs_src_path or config.docs_dir).parent
        root = Path(config.config_file_path or ".").resolve().parent
        candidates = [page_dir / request.path, root / request.path]
        path = next((p for p in candidates if p.is_file()), candidates[0]).resolve()
        self._sources.add(str(path))
        return Target(_display(str(path)) if path.is_file() else request.path, path=path)


def _display(path: str) -> str:
    from blueprint.common.paths import display_path

    return display_path(path)


def _front_matter_lines(page: Page) -> int:
    """Lines MkDocs took off the top of the page (its YAML front matter), for line numbers."""
    source = page.file.abs_src_path
    if not source or not os.path.isfile(source) or not page.meta:
        return 0
    with open(source, encoding="utf-8-sig") as f:
        head = f.read(65536).split("\n")
    if not head or head[0].strip() != "---":
        return 0
    return next((i + 1 for i, line in enumerate(head[1:], start=1) if line.strip() in ("---", "...")), 0)
