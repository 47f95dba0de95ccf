"""Text, JSON, SARIF, Markdown and HTML-fragment outputs: findings, FMEA tables, diffs, graph
reports; each family's formats are registered in :mod:`blueprint.output.formats`."""
