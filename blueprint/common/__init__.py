"""Helpers every layer may use: text width and plain text, atomic writes, the collector pause."""
