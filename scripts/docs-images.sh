#!/usr/bin/env bash
# Regenerate every picture the README and docs/ show (docs/images/) from the examples.
#
#   bash scripts/docs-images.sh            # all of them
#
# Needs Graphviz (dot), LibreOffice (soffice), poppler (pdftoppm) and Chromium, with the
# fonts of scripts/system-deps.sh (Noto Sans CJK). The same tools give the same bytes:
# tests/docs/test_docs_images.py checks that the committed SVGs are today's renders and
# that each PNG has the size of a fresh one.
set -euo pipefail
cd "$(dirname "$0")/.."
bp=.venv/bin/blueprint
out=docs/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
telecom=examples/telecom-sim-swap.blueprint.yaml
fedex=examples/fedex-tracking.blueprint.yaml

# the diagrams: the README's picture, its dark twin, and the English example
"$bp" render "$telecom" -o "$out/telecom-sim-swap.png"
"$bp" render "$telecom" -o "$out/telecom-sim-swap.svg"
"$bp" render "$telecom" --theme dark -o "$out/telecom-sim-swap.dark.png"
"$bp" render "$fedex" -o "$out/fedex-tracking.png"
"$bp" render "$fedex" -o "$out/fedex-tracking.svg"

# a slide-fit render: page 1 of the telecom example on a 16:9 slide
"$bp" render "$telecom" --fit slide --dpi 96 -o "$tmp/slide.png"
cp "$tmp/slide-p1.png" "$out/telecom-sim-swap.slide-p1.png"

# deck pages, as LibreOffice Impress prints them: PNG from the PDF
"$bp" deck "$telecom" -o "$tmp/deck-telecom.pptx"
"$bp" deck "$fedex" --budget 500000 -o "$tmp/deck-fedex.pptx"
soffice "-env:UserInstallation=file://$tmp/lo" --headless --convert-to pdf --outdir "$tmp" \
  "$tmp/deck-telecom.pptx" "$tmp/deck-fedex.pptx" >/dev/null
page() {  # page PDF NUMBER TARGET: one page at 72 dpi (a 960 x 540 slide)
  pdftoppm -r 72 -png -singlefile -f "$2" -l "$2" "$1" "$tmp/page"
  cp "$tmp/page.png" "$3"
}
page "$tmp/deck-telecom.pdf" 2 "$out/deck-telecom-2.png"  # the diagram, page 1
page "$tmp/deck-telecom.pdf" 4 "$out/deck-telecom-4.png"  # the top failures
# the funded plan's chosen actions: the first page whose text starts with that title
pdftotext "$tmp/deck-fedex.pdf" "$tmp/deck-fedex.txt"
funded=$(awk -v RS='\f' '/^ *Funded plan: the chosen actions/ {print NR; exit}' "$tmp/deck-fedex.txt")
page "$tmp/deck-fedex.pdf" "$funded" "$out/deck-fedex-funded.png"

# the top of the HTML report, in headless Chromium
"$bp" report "$fedex" -o "$tmp/report.html"
chromium --headless --no-sandbox --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=960,720 --screenshot="$tmp/report.png" "file://$tmp/report.html" 2>/dev/null
cp "$tmp/report.png" "$out/report-fedex-tracking.png"
echo "docs/images regenerated"
