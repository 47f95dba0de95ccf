"""Blueprints drawn inside documentation sites, at build time.

:mod:`blueprint.docs.embed` turns one block (a file or YAML, with options from
:mod:`blueprint.docs.options`) into HTML and ``check`` findings; the MkDocs plugin
(:mod:`blueprint.docs.mkdocs`) and the Sphinx extension (:mod:`blueprint.docs.sphinx`)
find the blocks, report the findings as build warnings and rebuild a page when its
blueprint changes.
"""
