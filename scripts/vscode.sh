#!/usr/bin/env bash
# Build the VS Code extension in editors/vscode: npm ci, the TypeScript compile, and
# `vsce package` into editors/vscode/blueprint-fmea.vsix (then check what the package holds).
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent compile
npx --no-install @vscode/vsce package --allow-missing-repository -o blueprint-fmea.vsix
python3 - <<'PY'
import json, zipfile
with zipfile.ZipFile("blueprint-fmea.vsix") as vsix:
    names = set(vsix.namelist())
    manifest = json.loads(vsix.read("extension/package.json"))
for needed in ("extension/out/extension.js", "extension/schemas/blueprint.schema.json",
               "extension/node_modules/vscode-languageclient/package.json"):
    assert needed in names, f"blueprint-fmea.vsix lacks {needed}"
assert manifest["contributes"]["yamlValidation"][0]["url"] == "./schemas/blueprint.schema.json"
print(f"blueprint-fmea.vsix: {len(names)} files")
PY
