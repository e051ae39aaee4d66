"""Diff tooling: redlines between expressions, effects tables, comparative tables, source changes.

Modules: :mod:`.words` (two-stage text diff, pure), :mod:`.redline` (expression → Redline),
:mod:`.view` and :mod:`.render` (Redline → text/Markdown/HTML/PDF), :mod:`.effects` (the site's
recent-changes page that lists them is :mod:`lexpub.publish.site.changes`), :mod:`.comparative` and
:mod:`.comparative_render`, :mod:`.git_changes`. Nothing here writes files or imports ``publish``.
"""
