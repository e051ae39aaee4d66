"""The latest consolidated text of Order No. 2 reproduces the seed word for word, except exactly where
source/errata/mod-2023-2.yaml says (each erratum used once, each naming a real unit)."""

from pathlib import Path

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.diff.fidelity import differences, place_issues
from lexpub.errors import ValidationError
from lexpub.sources.errata import apply_errata, load_errata
from tests.conftest import SOURCE

ERRATA = SOURCE / "errata" / "mod-2023-2.yaml"


@pytest.fixture(scope="module")
def errata():
    return load_errata(ERRATA, SOURCE)


def test_seed_is_the_shared_seed_verbatim():
    shared = SOURCE.parent.parent / "shared" / "seeds" / "000_6048a1f2142c84dc.txt"
    if not shared.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    assert (SOURCE / "seeds" / "mod-2023-2.adilet.txt").read_bytes() == shared.read_bytes()


def test_latest_text_agrees_with_seed_except_errata(corpus, errata):
    assert differences(corpus, errata) == []


def test_every_erratum_names_a_real_unit(corpus, errata):
    assert place_issues(corpus, errata) == []
    assert len(errata.entries) == 23


def test_lost_row_numbers_are_recorded(errata):
    lost = [e.where for e in errata.entries if "lost-row-number" in e.kinds]
    assert lost == ["att_1__att_2-1__tr_6", "att_1__att_2-1__tr_8", "att_1__att_2-1__tr_9", "att_1__att_2-1__tr_10"]


def test_a_changed_word_in_the_corpus_is_caught(make_corpus, errata):
    src = make_corpus()
    act = src / "acts" / "mod-2023-2.yaml"
    act.write_text(act.read_text(encoding="utf-8").replace("305 000 теңгені", "350 000 теңгені"), encoding="utf-8")
    diffs = differences(load_valid(src), errata)
    assert [(d.seed, d.rendered) for d in diffs] == [("305", "350")]


def test_an_erratum_whose_seed_reading_is_not_unique_is_refused(errata):
    seed = (SOURCE / "seeds" / "mod-2023-2.adilet.txt").read_text(encoding="utf-8").split()
    doubled = seed + ["Қорғаныс", "миистрінің", "кейбір"]
    with pytest.raises(ValidationError, match="erratum-seed"):
        apply_errata(doubled, errata)


def test_repealed_item_reads_as_in_the_seed(corpus):
    from lexpub.consolidate.apply import consolidate
    from lexpub.render.text import render_text

    text = render_text(corpus, consolidate(corpus, "mod-2023-2"), footer=False)
    assert (
        "      3. Күші жойылды - ҚР Қорғаныс министрінің 28.10.2023 № 1100 (алғашқы ресми жарияланған күнінен "
        "кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен.\n"
    ) in text


def test_cli_fidelity(tmp_path: Path):
    from click.testing import CliRunner

    from lexpub.cli import main

    result = CliRunner().invoke(main, ["fidelity", "mod-2023-2", "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    assert "agrees with the seed word for word except at 23 recorded errata" in result.output
