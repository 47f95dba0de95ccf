"""The stylesheet of an embedded blueprint, scoped to ``.bp-embed`` so it leaves the theme alone.

A documentation theme decides the page's colours; the embed inherits its text colour and
draws its own backgrounds and borders in translucent grey, which reads on a light and a
dark page alike. Only what must keep a contrast of its own has fixed colours: the AP
chips (the diagram's AP colours, from :mod:`blueprint.render.theme`) and the diagram,
which comes in a light and a dark drawing. The dark drawing and chips are shown where a
theme says the page is dark: Material's ``slate`` scheme, the MkDocs theme's and pydata's
``data-bs-theme``/``data-theme``, Furo's ``data-theme`` (and its ``auto`` mode following
the system setting). Every rule is ``!important`` where themes are known to reach: Material
styles every ``svg``, ``table``, ``th`` and ``p`` of a page.
"""

from __future__ import annotations

from typing import Final

from blueprint.render.theme import DARK, LIGHT, Theme

DARK_SCOPES: Final = (
    '[data-md-color-scheme="slate"]',
    '[data-bs-theme="dark"]',
    'body[data-theme="dark"]',
    'html[data-theme="dark"]',
)
"""Attributes by which themes say the page is dark."""

AUTO_SCOPE: Final = 'body[data-theme="auto"]'
"""Furo's default: dark when the system is."""


def _chips(theme: Theme) -> str:
    return "".join(
        f".bp-embed .bp-chip-{ap}{{background:{theme.ap_fill[ap]}!important;"
        f"color:{theme.ap_text[ap]}!important;border-color:{theme.ap_border[ap]}!important}}"
        for ap in ("H", "M", "L")
    )


def _dark_rules() -> str:
    """What changes on a dark page: the drawing shown, the chips, the warning colour."""
    return (
        ".bp-embed .bp-light{display:none!important}.bp-embed .bp-dark{display:block!important}"
        + _chips(DARK)
        + ".bp-embed{--bp-warn:#ff7b72}"
    )


def _scoped(rules: str, scope: str) -> str:
    """``rules`` (each starting ``.bp-embed``) with ``scope`` put before every selector."""
    out = []
    for rule in rules.split("}"):
        if not rule:
            continue
        selectors, _, body = rule.partition("{")
        scoped = ",".join(f"{scope} {sel.strip()}" for sel in selectors.split(","))
        out.append(f"{scoped}{{{body}}}")
    return "".join(out)


_BASE = """
.bp-embed{--bp-line:rgba(127,127,127,.35);--bp-soft:rgba(127,127,127,.1);--bp-warn:#b42318;
 margin:1em 0 1.5em;line-height:1.5}
.bp-embed .bp-figure{margin:0;padding:.5rem;border:1px solid var(--bp-line);border-radius:6px}
.bp-embed .bp-dark{display:none}
.bp-embed svg.diagram-svg{display:block!important;width:100%!important;height:auto!important;
 max-width:var(--w)!important;margin:0 auto}
.bp-embed.bp-fit-none .bp-figure{overflow-x:auto}
.bp-embed.bp-fit-none svg.diagram-svg{width:var(--w)!important;max-width:none!important}
.bp-embed .bp-heading{font-size:1.1em;font-weight:700;margin:1.25em 0 .5em}
.bp-embed .bp-note{opacity:.85;font-size:.9em;margin:.25em 0 .75em}
.bp-embed .bp-table-wrap{overflow-x:auto;border:1px solid var(--bp-line);border-radius:6px;margin:0 0 1em}
.bp-embed table.bp-table{display:table!important;border-collapse:collapse!important;width:100%!important;
 margin:0!important;border:0!important;font-size:.85em!important;line-height:1.45;box-shadow:none!important}
.bp-embed table.bp-table th,.bp-embed table.bp-table td{padding:.45em .55em!important;border:0!important;
 border-bottom:1px solid var(--bp-line)!important;vertical-align:top!important;text-align:left;
 background:none!important;color:inherit!important;font-size:inherit!important}
.bp-embed table.bp-table thead th{background:var(--bp-soft)!important;font-weight:600!important}
.bp-embed table.bp-table th.bp-num,.bp-embed table.bp-table td.bp-num{text-align:right}
.bp-embed table.bp-table td.bp-num{white-space:nowrap;font-variant-numeric:tabular-nums}
.bp-embed table.bp-table th.bp-ap,.bp-embed table.bp-table td.bp-ap{text-align:center;white-space:nowrap}
.bp-embed td.bp-wide{min-width:14em}
.bp-embed td.bp-mid{min-width:8em}
.bp-embed .bp-sub{display:block;opacity:.8;font-size:.85em}
.bp-embed .bp-label{display:block;opacity:.8;font-size:.8em;font-weight:600;margin-top:.3em}
.bp-embed .bp-mode{font-weight:600}
.bp-embed ul.bp-items,.bp-embed ul.bp-summary{margin:0!important;padding-left:1.1em!important}
.bp-embed ul.bp-items li,.bp-embed ul.bp-summary li{margin:.1em 0!important}
.bp-embed .bp-chip{display:inline-block;white-space:nowrap;min-width:1.9em;padding:0 .45em;border-radius:4px;
 font-weight:700;text-align:center;border:1px solid transparent;line-height:1.5}
.bp-embed .bp-stats{display:flex;flex-wrap:wrap;gap:.6em;margin:0 0 1em}
.bp-embed .bp-stat{flex:1 1 8em;background:var(--bp-soft);border:1px solid var(--bp-line);border-radius:6px;
 padding:.5em .8em}
.bp-embed .bp-stat dt{font-size:.8em;opacity:.85;line-height:1.3;font-weight:400;margin:0}
.bp-embed .bp-stat dd{margin:.2em 0 0!important;font-size:1.4em;font-weight:700;line-height:1.2}
.bp-embed .bp-stat dd .bp-sub{font-size:.6em}
.bp-embed .bp-chips{display:flex;gap:.3em;margin-top:.3em;font-size:.6em}
.bp-embed .bp-alert{color:var(--bp-warn);font-weight:700}
.bp-embed .bp-stat.bp-alert{border-color:var(--bp-warn)}
.bp-embed .bp-overdue{display:inline-block;margin-left:.35em;padding:0 .4em;border-radius:4px;font-size:.8em;
 font-weight:700;color:var(--bp-warn);border:1px solid var(--bp-warn)}
.bp-embed .bp-count{opacity:.8;font-weight:400}
.bp-embed .bp-problem{border-left:4px solid var(--bp-warn);padding:.4em .8em;background:var(--bp-soft)}
"""


def stylesheet() -> str:
    """The whole stylesheet: base rules, light chips, and the dark rules for every dark scope."""
    dark = _dark_rules()
    out = [_BASE.strip().replace("\n ", " "), _chips(LIGHT)]
    out += [_scoped(dark, scope) for scope in DARK_SCOPES]
    out.append(f"@media (prefers-color-scheme:dark){{{_scoped(dark, AUTO_SCOPE)}}}")
    return "\n".join(out) + "\n"
