#!/usr/bin/env bash
# One command on a fresh machine: install what blueprint needs, then run the main job on
# an example: check it, rank its failures, draw its swimlane diagram and write a report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e .
example=examples/telecom-sim-swap.blueprint.yaml
mkdir -p out
bp=.venv/bin/blueprint
set -x
$bp check examples/
$bp fmea "$example"
$bp render "$example" -o out/telecom-sim-swap.png
$bp render "$example" -o out/telecom-sim-swap.svg
$bp report "$example" -o out/telecom-sim-swap.html
