"""Renderers: a Comparison to JSON, terminal text, Markdown or HTML."""
