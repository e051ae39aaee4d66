"""Statuses that never overstate (issue 14 §5): JSON and AKN carry the status for the date asked, with why."""

from __future__ import annotations

import json

from click.testing import CliRunner
from lxml import etree

from lexpub.cli.commands import main

from .conftest import SOURCE

LP = "urn:x-lexpub:akn:1"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_2017_wording_of_order_357_is_not_said_to_be_in_force():
    data = json.loads(run("render", "mod-2017-357", "--edition", "mod-2017-357", "--format", "json"))
    assert data["status"] == "superseded"
    assert "not known exactly" in data["status_why"]


def test_a_date_whose_text_cannot_be_known_is_uncertain_with_why():
    data = json.loads(run("render", "mod-2017-357", "--at", "2024-07-15", "--format", "json"))
    assert data["status"] == "uncertain"
    assert "mod-2023-2" in data["status_why"]


def test_before_signing_of_the_amendment_the_old_wording_of_order_2_is_in_force_is_never_claimed():
    data = json.loads(run("render", "mod-2023-2", "--at", "2023-01-10", "--format", "json"))
    assert data["status"] == "not-yet-in-force"  # published not before 09.01.2023, in force 11 days after


def test_akn_metadata_says_the_status_and_that_a_start_is_only_a_bound():
    root = etree.fromstring(run("render", "mod-2017-357", "--edition", "mod-2023-2", "--format", "akn").encode())
    status = root.find(f".//{{{LP}}}status")
    start = root.find(f".//{{{LP}}}startOfValidity")
    assert status is not None and status.get("value") == "uncertain"
    assert "V2600037840" in (status.text or "")
    assert start is not None and start.get("exact") == "false" and start.get("not_before") == "2023-01-20"
    assert start.get("date") is None
