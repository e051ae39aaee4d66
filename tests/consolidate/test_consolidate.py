"""Point-in-time consolidation on the real corpus: wording, notes, statuses, unknown dates, editions."""

import datetime as dt
import json

from click.testing import CliRunner

from lexpub.cli import main
from lexpub.consolidate.apply import build_expression, consolidate
from lexpub.consolidate.editions import editions
from lexpub.render.text import render_text
from tests.conftest import SOURCE

NOTE_BY_2 = (
    "ҚР Қорғаныс министрінің 04.01.2023 № 2 (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн "
    "өткен соң қолданысқа енгізіледі) бұйрығымен."
)


def lines_of(corpus, work, at=None):
    return render_text(corpus, consolidate(corpus, work, at), footer=False).splitlines()


def test_357_latest_paragraph_11_then_its_note(corpus):
    lines = lines_of(corpus, "mod-2017-357")
    i = next(n for n, line in enumerate(lines) if line.startswith("      11. "))
    assert lines[i] == (
        "      11. Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде жүзеге "
        'асырылады. "Азаматтарды әскери-техникалық және басқа да әскери мамандықтар бойынша даярлау" '
        "мемлекеттік көрсетілетін қызмет (бұдан әрі – мемлекеттік көрсетілетін қызмет) болып табылады және оны "
        "Қазақстан Республикасының Қорғаныс министрлігі ЖӘБО арқылы көрсетеді."
    )
    assert lines[i + 1].startswith("      Қызмет көрсету процесінің сипаттамасын")
    assert lines[i + 2] == "      Ескерту. 11-тармақ жаңа редакцияда - " + NOTE_BY_2


def test_357_latest_appendix_2_1_ten_numbered_rows_under_its_note(corpus):
    lines = lines_of(corpus, "mod-2017-357")
    head = lines.index("2-1-қосымша")
    assert lines[head + 1] == "Мемлекеттік қызмет көрсетуге қойылатын негізгі талаптардың тізбесі"
    assert lines[head + 2] == "      Ескерту. 2-1-қосымша жаңа редакцияда - " + NOTE_BY_2
    expr = consolidate(corpus, "mod-2017-357")
    table = expr.find("att_nn_1__att_2-1")
    assert table is not None and table.table
    assert [r.num for r in table.children] == [None, "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    assert [r.eid for r in table.children][1:3] == ["att_nn_1__att_2-1__tr_1", "att_nn_1__att_2-1__tr_2"]
    for num in range(1, 11):
        assert any(line.startswith(f"{num} ") for line in lines[head:]), num


def test_357_before_order_2_holds_no_wording(corpus):
    expr = consolidate(corpus, "mod-2017-357", dt.date(2023, 1, 19))
    para = expr.find("att_nn_1__para_11")
    assert para is not None and not para.held and para.status == "not-held"
    assert [c.state for c in expr.changes] == ["future", "future", "future"]


def test_357_on_a_date_that_depends_on_the_unknown_publication(corpus):
    expr = consolidate(corpus, "mod-2017-357", dt.date(2023, 6, 1))
    assert [c.state for c in expr.changes] == ["uncertain"] * 3
    para = expr.find("att_nn_1__para_11")
    assert para.status == "uncertain" and not para.held
    assert para.notes[0].kind == "uncertain"
    assert "ерте дегенде 20.01.2023" in para.notes[0].text.get("kaz")


def test_order_2_repeal_by_1100_is_uncertain_in_2023_and_applied_at_latest(corpus):
    mid = consolidate(corpus, "mod-2023-2", dt.date(2023, 12, 1))
    assert mid.find("att_nn_1__para_3").status == "uncertain"
    assert [(c.amendment.source_work, c.state) for c in mid.changes] == [("mod-2023-1100", "uncertain")]
    latest = consolidate(corpus, "mod-2023-2")
    item = latest.find("att_nn_1__para_3")
    assert item.status == "repealed" and item.held


def test_no_amendments_gives_the_base_text(corpus):
    for work_id, work in corpus.works.items():
        assert build_expression(corpus, work_id, (), None, "kaz").root == work.root


def test_editions_of_order_2_and_the_uncertain_start(corpus):
    eds = editions(corpus, "mod-2023-2")
    assert [(e.label, e.opened_by) for e in eds] == [("mod-2023-2", "mod-2023-2"), ("mod-2023-1100", "mod-2023-1100")]
    assert eds[1].start.exact is None and eds[1].start.lo == dt.date(2023, 11, 8) and eds[1].start.hi is None
    assert eds[0].start.lo == dt.date(2023, 1, 20)


def test_cli_editions_json_states_the_uncertain_start(tmp_path):
    result = CliRunner().invoke(main, ["editions", "mod-2023-2", "--json", "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    second = data["editions"][1]
    assert second["opened_by"] == "mod-2023-1100"
    assert second["start_uncertain"] is True
    assert second["start"]["date"] is None
    assert second["start"]["statement"] == "unknown, not before 2023-11-08"
    assert second["start"]["basis"] == (
        "11 days after publication; first official publication date not held; not before signing (2023-10-28)"
    )
    assert second["expression"] == "/akn/kz/act/order/mod/2023-01-04/2/kaz@mod-2023-1100"


def test_cli_text_357_latest_and_status_block():
    result = CliRunner().invoke(main, ["text", "mod-2017-357", "--at", "latest", "--source", str(SOURCE)])
    assert result.exit_code == 0
    assert "Ескерту. 11-тармақ жаңа редакцияда - " + NOTE_BY_2 in result.output
    assert "Белгілі, бірақ бұл жинақта әлі ескерілмеген өзгерістер:" in result.output
    assert (
        "Мәтіні бұл жинақта жарияланбаған бірліктер:\n- Бұйрықпен бекітілген құжат (атауы бұл жинақта жарияланбаған): att_nn_1\n"
        in result.output
    )


def test_cli_text_by_frbr_uri_and_bad_arguments():
    runner = CliRunner()
    ok = runner.invoke(main, ["text", "/akn/kz/act/order/mod/2023-01-04/2", "--source", str(SOURCE)])
    assert ok.exit_code == 0 and ok.output.startswith(
        "Қазақстан Республикасы Қорғаныс миистрінің кейбір"
    )  # the title as published
    bad = runner.invoke(main, ["text", "mod-2023-2", "--at", "2023-02-30", "--source", str(SOURCE)])
    assert bad.exit_code == 2 and "not a real date" in bad.output
    rus = runner.invoke(main, ["text", "mod-2023-2", "--lang", "rus", "--source", str(SOURCE)])
    assert rus.exit_code == 2 and "no rus text exists in the corpus" in rus.output
    unknown = runner.invoke(main, ["text", "mod-1999-1", "--source", str(SOURCE)])
    assert unknown.exit_code == 2 and "no act 'mod-1999-1'" in unknown.output


def test_requisites_sentence(corpus):
    assert lines_of(corpus, "mod-2023-2")[1:3] == [
        "Қазақстан Республикасы Қорғаныс министрінің 2023 жылғы 4 қаңтардағы № 2 бұйрығы.",
        "Қазақстан Республикасының Әділет министрлігінде 2023 жылғы 9 қаңтарда № 31636 болып тіркелді.",
    ]


def test_an_act_has_no_text_before_it_was_signed():
    result = CliRunner().invoke(main, ["text", "mod-2023-2", "--at", "1990-01-01", "--source", str(SOURCE)])
    assert result.exit_code == 2
    assert "error[not-yet-adopted]: mod-2023-2 was signed on 2023-01-04; it has no text on 1990-01-01" in result.output


def test_effects_of_an_act_whose_provision_is_not_held_are_stated():
    result = CliRunner().invoke(main, ["text", "mod-2023-1100", "--source", str(SOURCE)])
    assert result.exit_code == 0
    assert result.output.endswith(
        "Бұл актінің бұл жинақта ережесі жарияланбаған, бірақ белгілі өзгерістері:\n"
        "- 04.01.2023 № 2 бұйрық: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ — күші жойылды\n"
    )
    assert result.output.startswith("[Атауы бұл жинақта жарияланбаған.]\n")


def test_uncertain_note_is_the_publishers_not_adilets(corpus):
    para = consolidate(corpus, "mod-2017-357", dt.date(2023, 6, 1)).find("att_nn_1__para_11")
    assert para.notes[0].text.get("kaz") == (
        "Жариялаушының ескертпесі. ҚР Қорғаныс министрінің 04.01.2023 № 2 (алғашқы ресми жарияланған күнінен "
        "кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен осы бірлік жаңа редакцияда жазылды; "
        "бұл бұйрықтың қолданысқа енгізілген күні белгісіз (ерте дегенде 20.01.2023), сондықтан бұл мәтінде ол "
        "өзгеріс қолданылмаған."
    )


def test_cli_editions_listing_in_kazakh_and_russian():
    runner = CliRunner()
    kaz = runner.invoke(main, ["editions", "mod-2023-2", "--source", str(SOURCE)])
    assert kaz.exit_code == 0
    assert kaz.output.splitlines()[1] == (
        "1  mod-2023-1100  басталуы: белгісіз (ерте дегенде 08.11.2023); аяқталуы: қазіргі редакция; "
        "ашқан акт: 28.10.2023 № 1100 бұйрық"
    )
    rus = runner.invoke(main, ["editions", "mod-2023-2", "--lang", "rus", "--source", str(SOURCE)])
    assert "начало: неизвестно (не ранее 20.01.2023); окончание: неизвестно (не ранее 08.11.2023)" in rus.output
