"""An SVG from :mod:`blueprint.render`, made fit to sit inside an HTML page.

The XML prolog, the doctype and comments go (HTML has no use for them); every ``id``
and every reference to one gets a prefix, so two diagrams (light and dark) and the page
itself never share an id; the fixed width and height go, so CSS can scale the drawing to
the page; ``<title>`` elements go too: Graphviz fills them with internal node names that
a browser would show as tooltips.
"""

from __future__ import annotations

import re
from html import escape

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\b((?:xlink:)?href)="#([^"]*)"')
_URL = re.compile(r"url\(#([^)]*)\)")
_ROOT = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_VIEWBOX = re.compile(r'viewBox="([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)"')


def inline_svg(data: bytes, *, prefix: str, label: str, css_class: str = "diagram-svg") -> str:
    """The ``<svg>`` element of ``data`` with ids prefixed by ``prefix``, labelled ``label``.

    ``label`` is plain text (escaped here); it becomes the drawing's accessible name.
    """
    text = data.decode("utf-8")
    text = _PROLOG.sub("", text)
    text = _TITLE.sub("", text)
    text = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = _HREF.sub(lambda m: f'{m.group(1)}="#{prefix}{m.group(2)}"', text)
    text = _URL.sub(lambda m: f"url(#{prefix}{m.group(1)})", text)
    root = _ROOT.search(text)
    if root is None:
        raise ValueError("the renderer gave no <svg> element")
    attrs = _SIZE.sub("", root.group(1))
    box = _VIEWBOX.search(attrs)
    # never drawn wider than its own size: a small blueprint stays small on a wide screen
    width = f' style="--w:{float(box.group(3)):.0f}pt"' if box else ""
    start = f'<svg{attrs} class="{css_class}" role="img" aria-label="{escape(label, quote=True)}"{width}>'
    return (start + text[root.end() :]).strip() + "\n"
