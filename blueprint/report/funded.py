"""The report's "Funded plan" section in HTML (``blueprint report --budget N``)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from blueprint.i18n import t

if TYPE_CHECKING:
    from blueprint.output.plan import PlanView


def _esc(text: str) -> str:
    return escape(text, quote=True)


def funded_html(view: PlanView) -> str:
    """Method and objective, the chosen actions as a table, the totals, the actions left out."""
    from blueprint.output.plan import columns, head_lines, left_out, rows, total_lines

    lang = view.lang
    out = [f'<p class="note">{"<br>".join(_esc(line) for line in head_lines(view))}</p>']
    cols = columns(view)
    if view.plan.chosen:
        num = {k: ' class="num"' if align == "right" else "" for k, _, align in cols}
        head = "".join(f'<th scope="col"{num[k]}>{_esc(h)}</th>' for k, h, _ in cols)
        body = []
        for r in rows(view):
            cells = "".join(f"<td{num[k]}>{_esc(r[k])}</td>" for k, _, _ in cols)
            body.append(f"<tr>{cells}</tr>")
        out.append(
            '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="funded-h">'
            f'<table class="funded"><thead><tr>{head}</tr></thead><tbody>\n'
            + "\n".join(body)
            + "\n</tbody></table></div>"
        )
    else:
        key = "plan.none" if view.plan.candidates else "plan.no_candidates"
        out.append(f'<p class="note">{_esc(t(key, lang))}</p>')
    out.append('<ul class="summary">' + "".join(f"<li>{_esc(x)}</li>" for x in total_lines(view)) + "</ul>")
    missing = left_out(view)
    if missing:
        out.append(f"<h3>{_esc(t('plan.not_chosen', lang))}</h3>")
        items = "".join(
            f'<li>{_esc(action)} <span class="sub">{_esc(failure)} · {_esc(why)}</span></li>'
            for failure, action, why in missing
        )
        out.append(f'<ul class="items">{items}</ul>')
    return "\n".join(out)
