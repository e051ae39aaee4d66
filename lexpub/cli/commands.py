"""The ``lexpub`` command line assembled: the group (errors → exit statuses, in ``group``) and its verbs.

A new verb lives in its own module ``lexpub/cli/<topic>.py`` and is registered here with one line."""

from __future__ import annotations

from lexpub.cli import build, diffs, importing, ingest, services, text
from lexpub.cli.group import main

cli = main

cli.add_command(build.check_command)
cli.add_command(text.text_command)
cli.add_command(text.editions_command)
cli.add_command(build.build_command)
cli.add_command(text.fidelity_command)
cli.add_command(services.service_command)
cli.add_command(services.calendar_command)
cli.add_command(services.deadline_command)
cli.add_command(diffs.diff_command)
cli.add_command(build.verify_command)
cli.add_command(diffs.effects_command)
cli.add_command(diffs.compare_command)
cli.add_command(services.issue_command)
cli.add_command(services.impact_command)
cli.add_command(diffs.changes_command)
cli.add_command(text.render_command)
cli.add_command(ingest.parse_amendment_command)
cli.add_command(importing.import_command)

__all__ = ["cli", "main"]
