"""Diff tooling: redlines between expressions, effects tables, comparative tables, source changes.

Modules: :mod:`.words` (two-stage text diff, pure), :mod:`.redline` (expression → Redline),
:mod:`.render` (Redline → text/Markdown/HTML/PDF), :mod:`.effects`, :mod:`.compare`, :mod:`.changes`.
"""
