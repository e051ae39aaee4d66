"""Statuses that never overstate (issue 14 §5): JSON and AKN carry the status for the date asked, with why."""

from __future__ import annotations

import json

from click.testing import CliRunner
from lxml import etree

from lexpub.cli.commands import main
from tests.conftest import SOURCE

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


def test_in_force_issue_after_13_01_2026_refuses_the_batch_and_names_the_pending_order(tmp_path):
    """Issue 14 §3: nothing written, exit 2, the message names the missing facts and where to record them."""
    data = tmp_path / "in" / "r.csv"
    data.parent.mkdir()
    sample = (SOURCE / "samples" / "refusals.csv").read_text(encoding="utf-8").splitlines()
    data.write_text("\n".join(line.rsplit(",", 2)[0] for line in sample) + "\n", encoding="utf-8")  # no dates
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "issue",
            "refusal",
            "--data",
            str(data),
            "--out",
            str(out),
            "--issued",
            "2026-02-02",
            "--source",
            str(SOURCE),
        ],
    )
    assert result.exit_code == 2
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["in"]
    err = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "error[doubtful-norm]" in err
    assert "a change signed 13.01.2026 (zakon.uchet.kz, V2600037840)" in err
    assert "a change signed 29.10.2025" in err
    assert "source/acts/mod-2017-357.yaml, field pending[1]" in err
    assert "source/acts/mod-2023-2.yaml, field work.publication.date" in err


def test_quote_doubts_are_empty_when_every_fact_is_known(tmp_path):
    """The same check passes once the facts are recorded (made-up dates, only for this test)."""
    import shutil

    from lexpub.consolidate.validate import load_valid
    from lexpub.services.documents.basis import quote_doubts

    src = tmp_path / "source"
    shutil.copytree(SOURCE, src)
    p357 = src / "acts" / "mod-2017-357.yaml"
    text = p357.read_text(encoding="utf-8").replace(
        "  entry_into_force: unknown\n", "  entry_into_force:\n    rule: on-date\n    date: 2017-09-01\n", 1
    )
    p357.write_text(text, encoding="utf-8")
    p2 = src / "acts" / "mod-2023-2.yaml"
    p2.write_text(
        p2.read_text(encoding="utf-8").replace(
            "    date: unknown\n    source: unknown\n", "    date: 2023-01-12\n    source: test fixture\n", 1
        ),
        encoding="utf-8",
    )
    corpus = load_valid(src)
    import datetime as dt

    eid = "att_nn_1__att_2-1"
    assert quote_doubts(corpus, "mod-2017-357", eid, dt.date(2023, 2, 1)) == []
    late = quote_doubts(corpus, "mod-2017-357", eid, dt.date(2025, 11, 1))
    assert [d.field.split(" ")[0] for d in late] == ["pending[0]"]


def test_the_earliest_wording_held_is_not_called_the_original_and_inserted_numbers_are_noted():
    kk = run("render", "mod-2017-357", "--edition", "mod-2017-357", "--format", "html", "--ui", "kaz")
    ru = run("render", "mod-2017-357", "--edition", "mod-2017-357", "--format", "html", "--ui", "rus")
    assert "бастапқы редакция" not in kk and "ең ерте белгілі редакциясы" in kk
    assert "оны қосылған нөмірлер (2-1) көрсетеді" in kk
    assert "первоначальная редакция" not in ru and "самая ранняя известная редакция" in ru
    assert "об этом говорят вставленные номера (2-1)" in ru
    # Order No. 2 quotes an appendix 2-1 as new wording for Order No. 357: that proves nothing about Order No. 2.
    assert "Бұл редакцияға дейін" not in run("render", "mod-2023-2", "--edition", "mod-2023-2", "--format", "html")


def test_the_comparative_table_of_order_1100_lists_its_repeal_like_every_other_change():
    from lexpub.consolidate.validate import load_valid
    from lexpub.diff.comparative import comparative_table

    corpus = load_valid(SOURCE)
    for lang, repealed in (("kaz", "Алып тасталсын."), ("rus", "Исключить.")):
        (row,) = comparative_table(corpus, "mod-2023-1100", lang).rows
        assert (row.target_work, row.target_eid) == ("mod-2023-2", "att_nn_1__para_3")
        assert row.proposed.plain() == repealed and row.act.endswith("№ 2 бұйрығы" if lang == "kaz" else "№ 2")


def test_preview_issues_anyway_marked_with_the_doubt_for_the_official_only(tmp_path):
    """`--preview`: samples with no legal force on every page; the doubts on stderr, never in the document."""
    import subprocess

    data = tmp_path / "in" / "r.csv"
    data.parent.mkdir()
    sample = (SOURCE / "samples" / "refusals.csv").read_text(encoding="utf-8").splitlines()
    data.write_text("\n".join(line.rsplit(",", 2)[0] for line in sample[:2]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["issue", "refusal", "--data", str(data), "--out", str(out), "--issued", "2026-02-02", "--preview"]
    args += ["--issuer", "astana-ddo-sample", "--source", str(SOURCE)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    err = result.stderr if result.stderr_bytes is not None else result.output
    assert "note[doubtful-norm]" in err and "V2600037840" in err
    for lang, mark in (("kk", "ҮЛГІ — заңды күші жоқ"), ("ru", "ОБРАЗЕЦ — не имеет юридической силы")):
        (pdf,) = (out / "refusal" / lang).glob("*.pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert mark in " ".join(text.split())
        for doubt in ("V2600037840", "корпус", "белгісіз", "не известно", "doubtful"):
            assert doubt not in text
