"""The stylesheet and script inlined into every HTML report, and the page's security policy.

The page loads nothing: no fonts (a font stack of system fonts with Traditional Chinese
glyphs), no images but ``data:`` ones, no scripts but :data:`SCRIPT`, whose hash the
Content-Security-Policy names. The AP colours are the diagram's (see
:mod:`blueprint.render.theme`), so a table chip and a diagram node agree.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Final

from blueprint.render.theme import DARK, LIGHT, Theme

FONT_LATIN: Final = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif'
)
FONT_CJK: Final = (
    '"Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Heiti TC", "Microsoft JhengHei", '
    'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
)


def _palette(theme: Theme, page: dict[str, str]) -> str:
    """CSS custom properties for one colour scheme."""
    props = dict(page)
    for ap in ("H", "M", "L"):
        props[f"{ap}-bg"] = theme.ap_fill[ap]
        props[f"{ap}-fg"] = theme.ap_text[ap]
        props[f"{ap}-line"] = theme.ap_border[ap]
    return "".join(f"--{key}:{value};" for key, value in props.items())


_LIGHT_PAGE = {
    "bg": "#ffffff",
    "fg": "#1f2933",
    "muted": "#52606d",
    "line": "#d9e0e7",
    "soft": "#f5f7fa",
    "th": "#e9eef3",
    "accent": "#334e68",
    "link": "#1d4ed8",
    "warn": "#b42318",
    "warn-bg": "#fdecea",
    "figure": "#ffffff",
}
_DARK_PAGE = {
    "bg": "#0d1117",
    "fg": "#e6edf3",
    "muted": "#9da7b3",
    "line": "#30363d",
    "soft": "#161b22",
    "th": "#1f2630",
    "accent": "#8fb3d9",
    "link": "#79c0ff",
    "warn": "#ff7b72",
    "warn-bg": "#3d1a1a",
    "figure": "#0d1117",
}

_LAYOUT = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;font-family:%LATIN%}
html:lang(zh-Hant){font-family:%CJK%}
body{margin:0;background:var(--bg);color:var(--fg);font-size:16px;line-height:1.6}
header,main,footer{max-width:90rem;margin:0 auto;padding:0 1.5rem}
header{padding-top:2.25rem;padding-bottom:1.25rem;border-bottom:3px solid var(--accent)}
.kicker{margin:0;color:var(--muted);font-size:.85rem;letter-spacing:.04em;text-transform:uppercase}
h1{font-size:2rem;line-height:1.25;margin:.25rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.4rem;line-height:1.3;margin:0 0 .75rem;padding-bottom:.3rem;
 border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
.meta dt{font-weight:600;color:var(--muted)}
.meta dd{margin:0;overflow-wrap:anywhere}
nav.toc{margin-top:1rem;font-size:.9rem}
nav.toc ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
a{color:var(--link)}
section{margin:2.5rem 0}
.note{color:var(--muted);font-size:.9rem;margin:.25rem 0 .75rem}
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 1rem}
.stat{flex:1 1 8.5rem;background:var(--soft);border:1px solid var(--line);border-radius:8px;
 padding:.6rem .9rem}
.stat dt{font-size:.8rem;color:var(--muted);line-height:1.3}
.stat dd{margin:.2rem 0 0;font-size:1.55rem;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.stat dd .sub{font-size:.8rem;font-weight:600}
.stat.alert{border-color:var(--warn);background:var(--warn-bg)}
.stat.alert dd{color:var(--warn)}
.chips{display:flex;gap:.3rem;margin-top:.3rem}
.chips .chip{font-size:.8rem}
ul.summary{margin:0;padding-left:1.2rem}
ul.summary li{margin:.15rem 0}
figure{margin:0;padding:.75rem;background:var(--figure);border:1px solid var(--line);border-radius:8px}
.diagram-svg{display:block;width:100%;height:auto;margin:0 auto;max-width:var(--w)}
.full figure{overflow-x:auto}
.full .diagram-svg{width:var(--w);max-width:none}
.tools{margin:-.25rem 0 .5rem;display:flex;justify-content:flex-end}
.tools button{font:inherit;font-size:.85rem;color:var(--link);background:var(--bg);
 border:1px solid var(--line);border-radius:6px;padding:.15rem .7rem;cursor:pointer}
.tools button[aria-pressed=true]{background:var(--th)}
.tools button:focus-visible{outline:2px solid var(--link)}
.diagram-dark{display:none}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
.table-wrap:focus-visible{outline:2px solid var(--link)}
table{border-collapse:collapse;width:100%;font-size:.875rem;line-height:1.45}
th,td{padding:.5rem .55rem;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
tbody tr:last-child td{border-bottom:none}
thead th{background:var(--th);font-weight:600;word-break:keep-all;line-break:strict}
th.num{text-align:right}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.ap{text-align:center}
td.ap{text-align:center;white-space:nowrap}
td.wide{min-width:15rem}
td.mid{min-width:8rem}
td.actions{min-width:7rem}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;cursor:pointer;
 text-align:inherit;word-break:keep-all}
th button::after{content:"\\2195";opacity:.35;font-size:.85em;margin-left:.25rem;white-space:nowrap}
th[aria-sort=ascending] button::after{content:"\\25B2";opacity:1}
th[aria-sort=descending] button::after{content:"\\25BC";opacity:1}
th button:focus-visible{outline:2px solid var(--link);outline-offset:2px}
.sub{display:block;color:var(--muted);font-size:.8rem}
.label{display:block;color:var(--muted);font-size:.75rem;font-weight:600;margin-top:.35rem}
.mode{font-weight:600}
ul.items{margin:0;padding-left:1rem}
table.plan{table-layout:fixed;min-width:40rem}
table.plan th:nth-child(1){width:36%}
table.plan th:nth-child(2){width:34%}
table.plan th:nth-child(3){width:10%}
table.plan th:nth-child(4){width:12%}
table.plan th:nth-child(5){width:8%}
ul.items li+li{margin-top:.3rem}
.chip{display:inline-block;white-space:nowrap;min-width:1.9em;padding:0 .45em;border-radius:4px;
 font-weight:700;text-align:center;border:1px solid transparent;line-height:1.5}
.chip-H{background:var(--H-bg);color:var(--H-fg);border-color:var(--H-line)}
.chip-M{background:var(--M-bg);color:var(--M-fg);border-color:var(--M-line)}
.chip-L{background:var(--L-bg);color:var(--L-fg);border-color:var(--L-line)}
.alert{color:var(--warn);font-weight:700}
.overdue{display:inline-block;margin-left:.35rem;padding:0 .4em;border-radius:4px;font-size:.75rem;
 font-weight:700;color:var(--warn);border:1px solid var(--warn)}
.count{color:var(--muted);font-weight:400;font-size:.9rem}
footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);
 padding-top:1rem;padding-bottom:2rem}
@media (max-width:40rem){
 body{font-size:15px}
 header{padding-top:1.25rem}
 h1{font-size:1.5rem}
 h2{font-size:1.2rem}
 header,main,footer{padding-left:.8rem;padding-right:.8rem}
 .stats{gap:.5rem}
 .stat{flex-basis:9rem}
 .stat dd{font-size:1.25rem}
 figure{padding:.25rem}
 th,td{padding:.4rem .45rem}
 td.wide{min-width:14rem}
}
@media print{
 @page{size:landscape;margin:12mm}
 body{font-size:10pt;line-height:1.4}
 header,main,footer{max-width:none;padding-left:0;padding-right:0}
 header{padding-top:0}
 nav.toc,.tools,.screen-only{display:none}
 section{margin:1.25rem 0}
 h2,h3{break-after:avoid}
 .stat,figure,tr,li{break-inside:avoid}
 thead{display:table-header-group}
 .table-wrap{overflow:visible;border:none}
 table{font-size:8pt}
 thead th{position:static}
 th button::after{content:none}
 .diagram-light{display:block!important}
 .diagram-dark{display:none!important}
 .diagram-svg{width:100%!important;max-width:100%!important}
 figure{overflow:visible!important}
 a{color:inherit;text-decoration:none}
 a[href^="http"]{text-decoration:underline}
 a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
 .chip,.stat,.overdue{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


@lru_cache(maxsize=4)
def stylesheet(theme: str = "auto") -> str:
    """The page's CSS: ``auto`` follows the reader's light or dark setting; print is always light."""
    light = _palette(LIGHT, _LIGHT_PAGE)
    dark = _palette(DARK, _DARK_PAGE)
    layout = _LAYOUT.replace("%LATIN%", FONT_LATIN).replace("%CJK%", FONT_CJK)
    show_dark = ".diagram-light{display:none}.diagram-dark{display:block}"
    toggles = ""
    if theme == "dark":
        colours = f":root{{{dark}color-scheme:dark}}\n"
        toggles = f"@media screen{{{show_dark}}}\n"
    elif theme == "light":
        colours = f":root{{{light}color-scheme:light}}\n"
    else:
        colours = f":root{{{light}color-scheme:light dark}}\n"
        colours += f"@media (prefers-color-scheme:dark){{:root{{{dark}}}}}\n"
        toggles = f"@media screen and (prefers-color-scheme:dark){{{show_dark}}}\n"
    # paper is white whatever the screen shows
    printed = f"@media print{{:root{{{light}}}}}\n"
    return colours + layout.strip() + "\n" + toggles + printed


SCRIPT: Final = """
(function () {
  "use strict";
  var AP = {H: 3, M: 2, L: 1};
  function value(cell, kind) {
    var raw = cell.getAttribute("data-v");
    if (raw === null) { raw = cell.textContent.trim(); }
    if (raw === "") { return null; }
    if (kind === "num") { var n = parseFloat(raw); return isNaN(n) ? null : n; }
    if (kind === "ap") { return AP[raw] || null; }
    return raw;
  }
  function position(row) { return Number(row.getAttribute("data-i")); }
  function sortBy(table, index, kind, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator(document.documentElement.lang, {numeric: true});
    rows.sort(function (a, b) {
      var x = value(a.cells[index], kind), y = value(b.cells[index], kind);
      if (x === null || y === null) {
        if (x === y) { return position(a) - position(b); }
        return x === null ? 1 : -1;
      }
      var c = kind === "text" ? collator.compare(x, y) : x - y;
      return c !== 0 ? c * dir : position(a) - position(b);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.zoom"), function (button) {
    button.addEventListener("click", function () {
      var full = document.body.classList.toggle("full");
      button.setAttribute("aria-pressed", full ? "true" : "false");
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var kind = th.getAttribute("data-kind");
        var now = th.getAttribute("aria-sort");
        var first = kind === "text" || th.hasAttribute("data-asc") ? 1 : -1;
        var dir = now === "ascending" ? -1 : now === "descending" ? 1 : first;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        sortBy(table, index, kind, dir);
      });
    });
  });
}());
"""
"""The page's script: the diagram at its own size (scrolling sideways) or fitted to the page, and
``table.sortable`` sorted by a clicked heading: numbers and AP (H > M > L) largest first, text A-Z,
a second click reverses; empty cells stay last; ties keep the ranked order (``data-i``)."""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy() -> str:
    """No network at all; only the page's own inline style and :data:`SCRIPT` may run."""
    return (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src '{_sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'"
    )
