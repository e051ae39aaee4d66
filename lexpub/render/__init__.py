"""Renderers of consolidated expressions: HTML pages, print PDF, inline markup, the Jinja2 environment."""
