"""``blueprint fmea --format html``: a plain ``<table>`` fragment to embed in a page."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from blueprint.common.plain import printable
from blueprint.output.fmea_view import FmeaView, chain_rows, columns

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored


def _cell(text: str) -> str:
    """Escaped text, line breaks as ``<br>``; control characters (not allowed in HTML) dropped."""
    return "<br>".join(escape(line) for line in printable(text).split("\n"))


def _origin(s: Scored) -> str:
    """The row's class: ``shared`` for a failure of a shared step, ``reused`` for one reusing
    a shared failure (``from:``)."""
    kinds = [k for k, yes in (("shared", s.step.shared_from), ("reused", s.failure.from_id)) if yes]
    return f' class="{" ".join(kinds)}"' if kinds else ""


def render(view: FmeaView) -> str:
    """A ``<table class="fmea">`` with a header row and one row per failure, every text escaped.

    AP cells carry ``class="ap ap-H"`` (M, L) so a page can colour them; nothing is styled here.
    """
    cols = columns(view, long=True)
    lang = view.lang
    out = [f'<table class="fmea" lang="{escape(lang)}">', "<thead>", "<tr>"]
    out += [f'<th scope="col" class="{c.key}">{_cell(c.header)}</th>' for c in cols]
    out += ["</tr>", "</thead>", "<tbody>"]
    for s in view.shown:
        chains = s.ranked_chains() if s.failure.chained else []
        for k, row in enumerate(chain_rows(s, lang, sep="\n", uncertainty=view.uncertainty)):
            chain = chains[k] if chains else None
            ident = chain.id if chain is not None else s.failure.id
            residual_ap = chain.residual_ap if chain is not None else s.residual_ap
            needs = chain.needs_action if chain is not None else s.needs_action
            out.append(f'<tr id="failure-{escape(ident)}"{_origin(s)}>')
            for c in cols:
                classes = c.key
                if c.key == "ap":
                    classes += f" ap-{row['ap']}"
                elif c.key == "res" and residual_ap:
                    classes += f" ap-{residual_ap}"
                elif c.key == "actions" and needs:
                    classes += " needs-action"
                out.append(f'<td class="{classes}">{_cell(row[c.key])}</td>')
            out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out) + "\n"
