"""The parse cache: a warm load gives the same corpus as a cold one; a truncated, altered or stale
entry is ignored and rebuilt (never trusted); errors are always found afresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lexpub.errors import ValidationError
from lexpub.sources import cache
from lexpub.sources.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LEXPUB_CACHE", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "parse").rglob("*") if p.is_file())


def test_warm_load_equals_cold_and_uncached(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_corpus(SOURCE)
    assert len(entries(cache_dir)) == 4  # one per act file
    warm = load_corpus(SOURCE)
    monkeypatch.setenv("LEXPUB_CACHE", "off")
    plain = load_corpus(SOURCE)
    assert cold == warm == plain
    # locations come back under the name the caller reads with, and exactly
    work = warm.works["mod-2023-2"]
    assert work.root.loc == plain.works["mod-2023-2"].root.loc
    assert work.root.loc.file == str(SOURCE / "acts" / "mod-2023-2.yaml")  # as the caller gave the folder


def test_entry_read_back_uses_callers_file_name(cache_dir: Path, tmp_path: Path) -> None:
    path = SOURCE / "acts" / "mod-2023-2.yaml"
    doc, problems = cache.load_checked(path, "a.yaml", "act")
    assert problems == []
    again, _ = cache.load_checked(path, "b.yaml", "act")
    assert again.data == doc.data
    assert again.loc(("work", "date")).file == "b.yaml"
    assert (again.loc(("work", "date")).line, again.loc(("work", "date")).column) == (
        doc.loc(("work", "date")).line,
        doc.loc(("work", "date")).column,
    )


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage", "other-key"])
def test_damaged_entry_is_ignored_and_rebuilt(cache_dir: Path, damage: str) -> None:
    path = SOURCE / "acts" / "mod-2017-357.yaml"
    good, _ = cache.load_checked(path, "x.yaml", "act")
    [entry] = entries(cache_dir)
    blob = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":  # one byte inside the marshalled payload: still loads as marshal, maybe
        i = len(blob) - 100
        entry.write_bytes(blob[:i] + bytes([blob[i] ^ 0x01]) + blob[i + 1 :])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "garbage":
        entry.write_bytes(b"\x00" * len(blob))
    else:  # an entry for other bytes copied over this one
        other, _ = cache.load_checked(SOURCE / "acts" / "mod-2023-2.yaml", "y.yaml", "act")
        [e1, e2] = entries(cache_dir)
        src, dst = (e1, e2) if e1 != entry else (e2, e1)
        entry.write_bytes(src.read_bytes())
    assert cache.read_entry(entry, entry_key(entry), "x.yaml") is None
    again, problems = cache.load_checked(path, "x.yaml", "act")
    assert problems == []
    assert again.data == good.data
    assert dict(again.locs) == dict(good.locs)
    assert entry.read_bytes() == blob  # rebuilt


def entry_key(entry: Path) -> bytes:
    return bytes.fromhex(entry.parent.name + entry.name)


def test_stale_code_key_misses(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = SOURCE / "acts" / "mod-2023-2.yaml"
    cache.load_checked(path, "x.yaml", "act")
    monkeypatch.setattr(cache, "code_key", lambda name: b"other code" * 3)
    cache.load_checked(path, "x.yaml", "act")
    assert len(entries(cache_dir)) == 2  # a new entry, the old one not trusted for other code


def test_errors_are_never_cached(cache_dir: Path, make_corpus) -> None:
    text = (SOURCE / "acts" / "mod-2023-2.yaml").read_text("utf-8")
    bad = re.sub(r"^  date: ", "  datum: ", text, count=1, flags=re.MULTILINE)
    assert bad != text
    src = make_corpus({"acts/mod-2023-2.yaml": bad})
    for _ in range(2):
        with pytest.raises(ValidationError) as exc:
            load_corpus(src)
        assert any(i.rule == "unknown-field" for i in exc.value.issues)
    assert len(entries(cache_dir)) == 3  # the three good acts only


def test_cache_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEXPUB_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_corpus(SOURCE)
    assert not (tmp_path / "xdg").exists()
