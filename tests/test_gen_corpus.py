"""The synthetic corpus generator: deterministic from its seed, valid, and covering every feature
the scale benchmarks need (every Kazakh letter, every operation kind, repeals of amending provisions)."""

from __future__ import annotations

from pathlib import Path

from lexpub.consolidate.apply import classify, consolidate
from lexpub.consolidate.validate import load_valid

from .conftest import gen_module

ROOT = Path(__file__).resolve().parent.parent


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path):
    gen = gen_module()
    gen.generate(tmp_path / "a", works=12, amendments=40, units=30, seed=7)
    gen.generate(tmp_path / "b", works=12, amendments=40, units=30, seed=7)
    gen.generate(tmp_path / "c", works=12, amendments=40, units=30, seed=8)
    a, b, c = tree(tmp_path / "a"), tree(tmp_path / "b"), tree(tmp_path / "c")
    assert a == b
    assert a != c
    assert "issuers.yaml" in a
    assert len([k for k in a if k.startswith("acts/")]) == 12


def test_generated_corpus_is_valid_and_complete(tmp_path):
    gen = gen_module()
    counts = gen.generate(tmp_path / "src", works=30, amendments=150, units=60, seed=3)
    corpus = load_valid(tmp_path / "src")  # raises ValidationError on any problem
    assert len(corpus.works) == 30
    kinds = {a.op.kind for a in corpus.amendments}
    assert kinds == {"substitute", "insert", "repeal", "replace_words", "renumber"}
    assert all(a.commencement.exact is not None for a in corpus.amendments), "every commencement is exact"
    text = "".join(p.read_text("utf-8") for p in sorted((tmp_path / "src" / "acts").glob("*.yaml")))
    for letter in "ӘҒҚҢӨҰҮҺІәғқңөұүһі":
        assert letter in text, letter
    # A base work has hundreds of units when asked for them, and a table appendix of rows.
    big = gen.generate(tmp_path / "big", works=3, amendments=2, units=200, seed=1)
    assert big["works"] == 3
    base = load_valid(tmp_path / "big").works["gen-2015-1"]
    assert sum(1 for _ in base.root.walk()) > 200
    rows = [u for u in base.root.walk() if u.kind == "row"]
    assert len(rows) == 11 and rows[0].num is None and rows[-1].num == "10"
    # Repeals of amending provisions: one before the amendment commences (it is discarded) …
    states = [classify(corpus, a, None).state for a in corpus.amendments]
    assert states.count("discarded") == counts["discarded"] >= 1
    # … and the repealed provision shows as repealed in the amending order's consolidated text.
    repeals_of_amenders = [a for a in corpus.amendments if a.op.kind == "repeal" and corpus.works[a.op.target_work].ops]
    assert repeals_of_amenders
    a = repeals_of_amenders[0]
    expr = consolidate(corpus, a.op.target_work)
    unit = expr.find(a.op.target_eid)
    assert unit is not None and unit.status == "repealed"


def test_lexpub_check_accepts_a_generated_folder(tmp_path):
    from click.testing import CliRunner

    from lexpub.cli import main

    gen_module().generate(tmp_path / "g", works=8, amendments=20, units=20, seed=2)
    result = CliRunner().invoke(main, ["check", "--source", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 8 works, ")


def test_amending_orders_publish_in_the_order_they_are_simulated(tmp_path):
    """The generator applies its amending orders in date order while it writes them, so their
    publication (and entry into force) must follow that order. At 10,000 works orders are a day or
    two apart and a registration up to 12 days after signing used to push one order's publication
    past the next one's: ``lexpub check`` then found an amendment aimed at a point its earlier order
    had not yet made (error[target-missing]). 2,000 works put the orders five days apart."""
    import yaml

    gen = gen_module()
    gen.generate(tmp_path / "src", works=2000, amendments=400, units=3, seed=1)
    amenders = []
    for path in (tmp_path / "src" / "acts").glob("*.yaml"):
        doc = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        if any(a.get("heading") == "Өзгерістер енгізілетін бұйрықтардың тізбесі" for a in doc.get("attachments", [])):
            w = doc["work"]
            amenders.append((w["date"], w["registration"]["date"], w["publication"]["date"]))
    assert len(amenders) == 400
    amenders.sort()
    published = [p for _, _, p in amenders]
    assert published == sorted(set(published)), "publication dates strictly increase with the orders' dates"
    assert all(r <= p for _, r, p in amenders), "registered no later than published"
