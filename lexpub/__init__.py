"""lexpub: a legal-text publishing pipeline for the orders of the Ministry of Defence of Kazakhstan.

YAML sources are loaded and validated once into a typed model (:mod:`lexpub.model`); consolidation,
diffs, rendering and publication are pure functions of that model.
"""

__version__ = "0.1.0"
