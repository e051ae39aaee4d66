"""Word files of a build: a DOCX next to each PDF of a text (``acts/<act>/kaz/<label>/main.docx``), and
the comparative table of every amending act as DOCX and PDF (``acts/<act>/compare/<lang>.docx|pdf``),
at the build root and inside the site, as the PDFs are (:mod:`lexpub.publish.site.pages`).

Why: lawyers work in Word, and the comparative table is what goes to the Ministry of Justice.
"""

from __future__ import annotations

from pathlib import Path

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.diff.comparative import comparative_table
from lexpub.diff.comparative_render import compare_docx, compare_pdf
from lexpub.model.core import Corpus
from lexpub.model.values import Lang
from lexpub.publish.graph import per_work
from lexpub.publish.schedule import weighs
from lexpub.render.docx import render_docx
from lexpub.wording.lang import bcp47

LANG: Lang = "kaz"
SITE = "site"


@weighs(text=1, changes=32)  # a DOCX of every text is quick; the comparative tables' DOCX and PDF are not
@per_work
def word_outputs(corpus: Corpus, work_id: str, source: Path) -> dict[str, bytes]:
    """The DOCX of the latest text and of every edition; the comparative table when the act amends others."""
    mine: dict[str, bytes] = {}
    latest = consolidate(corpus, work_id, None, LANG)
    mine[f"acts/{work_id}/{LANG}/latest/main.docx"] = render_docx(corpus, latest)
    for ed in editions(corpus, work_id, LANG):
        mine[f"acts/{work_id}/{LANG}/{ed.label}/main.docx"] = render_docx(corpus, ed.expression, ed)
    work = corpus.works[work_id]
    if any(a.source_work == work_id for a in corpus.amendments):
        for lang in work.languages:
            table = comparative_table(corpus, work_id, lang)
            mine[f"acts/{work_id}/compare/{bcp47(lang)}.docx"] = compare_docx(table, made=work.date)
            mine[f"acts/{work_id}/compare/{bcp47(lang)}.pdf"] = compare_pdf(table)
    return {**mine, **{f"{SITE}/{rel}": data for rel, data in mine.items()}}
