"""The two loads: ``sources.corpus.load_corpus`` reads file by file (what the parse cache and the
partial load share); ``consolidate.validate.load_valid`` adds the corpus-wide rules, with the errors
and exit status a single load gave before the split (per-file issues first, then the rules)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.consolidate.validate import load_valid, load_valid_related
from lexpub.errors import ValidationError
from lexpub.sources.corpus import load_corpus, load_related
from tests.conftest import SOURCE
from tests.consolidate.test_validation import BASE, amend, amending

UNKNOWN_TARGET = amend("op: repeal\ntarget: mod-2099-1#para_1\n")


def corpus_with_unknown_target(make_corpus) -> Path:
    files = {
        "acts/mod-2024-5.yaml": BASE,
        "acts/mod-2024-6.yaml": amending("6", "2024-01-10", "2024-03-05", UNKNOWN_TARGET),
    }
    return make_corpus(files, base=False)


def test_the_file_by_file_read_does_not_run_the_corpus_wide_rules(make_corpus) -> None:
    src = corpus_with_unknown_target(make_corpus)
    read = load_corpus(src)
    assert sorted(read.works) == ["mod-2024-5", "mod-2024-6"]
    assert [a.op.target_work for a in read.amendments] == ["mod-2099-1"]
    assert load_related(src, "mod-2024-6").works == {"mod-2024-6": read.works["mod-2024-6"]}  # its part, unchecked
    with pytest.raises(ValidationError) as info:
        load_valid(src)
    assert [(i.rule, i.message) for i in info.value.issues] == [
        ("unknown-target-work", "'mod-2099-1' is not a work of this corpus")
    ]
    assert info.value.issues[0].loc.file.endswith("acts/mod-2024-6.yaml")
    with pytest.raises(ValidationError):
        load_valid_related(src, "mod-2024-6")


def test_per_file_issues_come_first_and_alone(make_corpus) -> None:
    """A file that does not parse stops the load before any corpus-wide rule runs, as before."""
    src = corpus_with_unknown_target(make_corpus)
    (src / "acts" / "mod-2024-5.yaml").write_text(
        BASE.replace("  date: 2024-02-01\n", "  datum: 2024-02-01\n"), "utf-8"
    )
    with pytest.raises(ValidationError) as info:
        load_valid(src)
    assert "unknown-target-work" not in {i.rule for i in info.value.issues}
    assert "unknown-field" in {i.rule for i in info.value.issues}


def test_check_reports_a_corpus_wide_rule_with_location_and_exit_2(make_corpus) -> None:
    src = corpus_with_unknown_target(make_corpus)
    res = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert res.exit_code == 2
    assert "mod-2024-6.yaml:" in res.stderr
    assert "error[unknown-target-work]: 'mod-2099-1' is not a work of this corpus" in res.stderr


def test_the_real_corpus_reads_and_validates_to_the_same_value(corpus) -> None:
    root = Path(__file__).resolve().parents[2] / "source"
    assert load_corpus(root) == corpus
    assert load_valid_related(root, "mod-2023-2").works["mod-2023-2"] == corpus.works["mod-2023-2"]


def test_check_reports_every_kind_of_file_at_once(make_corpus) -> None:
    """A broken act does not hide a broken site, providers or eligibility file: ``check`` lists them
    together (it used to stop at the acts, so a user fixed one kind of file per run). The service
    tables cite the acts, so they are checked once the acts load."""
    providers = (SOURCE / "providers.yaml").read_text("utf-8") + "bogus: [\n"
    site = (SOURCE / "site.yaml").read_text("utf-8") + "bogus: [\n"
    src = make_corpus({"acts/Bad.yaml": "x: 1\n", "providers.yaml": providers, "site.yaml": site})
    res = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert res.exit_code == 2
    rules = re.findall(r"^(\S+?):\d+:\d+: error\[([a-z-]+)\]", res.stderr, re.MULTILINE)
    assert sorted((Path(f).name, r) for f, r in rules) == [
        ("Bad.yaml", "work-id"), ("providers.yaml", "yaml-syntax"), ("site.yaml", "yaml-syntax")
    ]  # fmt: skip
    assert res.stderr.rstrip().endswith("3 problems")
    # fixed acts: the service tables are checked again too (one that does not parse among the rest)
    (src / "acts" / "Bad.yaml").unlink()
    for name in ("military-specialty-training.yaml", "required-rows.yaml"):  # both: one does not hide the other
        service = src / "services" / name
        service.write_text(service.read_text("utf-8") + "bogus: [\n", "utf-8")
    res = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert res.exit_code == 2 and "Bad.yaml" not in res.stderr
    rules = re.findall(r"^(\S+?):\d+:\d+: error\[([a-z-]+)\]", res.stderr, re.MULTILINE)
    assert sorted((Path(f).name, r) for f, r in rules) == [
        ("military-specialty-training.yaml", "yaml-syntax"), ("providers.yaml", "yaml-syntax"),
        ("required-rows.yaml", "yaml-syntax"), ("site.yaml", "yaml-syntax"),
    ]  # fmt: skip
