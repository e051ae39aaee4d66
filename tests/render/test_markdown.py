"""Markdown output: exact wording, one paragraph per line, stable, so that a diff is a redline."""

from __future__ import annotations

import difflib

from markdown_it import MarkdownIt

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.render.markdown import escape_line_start, render_markdown

P11_1 = (
    "Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде жүзеге асырылады. "
    '"Азаматтарды әскери-техникалық және басқа да әскери мамандықтар бойынша даярлау" мемлекеттік көрсетілетін '
    "қызмет (бұдан әрі – мемлекеттік көрсетілетін қызмет) болып табылады және оны Қазақстан Республикасының "
    "Қорғаныс министрлігі ЖӘБО арқылы көрсетеді."
)
P11_2 = (
    "Қызмет көрсету процесінің сипаттамасын, нысанын, мазмұнын және нәтижесін қамтитын мемлекеттік қызмет "
    "көрсетуге қойылатын талаптар, сондай-ақ мемлекеттік көрсетілетін қызметті ұсыну ерекшеліктері ескерілген "
    "өзге де мәліметтер осы Қағидаларға 2-1-қосымшаға сәйкес мемлекеттік қызмет көрсетуге қойылатын негізгі "
    "талаптар тізбесінің нысанында мазмұндалған."
)
P11_NOTE = (
    "> Ескерту. 11-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің 04.01.2023 № 2 (алғашқы ресми "
    "жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен."
)


def paragraphs(md: str) -> list[str]:
    return md.rstrip("\n").split("\n\n")


def test_paragraph_11_exact_wording_one_line_each(corpus):
    md = render_markdown(corpus, consolidate(corpus, "mod-2017-357"))
    lines = paragraphs(md)
    i = lines.index(f"11\\. {P11_1}")
    assert lines[i + 1 : i + 3] == [P11_2, P11_NOTE]


def test_one_paragraph_per_line_and_stable(corpus):
    for work_id in sorted(corpus.works):
        expr = consolidate(corpus, work_id)
        md = render_markdown(corpus, expr)
        assert md == render_markdown(corpus, consolidate(corpus, work_id))
        assert md.endswith("\n") and "\n\n\n" not in md
        lines = paragraphs(md)
        assert all(line and "\n" not in line for line in lines)
        # every held unit's own words are exactly one line (or the end of one, after its number)
        for unit in expr.root.walk():
            text = unit.text.get("kaz") if unit.held and unit.text and unit.amend is None else None
            if text and unit.status != "repealed":
                hits = [ln for ln in lines if ln.endswith(text) or ln.endswith(text + '"')]
                assert hits, f"{work_id}#{unit.eid} not on a line of its own"


def test_markdown_structure_headings_notes_and_no_accidental_lists(corpus):
    md = render_markdown(corpus, consolidate(corpus, "mod-2017-357"))
    tokens = MarkdownIt("commonmark").parse(md)
    kinds = [tok.type for tok in tokens]
    headings = [(tok.tag, tokens[i + 1].content) for i, tok in enumerate(tokens) if tok.type == "heading_open"]
    assert headings[0][0] == "h1" and headings[0][1].startswith("Қазақстан Республикасы Қорғаныс министрлігінің")
    assert ("h3", "Мемлекеттік қызмет көрсетуге қойылатын негізгі талаптардың тізбесі") in headings
    assert "ordered_list_open" not in kinds  # "11." and "1)" are escaped, not lists
    assert kinds.count("blockquote_open") == 3  # notes on para 2, para 11, appendix 2-1
    # the status block: a thematic break, then the list of units not held
    assert "hr" in kinds
    tail = md.split("\n\n---\n\n", 1)[1]
    assert (
        "Мәтіні бұл жинақта жарияланбаған бірліктер:\n\n- Бұйрықпен бекітілген құжат (атауы бұл жинақта жарияланбаған): att_nn_1\n"
        in tail
    )


def test_diff_of_two_editions_is_a_redline(corpus):
    first, second = editions(corpus, "mod-2023-2")
    a = paragraphs(render_markdown(corpus, first.expression))
    b = paragraphs(render_markdown(corpus, second.expression))
    diff = list(difflib.unified_diff(a, b, lineterm="", n=0))
    removed = [ln[1:] for ln in diff if ln.startswith("-") and not ln.startswith("--- ")]
    added = [ln[1:] for ln in diff if ln.startswith("+") and not ln.startswith("+++ ")]
    # paragraph 3 of the list (its wording is not held) is repealed by Order No. 1100
    assert removed == [
        "3\\. [Бұл құрылымдық бірліктің мәтіні бұл жинақта жарияланбаған.]",
        "Бұл жинақта мәтінге өзгерістер жоқ.",
        "Мәтіні бұл жинақта жарияланбаған бірліктер:",
        "- Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ: att_nn_1__para_3",
    ]
    assert len(added) == 2
    assert added[0].startswith("3\\. Күші жойылды - ҚР Қорғаныс министрінің 28.10.2023 № 1100")
    assert added[1] == "Мәтін бұл жинақта ескерілген барлық өзгерістермен берілген (соңғысы: 28.10.2023 № 1100 бұйрық)."


def test_escape_line_start():
    assert escape_line_start("11. Әскерге") == "11\\. Әскерге"
    assert escape_line_start("1) осы") == "1\\) осы"
    assert escape_line_start("- тармақ") == "\\- тармақ"
    assert escape_line_start("# x") == "\\# x"
    assert escape_line_start("> x") == "\\> x"
    assert escape_line_start("---") == "\\---"
    assert escape_line_start("2-1-қосымша") == "2-1-қосымша"
    assert escape_line_start("6 Мемлекеттік") == "6 Мемлекеттік"


def test_status_block_is_kazakh_and_names_acts_not_ids(corpus):
    """The published Markdown names amending acts as a reader knows them; no ids, no English words."""
    import datetime as dt

    md = render_markdown(corpus, consolidate(corpus, "mod-2023-2", dt.date(2023, 12, 1), "kaz"))
    tail = md.split("\n\n---\n\n", 1)[1]
    assert "Қолданысқа енгізілген күні белгісіз өзгерістер:" in tail
    assert (
        "- 28.10.2023 № 1100 бұйрық: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ; "
        "қолданысқа енгізілген күні белгісіз (ерте дегенде 08.11.2023)." in tail
    )
    assert "repeal" not in tail and "mod-2023-1100" not in tail and "#att_" not in tail
    latest = render_markdown(corpus, consolidate(corpus, "mod-2023-2"))
    assert latest.rstrip().endswith("(соңғысы: 28.10.2023 № 1100 бұйрық).")


def test_an_edition_says_its_span_not_latest(corpus):
    """An edition whose start is unknown is not 'the latest text': its Markdown states its span."""
    first, _second = editions(corpus, "mod-2023-2")
    md = render_markdown(corpus, first.expression, first)
    assert "Мәтін осы редакцияда берілген. Қолданылу мерзімі:" in md
    assert "ерте дегенде 20.01.2023" in md and "ерте дегенде 08.11.2023" in md
