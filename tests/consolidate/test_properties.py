"""Properties of consolidation over generated corpora (hypothesis):
deterministic; no amendments gives the base text; edition texts equal point-in-time texts at every
edition boundary (and the day before the next one)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexpub.consolidate.apply import build_expression, consolidate
from lexpub.consolidate.editions import editions
from lexpub.consolidate.validate import load_valid
from lexpub.render.text import render_text
from tests.conftest import SOURCE

WORDS = ["әскери", "ғылым", "қызмет", "көрсету", "өтініш", "ұйым", "үкімет", "һәм", "іс-шара", "тәртіп", "заң"]
BASE_DAY = dt.date(2024, 1, 10)

HEAD = """work:
  type: order
  issuer: mod
  number: "{number}"
  date: {date}
  languages: [kaz]
  held: complete
  title: {title}
  registration: unknown
  adilet: unknown
  publication:
    date: {date}
    source: Эталондық бақылау банкі
  entry_into_force:
    rule: on-publication
body:
"""


def para(num: str, text: str, indent: str = "  ") -> str:
    return f'{indent}- kind: paragraph\n{indent}  num: "{num}"\n{indent}  text: "{text}"\n'


op_strategy = st.tuples(
    st.sampled_from(["substitute", "replace_words", "repeal", "insert"]),
    st.integers(min_value=0, max_value=5),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
)


@st.composite
def corpora(draw):
    n = draw(st.integers(min_value=2, max_value=5))
    texts = [" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))) + " және соңы." for _ in range(n)]
    offsets = sorted(draw(st.lists(st.integers(min_value=1, max_value=400), min_size=0, max_size=6, unique=True)))
    ops = [draw(op_strategy) for _ in offsets]
    return texts, list(zip(offsets, ops, strict=True))


def write_corpus(root: Path, texts: list[str], plan) -> None:
    (root / "acts").mkdir(parents=True)
    shutil.copy(SOURCE / "issuers.yaml", root / "issuers.yaml")
    base = HEAD.format(number="1", date=BASE_DAY.isoformat(), title="Негізгі бұйрық")
    base += "".join(para(str(i + 1), t) for i, t in enumerate(texts))
    (root / "acts" / "mod-2024-1.yaml").write_text(base, encoding="utf-8")
    nums = [str(i + 1) for i in range(len(texts))]
    alive = set(nums)
    for k, (offset, (kind, target, words)) in enumerate(plan):
        day = BASE_DAY + dt.timedelta(days=offset)
        num = nums[target % len(nums)]
        new_text = " ".join(words) + " және жаңа."
        if kind == "insert":
            new_num = f"{num.split('-')[0]}-{k + 1}"
            op = f'op: insert\ntarget: mod-2024-1#para_{new_num}\ncontent:\n  kind: paragraph\n  num: "{new_num}"\n  text: "{new_text}"\n'
            nums.append(new_num)
            alive.add(new_num)
        elif num not in alive:
            continue
        elif kind == "repeal":
            op = f"op: repeal\ntarget: mod-2024-1#para_{num}\n"
            alive.discard(num)
        elif kind == "substitute":
            op = f'op: substitute\ntarget: mod-2024-1#para_{num}\ncontent:\n  kind: paragraph\n  num: "{num}"\n  text: "{new_text}"\n'
        else:
            op = f'op: replace_words\ntarget: mod-2024-1#para_{num}\nold: және\nnew: "және {words[0]}"\n'
        body = HEAD.format(number=str(100 + k), date=day.isoformat(), title="Өзгерту бұйрығы")
        body += '  - kind: paragraph\n    num: "1"\n    text: "Өзгерістер енгізілсін:"\n    children:\n'
        body += "      - kind: alinea\n        amend:\n" + "".join(f"          {line}\n" for line in op.splitlines())
        (root / "acts" / f"mod-{day.year}-{100 + k}.yaml").write_text(body, encoding="utf-8")


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(corpora(), st.integers(min_value=0, max_value=420))
def test_consolidation_is_deterministic(data, offset):
    texts, plan = data
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), texts, plan)
        corpus = load_valid(Path(tmp))
        day = BASE_DAY + dt.timedelta(days=offset)
        one = consolidate(corpus, "mod-2024-1", day)
        two = consolidate(load_valid(Path(tmp)), "mod-2024-1", day)
        assert one.root == two.root
        assert render_text(corpus, one) == render_text(corpus, two)


@SETTINGS
@given(corpora())
def test_no_amendments_gives_the_base_text(data):
    texts, plan = data
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), texts, plan)
        corpus = load_valid(Path(tmp))
        work = corpus.works["mod-2024-1"]
        assert build_expression(corpus, work.id, (), None, "kaz").root == work.root
        assert consolidate(corpus, work.id, BASE_DAY).root == work.root
        lines = render_text(corpus, consolidate(corpus, work.id, BASE_DAY), footer=False).splitlines()
        assert [line.strip() for line in lines[3:]] == [f"{i + 1}. {t}" for i, t in enumerate(texts)]


@SETTINGS
@given(corpora())
def test_editions_match_point_in_time_at_boundaries(data):
    texts, plan = data
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), texts, plan)
        corpus = load_valid(Path(tmp))
        eds = editions(corpus, "mod-2024-1")
        assert eds[0].start.exact == BASE_DAY
        assert len(eds) == 1 + len({a.commencement.exact for a in corpus.affecting("mod-2024-1")})
        for ed, nxt in zip(eds, [*eds[1:], None], strict=True):
            start = ed.start.exact
            assert start is not None
            assert consolidate(corpus, "mod-2024-1", start).root == ed.expression.root
            if nxt is not None and nxt.start.exact is not None:
                before_next = nxt.start.exact - dt.timedelta(days=1)
                assert consolidate(corpus, "mod-2024-1", before_next).root == ed.expression.root
        assert eds[-1].expression.root == consolidate(corpus, "mod-2024-1").root
