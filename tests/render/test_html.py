"""HTML of consolidated texts: header, status, notes, the Appendix 2-1 table, formulas shared with the text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.render.html import render_html
from lexpub.render.markup import inline
from lexpub.render.text import render_text

P11_START = "Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде жүзеге асырылады."
NOTE_11 = (
    "Ескерту. 11-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің 04.01.2023 № 2 (алғашқы ресми "
    "жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен."
)


class Cells(HTMLParser):
    """Collects the text of elements by id, table rows of the 2-1 appendix, headings and ``lang``s."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self.heads: list[str] = []
        self.headings: list[int] = []
        self.text_by_id: dict[str, str] = {}
        self._ids: list[tuple[str, int]] = []
        self._buf: list[str] = []
        self.in_table = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in {"br", "meta", "img", "link", "input"}:
            return
        self.stack.append((tag, a))
        if a.get("id"):
            self._ids.append((a["id"], len(self._buf)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.in_table += 1
        if tag == "tr" and self.in_table:
            self.rows.append([])
        if tag in {"td", "th"} and self.in_table:
            self._cell_start = len(self._buf)

    def handle_endtag(self, tag):
        while self.stack:
            t, a = self.stack.pop()
            if a.get("id"):
                for i, (eid, start) in enumerate(self._ids):
                    if eid == a["id"]:
                        self.text_by_id[eid] = " ".join("".join(self._buf[start:]).split())
                        del self._ids[i]
                        break
            if t in {"td", "th"} and self.in_table:
                self.rows[-1].append(" ".join("".join(self._buf[self._cell_start :]).split()))
            if t == "table":
                self.in_table -= 1
            if t == tag:
                break

    def handle_data(self, data):
        self._buf.append(data)


def parse(html: str) -> Cells:
    p = Cells()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def latest_357(corpus):
    return render_html(corpus, consolidate(corpus, "mod-2017-357"))


def test_header_status_and_requisites(latest_357):
    assert '<html lang="kk">' in latest_357
    assert '<p class="status-label status-updated" lang="kk">Жаңартылған</p>' in latest_357
    assert (
        "Қазақстан Республикасы Қорғаныс министрінің 2017 жылғы 17 шілдедегі № 357 бұйрығы. "
        "Қазақстан Республикасының Әділет министрлігінде № 15517 болып тіркелген (тіркелген күні белгісіз)."
    ) in latest_357
    assert 'class="skip-link" href="#main"' in latest_357


def test_paragraph_11_with_its_note_and_number(latest_357):
    p = parse(latest_357)
    text = p.text_by_id["att_nn_1__para_11"]
    assert text.startswith("11. " + P11_START)
    assert text.endswith(NOTE_11)


def test_appendix_2_1_is_a_table_with_rows_1_to_10(latest_357):
    p = parse(latest_357)
    rows = p.rows
    assert rows[0][1] == "Мемлекеттік көрсетілетін қызмет атауы"  # no header row the act does not have
    numbered = [r for r in rows if r[0]]
    assert [r[0] for r in numbered] == [str(i) for i in range(1, 11)]
    assert all(len(r) == 3 for r in rows)
    assert rows[0][0] == ""
    six = next(r for r in rows if r[0] == "6")
    assert "305 000 теңгені құрайды" in six[2]
    assert "<thead>" not in latest_357 and 'id="att_nn_1__att_2-1__tr_6"' in latest_357
    # the appendix header is the top-right block of the Law "On legal acts" art. 28
    head = latest_357.split('id="att_nn_1__att_2-1"', 1)[1].split("<table", 1)[0]
    assert '<div class="att-header">' in head and "<p>2-1-қосымша</p>" in head


def test_known_up_to_and_units_not_held(latest_357):
    assert (
        '<p class="known-up-to">Мәтін бұл жинақта ескерілген барлық өзгерістермен берілген '
        "(соңғысы: 04.01.2023 № 2 бұйрық).</p>"
    ) in latest_357
    assert (
        "Бұл жинақта актінің тек кейбір құрылымдық бірліктері жарияланған; қалғандарының мәтіні жарияланбаған."
        in latest_357
    )
    assert '<a href="#att_nn_1">' in latest_357
    assert "[Бұл құрылымдық бірліктің мәтіні бұл жинақта жарияланбаған.]" in latest_357


def test_each_heading_level_follows_the_one_before(corpus):
    for work_id in sorted(corpus.works):
        levels = parse(render_html(corpus, consolidate(corpus, work_id))).headings
        assert levels[0] == 1 and levels.count(1) == 1
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (work_id, levels)


def test_amending_formulas_are_the_plain_text_ones(corpus):
    expr = consolidate(corpus, "mod-2023-2")
    html = render_html(corpus, expr)
    plain = render_text(corpus, expr)
    for sentence in (
        "10-тармақ мынадай редакцияда жазылсын:",
        "11-тармақ мынадай редакцияда жазылсын:",
        "Қағидаларға 2-1-қосымша осы бұйрыққа 1-қосымшаға сәйкес жаңа редакцияда жазылсын.",
    ):
        assert sentence in plain
        assert sentence in html
    # the quoted new wording opens and closes with quotation marks, like the plain text
    assert '<span class="num">&#34;11.</span> Әскерге' in html
    assert "нысанында мазмұндалған.&#34;;" in html
    # the repealed paragraph 3 keeps its repeal wording
    assert "3.</span> Күші жойылды - ҚР Қорғаныс министрінің 28.10.2023 № 1100" in html


def test_old_edition_of_357_has_no_new_paragraph_11(corpus):
    first = editions(corpus, "mod-2017-357")[0]
    html = render_html(corpus, first.expression)
    assert P11_START not in html
    assert "Жаңа</p>" in html


def test_russian_interface_keeps_the_kazakh_text(corpus):
    html = render_html(corpus, consolidate(corpus, "mod-2017-357"), ui="rus")
    assert '<html lang="ru">' in html and '<article class="act" lang="kk">' in html
    assert "Текст акта на русском языке в этом собрании не опубликован" in html
    assert '<p class="status-label status-updated" lang="ru">Обновленный</p>' in html
    assert P11_START in html


def test_inline_markup_escapes_raw_html():
    assert inline("<script>x</script> *а*") == "&lt;script&gt;x&lt;/script&gt; <em>а</em>"
    assert inline("[сілтеме](http://x)") == "[сілтеме](http://x)"


def test_same_expression_same_html(corpus):
    expr = consolidate(corpus, "mod-2023-2")
    assert render_html(corpus, expr) == render_html(corpus, consolidate(corpus, "mod-2023-2"))


def test_cli_render_html_and_bad_date(tmp_path):
    from click.testing import CliRunner

    from lexpub.cli import main
    from tests.conftest import SOURCE

    out = tmp_path / "357.html"
    result = CliRunner().invoke(
        main,
        [
            "render",
            "mod-2017-357",
            "--at",
            "2024-01-01",
            "--format",
            "html",
            "--out",
            str(out),
            "--source",
            str(SOURCE),
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    # Order No. 2's commencement is unknown (publication date not held): on 01.01.2024 its changes are
    # uncertain, so the new paragraph 11 is not printed and the page says why
    assert P11_START not in html
    assert "Мәтін 01.01.2024 күнгі жағдай бойынша" in html
    assert "<p>Қолданысқа енгізілген күні белгісіз өзгерістер:</p>" in html
    assert (
        "<li>04.01.2023 № 2 бұйрық: Бұйрықпен бекітілген құжат (атауы бұл жинақта жарияланбаған), 11-тармақ; "
        "қолданысқа енгізілген күні белгісіз (ерте дегенде 20.01.2023).</li>" in html
    )
    assert "сондықтан бұл мәтінде ол өзгеріс қолданылмаған." in html
    bad = CliRunner().invoke(main, ["render", "mod-2017-357", "--at", "2023-02-29", "--source", str(SOURCE)])
    assert bad.exit_code == 2
    assert "2023 is not a leap year" in bad.output


@pytest.mark.parametrize("fmt", ["akn", "md", "json"])
def test_cli_render_exchange_formats_are_the_build_files(corpus, fmt):
    from click.testing import CliRunner

    from lexpub.cli import main
    from lexpub.publish.producers import expression_files
    from tests.conftest import SOURCE

    result = CliRunner().invoke(main, ["render", "mod-2017-357", "--format", fmt, "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    ext = {"akn": "xml", "md": "md", "json": "json"}[fmt]
    built = expression_files(corpus, consolidate(corpus, "mod-2017-357"), None)[
        f"acts/mod-2017-357/kaz/latest/main.{ext}"
    ]
    assert result.stdout_bytes == built
    assert "шақырылушыларды" in built.decode()


def test_uncertain_change_names_its_unit_unambiguously(corpus):
    """Order No. 2 has its own paragraph 3 and its approved list has another: the status must say which."""
    import datetime as dt

    html = render_html(corpus, consolidate(corpus, "mod-2023-2", dt.date(2023, 12, 1), "kaz"))
    assert (
        "<li>28.10.2023 № 1100 бұйрық: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ; "
        "қолданысқа енгізілген күні белгісіз (ерте дегенде 08.11.2023).</li>" in html
    )


@pytest.mark.parametrize("fmt", ["html", "akn", "md", "json"])
def test_cli_render_edition_with_unknown_start_is_the_build_file(corpus, fmt):
    """``--edition LABEL`` renders an edition no date can name (its start is unknown), as the build does."""
    from click.testing import CliRunner

    from lexpub.cli import main
    from lexpub.publish.producers import expression_files
    from tests.conftest import SOURCE

    args = ["render", "mod-2023-2", "--edition", "mod-2023-1100", "--format", fmt, "--source", str(SOURCE)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    ed = editions(corpus, "mod-2023-2")[1]
    assert ed.label == "mod-2023-1100" and ed.start.exact is None
    ext = {"akn": "xml", "md": "md", "json": "json", "html": "html"}[fmt]
    rel = f"acts/mod-2023-2/kaz/mod-2023-1100/main.{ext}"
    if fmt == "html":
        built = render_html(corpus, ed.expression, edition=ed).encode()
    else:
        built = expression_files(corpus, ed.expression, ed)[rel]
    assert result.stdout_bytes == built
    text = built.decode()
    assert "Күші жойылды - ҚР Қорғаныс министрінің 28.10.2023 № 1100" in text
    if fmt in ("html", "md"):
        assert "ерте дегенде 08.11.2023" in text


def test_cli_render_edition_errors_exit_2():
    from click.testing import CliRunner

    from lexpub.cli import main
    from tests.conftest import SOURCE

    both = CliRunner().invoke(
        main, ["render", "mod-2023-2", "--edition", "mod-2023-1100", "--at", "latest", "--source", str(SOURCE)]
    )
    assert both.exit_code == 2
    assert "--at and --edition exclude each other" in both.output
    unknown = CliRunner().invoke(main, ["render", "mod-2023-2", "--edition", "2023-01-20", "--source", str(SOURCE)])
    assert unknown.exit_code == 2
    assert "mod-2023-2 has no edition '2023-01-20' (editions: mod-2023-2, mod-2023-1100)" in unknown.output


def test_an_attachment_whose_title_is_not_held_still_has_a_heading(latest_357):
    """The Rules of Order No. 357 are held only in part: their section opens with a heading saying the
    title is not held (as the contents does), so the not-held mark is not read as paragraph 11's."""
    html = latest_357
    start = html.index('<section class="attachment not-held" id="att_nn_1">')
    section = html[start : html.index('id="att_nn_1__para_11"', start)]
    assert '<h2 class="att-title">[Атауы бұл жинақта жарияланбаған.]</h2>' in section
    assert section.index("att-title") < section.index("[Бұл құрылымдық бірліктің мәтіні бұл жинақта жарияланбаған.]")
    assert '<h3 class="att-title">Мемлекеттік қызмет көрсетуге қойылатын негізгі талаптардың тізбесі</h3>' in html


def test_a_not_held_appendix_is_headed_by_its_number(corpus):
    """In the original text of Order No. 357 no wording of Appendix 2-1 is held: its section still says
    which appendix the not-held mark stands for."""
    first = editions(corpus, "mod-2017-357")[0]
    html = render_html(corpus, first.expression, edition=first)
    start = html.index('id="att_nn_1__att_2-1"')
    section = html[start : start + 400]
    assert '<h3 class="att-title">2-1-қосымша</h3>' in section
    assert section.index("2-1-қосымша") < section.index("[Бұл құрылымдық бірліктің мәтіні бұл жинақта жарияланбаған.]")
