"""Renderers: one consolidated expression in one format — ``text``, ``markdown``, ``json``, ``akn/``,
``html/`` and ``pdf`` — independent of each other (``docs/architecture.md``); ``lines`` and ``common``
are the bases they share, ``env`` and ``markup`` the Jinja2 environment and inline markup, ``formats``
puts an expression into a format by name."""
