#!/usr/bin/env bash
# Install the system packages blueprint uses when they are missing (Debian/Ubuntu):
# Graphviz (dot) for SVG/PNG/PDF, Noto CJK fonts for Chinese glyphs; with --with-browser
# also what the tests use as independent clients: Chromium (HTML reports), Neovim (the
# editor test of the language server), LibreOffice Calc (worksheets re-saved by an office
# suite) and Impress (decks), poppler-utils (their PDFs), Node.js and npm (the VS Code
# extension build, Mermaid's bundle and parser, ajv, the SARIF Multitool).
# Other systems: install graphviz and a CJK font yourself.
# Exits non-zero, naming what is missing, when something asked for is still missing after
# the attempt (no apt-get, a failed install, a package that did not provide the tool).
set -euo pipefail
with_browser=0
[ "${1:-}" = "--with-browser" ] && with_browser=1

has() { command -v "$1" >/dev/null 2>&1; }
installed() { has dpkg-query && dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
# grep reads everything (no -q): an early exit would fail the pipe under pipefail
has_cjk_font() { fc-list : family 2>/dev/null | grep "Noto Sans CJK" >/dev/null; }

# what is missing, as Debian package names
missing() {
  local out=()
  has dot || out+=(graphviz)
  has_cjk_font || out+=(fonts-noto-cjk)
  if [ "$with_browser" = 1 ]; then
    has chromium || has chromium-browser || out+=(chromium)
    has nvim || out+=(neovim)
    has npm || out+=(nodejs npm)
    # the tests' third-party office suite: Calc re-saves worksheets, Impress reads decks
    installed libreoffice-calc-nogui || out+=(libreoffice-calc-nogui)
    installed libreoffice-impress-nogui || out+=(libreoffice-impress-nogui)
    has pdftotext || out+=(poppler-utils)
  fi
  echo "${out[@]:-}"
}

read -r -a want <<<"$(missing)"
[ ${#want[@]} -eq 0 ] && exit 0
if has apt-get; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing system packages: ${want[*]}" >&2
  $sudo apt-get update -qq || echo "blueprint: apt-get update failed" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null ||
    echo "blueprint: apt-get install failed" >&2
  if has fc-cache; then fc-cache -f >/dev/null 2>&1 || true; fi
else
  echo "blueprint: no apt-get here: install these packages yourself" >&2
fi
read -r -a still <<<"$(missing)"
if [ ${#still[@]} -gt 0 ]; then
  echo "blueprint: missing system packages: ${still[*]}" >&2
  exit 1
fi
