from lexpub.consolidate.apply import consolidate
from lexpub.render.text import render_text


def test_corpus_loads_four_works(corpus):
    assert sorted(corpus.works) == ["mod-2017-350", "mod-2017-357", "mod-2023-1100", "mod-2023-2"]


def test_latest_357_has_new_paragraph_11_under_note(corpus):
    text = render_text(corpus, consolidate(corpus, "mod-2017-357"))
    assert "      11. Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде" in text
    assert (
        "Ескерту. 11-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің 04.01.2023 № 2 (алғашқы ресми "
        "жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен."
    ) in text
