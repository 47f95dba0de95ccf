"""The Sphinx extension: ``.. blueprint:: path`` (or ```` ```{blueprint} path ```` in MyST).

``extensions = ["blueprint.sphinx"]`` (``pip install 'blueprint-fmea[sphinx]'``). The
directive takes a path (relative to the document, or to the source folder when it starts
with ``/``) or the blueprint's YAML as its content, and the options ``view``, ``phase``,
``top``, ``fit``, ``section``, ``lang``, ``today`` and ``profile``; the configuration values
``blueprint_lang``, ``blueprint_today`` and ``blueprint_profile`` set the defaults. The file
is a dependency of the document, so editing it rebuilds the page; ``check``'s findings
are warnings located at the directive and naming ``path:line:col``, so ``-W`` fails on
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from blueprint.docs.embed import Target, embed
from blueprint.docs.html import problem
from blueprint.docs.options import OPTIONS, EmbedOptions, parse_options
from blueprint.errors import BlueprintError

if TYPE_CHECKING:
    from sphinx.application import Sphinx

log = logging.getLogger(__name__)

CSS = "blueprint.css"


def _defaults(config: Any) -> EmbedOptions:
    raw = {"lang": config.blueprint_lang, "profile": config.blueprint_profile}
    if config.blueprint_today:
        raw["today"] = str(config.blueprint_today)
    return parse_options(raw)


class BlueprintDirective(SphinxDirective):
    """Draw a blueprint: its diagram, ranked table or report sections."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = dict.fromkeys(OPTIONS, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        where = (self.env.docname, self.lineno)
        prefix = f"bp{self.env.new_serialno('blueprint') + 1}-"
        try:
            opts = parse_options({k: str(v) for k, v in self.options.items()}, _defaults(self.env.app.config))
            done = embed(self._target(), opts, prefix, style=False)
        except BlueprintError as exc:
            log.warning(str(exc), location=where, type="blueprint", subtype="unusable")
            return [nodes.raw("", problem(str(exc)), format="html")]
        for note in done.notes:
            log.warning(note, location=where, type="blueprint", subtype="view")
        for finding in done.findings:
            log.warning(finding.text(), location=where, type="blueprint", subtype=finding.code)
        return [nodes.raw("", done.html, format="html")]

    def _target(self) -> Target:
        if self.arguments and self.content:
            from blueprint.docs.options import EmbedError
            from blueprint.i18n import msg

            raise EmbedError.worded(msg("docs.both"))
        if self.arguments:
            _, absolute = self.env.relfn2path(self.arguments[0])
            path = Path(absolute)
            self.env.note_dependency(absolute)
            return Target(_display(absolute) if path.is_file() else self.arguments[0], path=path)
        if not self.content:
            from blueprint.docs.options import EmbedError
            from blueprint.i18n import msg

            raise EmbedError.worded(msg("docs.nothing"))
        source = self.env.doc2path(self.env.docname)
        text = "\n".join(self.content) + "\n"
        return Target(_display(str(source)), text=text, first_line=self._content_line(Path(source)))

    def _content_line(self, source: Path) -> int:
        """The document's line of the content's first line (findings name the page's lines).

        Read from the file: MyST and reStructuredText count ``content_offset`` differently.
        """
        first = self.content[0].strip()
        try:
            lines = source.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return self.content_offset + 1
        for number in range(self.lineno, len(lines) + 1):
            if lines[number - 1].strip() == first:
                return number
        return self.content_offset + 1


def _display(path: str) -> str:
    from blueprint.common.paths import display_path

    return display_path(path)


def _write_css(app: Sphinx, exception: Exception | None) -> None:
    """The embeds' stylesheet, into the HTML output's ``_static`` folder."""
    if exception is not None or app.builder.format != "html":
        return
    from blueprint.common.io import write_atomic
    from blueprint.docs.style import stylesheet

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    write_atomic(static / CSS, stylesheet())


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, its configuration values and the stylesheet."""
    app.add_config_value("blueprint_lang", "en", "env", types=frozenset({str}))
    app.add_config_value("blueprint_today", None, "env")
    app.add_config_value("blueprint_profile", "aiag-vda-2019", "env", types=frozenset({str}))
    app.add_directive("blueprint", BlueprintDirective)
    app.add_css_file(CSS)
    app.connect("build-finished", _write_css)
    from blueprint import __version__

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
