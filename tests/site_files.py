"""The real corpus's site, built once per test session by the site producers (shared by test modules)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lexpub.publish.site.changes import effects_outputs
from lexpub.publish.site.pages import site_act_outputs, site_outputs
from lexpub.publish.site.search import search_outputs
from lexpub.sources.corpus import load_corpus

SOURCE = Path(__file__).resolve().parent.parent / "source"


@cache
def site_files() -> dict[str, bytes]:
    """Every output of :mod:`lexpub.site` for the real corpus (relative build path → bytes), with the
    recent-changes page of :mod:`lexpub.publish.site.changes` that the site's navigation links to."""
    corpus = load_corpus(SOURCE)
    files = dict(site_outputs(corpus, SOURCE))
    files.update(effects_outputs(corpus, SOURCE))
    files.update(search_outputs(corpus, SOURCE))
    for work_id in sorted(corpus.works):
        files.update(site_act_outputs(corpus, work_id, SOURCE))
    return files


def write_site(root: Path) -> Path:
    """Write the site folder (``site/``) under ``root`` and return it."""
    for rel, data in site_files().items():
        if rel.startswith("site/"):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return root / "site"


BILINGUAL = """\
work:
  type: order
  issuer: mod
  number: "5"
  date: 2024-03-01
  languages: [kaz, rus]
  held: complete
  title:
    kaz: Әскери оқу орындарына қабылдау туралы
    rus: О приеме в военные учебные заведения
  registration:
    number: "40001"
    date: 2024-03-05
  adilet: V2400040001
  publication:
    date: 2024-03-10
    source: Әділет АҚЖ
  entry_into_force:
    rule: on-date
    date: 2024-04-01

body:
  - kind: paragraph
    num: 1
    text:
      kaz: Қабылдау жыл сайын жүргізіледі.
      rus: Прием проводится ежегодно.
  - kind: paragraph
    num: 2
    held: false
"""
"""A small act in both languages (the real corpus holds Kazakh only): its second paragraph not held."""


def bilingual_site(root: Path) -> dict[str, bytes]:
    """The bilingual act's site files (``site/…``), its corpus written under ``root``."""
    import shutil

    src = root / "source"
    (src / "acts").mkdir(parents=True)
    shutil.copy(SOURCE / "issuers.yaml", src / "issuers.yaml")
    (src / "acts" / "mod-2024-5.yaml").write_text(BILINGUAL, encoding="utf-8")
    return site_act_outputs(load_corpus(src), "mod-2024-5", src)
