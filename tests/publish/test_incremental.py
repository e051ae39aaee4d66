"""Incremental builds: a step is rerun only when a file it depends on changed; the cache is safe to
delete or to tamper with; a process pool gives the same bytes as one process."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

import lexpub.publish.cache as cache
from lexpub.consolidate.validate import load_valid
from lexpub.errors import InputError
from lexpub.publish.build import build as build_all
from lexpub.publish.graph import dependencies
from tests.conftest import gen_module

TEXT = "lexpub.publish.producers:text_outputs"
ROOT = Path(__file__).resolve().parents[2]


def tree(path: Path, *, cache: bool = True) -> dict[str, bytes]:
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file() and (cache or ".cache" not in p.relative_to(path).parts)
    }


# Only the text producer: these tests are about the build machinery, not the renderers.
build = functools.partial(build_all, producers=[TEXT])


def test_editing_one_source_reruns_only_the_steps_that_depend_on_it(make_corpus, tmp_path):
    src = make_corpus()
    out = tmp_path / "out"
    first = build(load_valid(src), out, src)
    assert first.rebuilt == tuple(f"{TEXT}[{w}]" for w in sorted(load_valid(src).works))
    again = build(load_valid(src), out, src)
    assert again.rebuilt == () and again.reused == again.steps == 4
    assert again.files == first.files
    # Edit Order No. 350 (one word of its title): it and Order No. 2, which amends it, are rerun;
    # Orders No. 357 and No. 1100 do not depend on it and are reused.
    path = src / "acts" / "mod-2017-350.yaml"
    text = path.read_text("utf-8")
    assert "дайындық қағидаларын бекіту туралы" in text
    path.write_text(text.replace("дайындық қағидаларын бекіту туралы", "дайындық қағидаларын бекіту жөнінде"), "utf-8")
    corpus = load_valid(src)
    edited = build(corpus, out, src)
    assert edited.rebuilt == (f"{TEXT}[mod-2017-350]", f"{TEXT}[mod-2023-2]")
    assert edited.reused == 2
    latest = (out / "acts/mod-2017-350/kaz/latest.txt").read_text("utf-8")
    assert "бекіту жөнінде" in latest
    # The incremental result is byte for byte what a build from scratch gives.
    fresh = tmp_path / "fresh"
    build(corpus, fresh, src, use_cache=False)
    assert tree(out) == tree(fresh)


def test_dependencies_follow_amendments_and_repeals_of_amending_provisions(corpus):
    deps = dependencies(corpus)
    assert deps["mod-2017-357"] == ("mod-2017-357", "mod-2023-1100", "mod-2023-2")
    assert deps["mod-2023-1100"] == ("mod-2023-1100", "mod-2023-2")
    assert deps["mod-2017-350"] == ("mod-2017-350", "mod-2023-1100", "mod-2023-2")


def test_deleting_or_tampering_with_the_cache_gives_identical_output(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    before = tree(out)
    shutil.rmtree(out / ".cache")
    report = build(corpus, out, src)
    assert len(report.rebuilt) == report.steps == 4
    assert tree(out) == before
    # A published file changed by hand (in place) is not trusted; the next build restores it — from
    # the intact copy the spare tree (the build before) still holds when there is one...
    victim = out / "acts/mod-2017-357/kaz/latest.txt"
    spare = tmp_path / ".out-spare" / "acts/mod-2017-357/kaz/latest.txt"
    assert not os.path.samefile(victim, spare)
    victim.write_bytes(victim.read_bytes().replace("Әскерге".encode(), "Әскерде".encode(), 1))
    report = build(corpus, out, src)
    assert report.rebuilt == ()
    assert tree(out) == before
    # ... and by rerunning its step when the spare's copy is the same file, changed with it.
    build(corpus, out, src)
    assert os.path.samefile(victim, spare)
    victim.write_bytes(victim.read_bytes().replace("Әскерге".encode(), "Әскерде".encode(), 1))
    report = build(corpus, out, src)
    assert report.rebuilt == (f"{TEXT}[mod-2017-357]",)
    assert tree(out) == before


def test_generated_corpus_edit_rebuilds_only_dependants(tmp_path):
    src = tmp_path / "src"
    gen_module().generate(src, works=15, amendments=40, units=20, seed=5)
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src, jobs=2)
    deps = dependencies(corpus)
    base = sorted(w for w in corpus.works if not corpus.works[w].ops)[0]
    path = src / "acts" / f"{base}.yaml"
    path.write_text(path.read_text("utf-8").replace("БҰЙЫРАМЫН:", "БҰЙЫРАМЫН :"), "utf-8")
    corpus = load_valid(src)
    report = build(corpus, out, src, jobs=2)
    expected = tuple(f"{TEXT}[{w}]" for w in sorted(corpus.works) if base in deps[w])
    assert report.rebuilt == expected
    assert 1 < len(expected) < len(corpus.works)
    serial = tmp_path / "serial"
    build(corpus, serial, src, jobs=1, use_cache=False)
    assert tree(out) == tree(serial)


def test_two_producers_writing_one_path_fail_the_build(make_corpus, tmp_path):
    from lexpub.errors import BuildError

    src = make_corpus()
    with pytest.raises(BuildError) as err:  # the same producer twice: every path is claimed twice
        build_all(load_valid(src), tmp_path / "out", src, producers=[TEXT, TEXT])
    assert err.value.issues[0].rule == "output-clash"
    assert not (tmp_path / "out").exists(), "nothing is published when the build fails"


def test_a_cache_record_naming_a_file_outside_the_build_is_not_trusted(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication", "utf-8")
    index = out / ".cache" / "steps.json"
    data = json.loads(index.read_text("utf-8"))
    key = sorted(data["steps"])[0]
    data["steps"][key]["../secret.txt"] = hashlib.sha256(secret.read_bytes()).hexdigest()
    index.write_text(json.dumps(data), "utf-8")
    (out / "acts" / "link.txt").symlink_to(secret)
    with pytest.raises(InputError, match="lexpub did not write: acts/link.txt"):  # a foreign file: refused
        build(corpus, out, src)
    (out / "acts" / "link.txt").unlink()
    report = build(corpus, out, src)
    assert len(report.rebuilt) == 1  # the step whose record was altered is rerun
    published = tree(out)
    assert not any(b"not for publication" in data for data in published.values())
    assert "acts/link.txt" not in published and not (tmp_path / "secret.txt").is_symlink()
    assert "../secret.txt" not in json.loads(index.read_text("utf-8"))["steps"][key]


def test_unchanged_files_are_trusted_by_fingerprint_and_the_others_rehashed(make_corpus, tmp_path, monkeypatch):
    """The fingerprints live beside the folder (its bytes stay reproducible); a file whose fingerprint
    is the one recorded is not read again; without a record every previous file is read and hashed."""
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    build(corpus, out, src)
    records = [cache.fingerprints_path(out.resolve()), cache.spare_fingerprints_path(out.resolve())]
    assert all(r.parent == tmp_path and r.is_file() for r in records)
    assert not any("fingerprints" in rel for rel in tree(out))
    for record in records:
        later = record.stat().st_mtime_ns + 10**9  # as if written a second after the files
        os.utime(record, ns=(later, later))
    read: list[str] = []
    real = open

    def spy(path, *args, **kwargs):
        read.append(os.path.relpath(path, tmp_path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(cache, "open", spy, raising=False)
    assert build(corpus, out, src).rebuilt == ()
    assert [r for r in read if r.startswith(("out/", ".out-spare/"))] == []
    for record in records:
        record.unlink()
    before = tree(out)
    assert build(corpus, out, src).rebuilt == ()  # every file re-hashed, found intact, reused
    assert {r for r in read if r.startswith("out/acts/")} == {f"out/{rel}" for rel in before if rel.startswith("acts/")}
    assert tree(out) == before


def folders(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_dir())


def test_the_recycled_stage_holds_nothing_of_the_tree_it_was(make_corpus, tmp_path):
    """The tree a build swaps out is kept as the next stage; whatever it holds — stray files and
    folders, a symlink to a folder outside — is gone from the next tree, and nothing outside is touched."""
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    fresh = tmp_path / "fresh"
    build(corpus, fresh, src, use_cache=False)
    build(corpus, out, src)
    build(corpus, out, src)
    spare = tmp_path / ".out-spare"
    assert spare.is_dir() and (spare / "manifest.json").is_file()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not for publication", "utf-8")
    (spare / "stray").mkdir()
    (spare / "stray" / "old.txt").write_text("stale", "utf-8")
    (spare / "acts" / "stale.txt").write_text("stale", "utf-8")
    (spare / "acts" / "mod-2017-357" / "kaz" / "gone.txt").write_text("stale", "utf-8")
    (spare / "acts" / "elsewhere").symlink_to(outside, target_is_directory=True)
    report = build(corpus, out, src)
    assert report.rebuilt == ()
    assert tree(out) == tree(fresh)
    assert folders(out) == folders(fresh)
    assert (outside / "keep.txt").read_text("utf-8") == "not for publication"
    from lexpub.publish.manifest import verify

    assert verify(out).ok
    # A spare replaced by a symlink is not followed either: the stage starts empty.
    shutil.rmtree(spare)
    spare.symlink_to(outside, target_is_directory=True)
    build(corpus, out, src)
    assert tree(out) == tree(fresh)
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize(
    ("rel", "normal"),
    [
        ("acts/mod-2017-357/kaz/latest.txt", "acts/mod-2017-357/kaz/latest.txt"),
        ("index.html", "index.html"),
        ("acts//x.txt", "acts/x.txt"),
        ("acts/./x.txt", "acts/x.txt"),
        ("acts/x/", "acts/x"),
    ],
)
def test_output_names_are_kept_in_normal_form(rel, normal):
    assert cache.safe_rel(rel) == normal


@pytest.mark.parametrize(
    "rel", ["", "../x.txt", "acts/../../x.txt", "/etc/passwd", ".cache/steps/x.json", "a\\b", "manifest.json", "./x"]
)
def test_unsafe_output_names_are_refused(rel):
    from lexpub.errors import BuildError

    with pytest.raises(BuildError):
        cache.safe_rel(rel)


def test_the_code_version_covers_the_whole_package_and_the_templates(tmp_path, monkeypatch):
    """Every step key holds the code version: a change to any renderer, rule or template must rerun
    the steps (it once covered only ``lexpub/publish/`` and a templates folder that does not exist, so
    an edited renderer left stale pages in incremental builds)."""
    import lexpub
    import lexpub.publish.graph as graph

    assert Path(lexpub.__file__).resolve().parent == graph.PACKAGE
    assert (graph.TEMPLATES / "site").is_dir()
    covered = {p.relative_to(ROOT).as_posix() for p in graph._files(graph.PACKAGE) + graph._files(graph.TEMPLATES)}
    assert {"lexpub/render/pdf.py", "lexpub/consolidate/apply.py", "lexpub/wording/i18n/kk.yaml"} <= covered
    assert any(name.startswith("templates/site/") for name in covered)
    # and the hash moves when one of them changes: a copy of the package with one renderer edited
    copy = tmp_path / "lexpub"
    shutil.copytree(graph.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = graph.tree_hash(copy, graph._files(copy))
    (copy / "render" / "pdf.py").write_text((copy / "render" / "pdf.py").read_text("utf-8") + "\n# edited\n", "utf-8")
    assert graph.tree_hash(copy, graph._files(copy)) != before
