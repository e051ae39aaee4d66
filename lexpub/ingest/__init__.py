"""Reading official texts back into lexpub: amendment formulas (:mod:`lexpub.ingest.formulas`).

Sits above ``consolidate``/``wording``/``sources``/``model`` and below ``cli``; only the CLI imports it.
"""
