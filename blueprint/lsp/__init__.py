"""``blueprint lsp``: a Language Server Protocol server for blueprint files.

The server (:mod:`blueprint.lsp.server`, on pygls, the optional ``blueprint[lsp]`` extra)
keeps one analysis per open document (:mod:`blueprint.lsp.state`) and answers every
request from it: diagnostics are exactly ``check``'s findings, hover shows the scores,
definition and references follow ids, completion offers ids and schema keys, and a
custom request renders the SVG diagram for an editor's preview. Only ``server`` imports
pygls; the other modules work on plain data and are typed without it.
"""
