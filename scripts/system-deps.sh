#!/usr/bin/env bash
# Install the system packages blueprint uses when they are missing (Debian/Ubuntu):
# Graphviz (dot) for SVG/PNG/PDF, Noto CJK fonts for Chinese glyphs, Chromium for the
# browser test of HTML reports; with --with-browser also Neovim (the editor test of the
# language server) and npm (the VS Code extension build, and Mermaid's bundle for the
# docs-site test). Other systems: install graphviz and a CJK font yourself.
set -euo pipefail
want=()
command -v dot >/dev/null 2>&1 || want+=(graphviz)
# grep reads everything (no -q): an early exit would fail the pipe under pipefail
fc-list : family 2>/dev/null | grep "Noto Sans CJK" >/dev/null || want+=(fonts-noto-cjk)
if [ "${1:-}" = "--with-browser" ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || want+=(chromium)
  command -v nvim >/dev/null 2>&1 || want+=(neovim)
  command -v npm >/dev/null 2>&1 || want+=(npm)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "blueprint: please install: ${want[*]} (no apt-get here)" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "installing system packages: ${want[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
