"""lexpub's own YAML files (the message catalogues) are read with libyaml's composer, whatever their
messages hold, and read the same as with the reference composer; the walker's refusals still hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexpub.errors import SourceError
from lexpub.sources import yamlfile
from lexpub.sources.yamlfile import _loads_reference, load_own
from lexpub.wording import i18n

CATALOGUES = sorted(Path(i18n.__file__).parent.glob("*.yaml"))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_a_catalogue_reads_the_same_as_with_the_reference_composer(path: Path) -> None:
    fast = load_own(path, path.name)
    reference = _loads_reference(path.read_text("utf-8"), path.name)
    assert fast.data == reference.data
    assert fast.locs == reference.locs and fast.key_locs == reference.key_locs


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_a_catalogue_never_goes_to_the_reference_composer(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogues hold «?» and ``!r``, which send a user's file to the pure-Python composer
    (~0.2 s a catalogue, in every process that prints a message)."""
    assert yamlfile._UNLIKE.search(path.read_text("utf-8")), (
        "the case this guards: a character only the reference reads"
    )

    def refuse(text: str, file: str) -> None:
        raise AssertionError(f"{file} went to the reference composer")

    monkeypatch.setattr(yamlfile, "_loads_reference", refuse)
    assert load_own(path, path.name).data


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ('a: "one?"\nb: "two"\na: "three?"\n', "duplicate-key"),
        ('a: &x "one?"\nb: *x\n', "yaml-alias"),
        ('a: "one?"\n  b: [\n', "yaml-syntax"),
    ],
)
def test_the_walker_still_refuses_in_lexpubs_own_files(tmp_path: Path, text: str, rule: str) -> None:
    path = tmp_path / "kk.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(SourceError) as caught:
        load_own(path, "lexpub/i18n/kk.yaml")
    assert [issue.rule for issue in caught.value.issues] == [rule]
    assert caught.value.issues[0].loc is not None and caught.value.issues[0].loc.file == "lexpub/i18n/kk.yaml"
