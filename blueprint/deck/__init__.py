"""``blueprint deck``: a PowerPoint deck for a client meeting, from one blueprint.

Slides: a title slide; the diagram laid out for a 16:9 slide (``render --fit slide``,
split by phase when it does not fit at 10 pt); the top failure modes as tables (rows
carried onto further slides, never shrunk below 12 pt), numbered F1, F2... as on the
diagram; the action plan; the funded plan with ``--budget``; money at risk when the file
has economics. Text is in the blueprint's language and names the CJK font. The same file
gives the same bytes: fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.errors import ToolMissingError
from blueprint.i18n import t

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis

FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""The deck's creation and modification time: decks repeat byte for byte."""


@dataclass(frozen=True)
class DeckOptions:
    """What the deck shows and in which language."""

    lang: str = "en"
    top: int = 10
    font: str = "Noto Sans CJK TC"
    theme: str = "light"
    today: dt.date | None = None
    date: str | None = None  # the title slide's date, over the file's meta.date
    dpi: int = 200
    budget: float | None = None  # the funded plan's budget (``--budget``): its slides only when given
    objective: str | None = None  # money | rpn, as ``blueprint plan --objective``
    must: str | None = None  # "H": fund first every action that lowers an H failure


def _pptx() -> None:
    try:
        import pptx  # noqa: F401
    except ImportError:
        raise ToolMissingError(t("deck.missing")) from None


def build_deck(analysis: Analysis, opts: DeckOptions, source: str) -> bytes:
    """The deck as the bytes of a ``.pptx`` file."""
    _pptx()
    from pptx import Presentation

    from blueprint.deck import pages
    from blueprint.deck.funded import funded_slides
    from blueprint.deck.slides import SLIDE_H, SLIDE_W

    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    pages.title_slide(deck, analysis, opts)
    pages.diagram_slides(deck, analysis, opts)
    pages.failure_slides(deck, analysis, opts)
    pages.plan_slides(deck, analysis, opts, source)
    funded_slides(deck, analysis, opts)
    if analysis.blueprint.economics is not None:
        pages.money_slide(deck, analysis, opts)
    props = deck.core_properties
    props.title = analysis.blueprint.title
    props.author = analysis.blueprint.meta.author or ""
    props.last_modified_by = ""
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.language = opts.lang
    out = io.BytesIO()
    deck.save(out)
    return fixed_zip(out.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed, so equal decks are equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
