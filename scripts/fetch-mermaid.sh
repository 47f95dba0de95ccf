#!/usr/bin/env bash
# Mermaid's browser bundle, for the test that draws a Markdown report's diagram in
# Material for MkDocs without fetching anything: .cache/npm/mermaid/dist/mermaid.min.js.
set -euo pipefail
cd "$(dirname "$0")/.."
version="11.17.2"  # the major version Material for MkDocs 9 loads
dest=.cache/npm/mermaid-$version
[ -f "$dest/dist/mermaid.min.js" ] && exit 0
mkdir -p "$dest"
tarball=$(cd .cache/npm && npm pack "mermaid@$version" --silent)
tar -xzf ".cache/npm/$tarball" -C "$dest" --strip-components=1 package/dist/mermaid.min.js
rm -f ".cache/npm/$tarball"
