"""The bookkeeping written in pieces has exactly the bytes of the same JSON made whole.

The manifest is published and hashed, the index and the record are read back by the next build: a
piece boundary that drops a separator or a member would break the promise of byte-identical builds
or the next build's reuse, so every piece size is tried against ``json.dumps``."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from lexpub.publish.cache import INDEX_FORMAT, index_bytes, index_chunks
from lexpub.publish.fingerprints import FORMAT, Record
from lexpub.publish.jsonchunks import hashed, members
from lexpub.publish.manifest import manifest_bytes_reference, manifest_chunks

names = st.text(st.characters(codec="utf-8"), max_size=12)
digests = st.text("0123456789abcdef", min_size=64, max_size=64)
batches = st.integers(min_value=1, max_value=5)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(names, st.one_of(names, st.dictionaries(names, names, max_size=3)), max_size=12), batches)
def test_members_join_to_json_dumps_in_either_order(mapping, batch):
    for sort_keys in (False, True):
        assert "".join(members(mapping, sort_keys=sort_keys, batch=batch)) == json.dumps(mapping, sort_keys=sort_keys)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(names, st.tuples(digests, st.integers(0, 10**12)), max_size=12), batches)
def test_the_manifest_in_pieces_is_the_manifest(files, batch):
    kw = {"revision": 'git:"x"', "tree": "t" * 64, "code": "c" * 64}
    pieces = manifest_chunks(
        {rel: d for rel, (d, _) in files.items()}, {rel: n for rel, (_, n) in files.items()}, batch=batch, **kw
    )
    digest = hashlib.sha256()
    whole = b"".join(hashed(pieces, digest))
    assert whole == manifest_bytes_reference(files, **kw)
    assert digest.hexdigest() == hashlib.sha256(whole).hexdigest()


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(digests, st.dictionaries(names, digests, max_size=4), max_size=8))
def test_the_index_in_pieces_is_the_index(steps):
    expected = (json.dumps({"format": INDEX_FORMAT, "steps": steps}, sort_keys=True) + "\n").encode()
    assert b"".join(index_chunks(steps)) == expected == index_bytes(steps)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(names, names, max_size=10), st.dictionaries(names, names, max_size=5))
def test_the_record_in_pieces_is_the_record(files, folders):
    expected = (json.dumps({"format": FORMAT, "files": files, "folders": folders}) + "\n").encode()
    assert b"".join(Record(files, folders).chunks()) == expected
    assert Record(files, folders).dump() == expected


def test_a_tree_larger_than_a_piece_keeps_every_member():
    files = {f"acts/w{i:05d}/kaz/latest.txt": ("ab" * 32, i) for i in range(10_000)}
    kw = {"revision": "sha256:" + "0" * 64, "tree": "t" * 64, "code": "c" * 64}
    pieces = list(manifest_chunks({r: d for r, (d, _) in files.items()}, {r: n for r, (_, n) in files.items()}, **kw))
    assert len(pieces) == 5  # the head, three pieces of at most 4,096 files, the tail
    assert b"".join(pieces) == manifest_bytes_reference(files, **kw)
    assert len(json.loads(b"".join(pieces))["files"]) == 10_000


def test_a_build_reports_the_hash_of_the_manifest_it_wrote(make_corpus, tmp_path):
    from lexpub.consolidate.validate import load_valid
    from lexpub.publish.build import build

    src = make_corpus()
    out = tmp_path / "out"
    for _ in range(2):  # a first build, then a rebuild from the record
        report = build(load_valid(src), out, src, producers=["lexpub.publish.producers:text_outputs"])
        written = (out / "manifest.json").read_bytes()
        assert report.manifest_sha256 == hashlib.sha256(written).hexdigest()
        assert len(json.loads(written)["files"]) == report.files
