"""A tiny synthetic corpus where both wordings are held: one base order and one amending order
(replace_words on paragraph 1, substitute of paragraph 2 with a justification, insert of 2-1,
repeal of paragraph 3). Used by the diff, effects and compare tests."""

from __future__ import annotations

BASE = """\
work:
  type: order
  issuer: mod
  number: "10"
  date: 2020-01-10
  languages: [kaz]
  held: complete
  title:
    kaz: Сынақ бұйрығы туралы
  registration: {number: "100", date: 2020-01-15}
  adilet: unknown
  publication: {date: 2020-01-20, source: Әділет}
  entry_into_force: {rule: on-date, date: 2020-02-01}
signature: unknown
body:
  - kind: paragraph
    num: 1
    text: Әскери комиссариат өтінішті бес жұмыс күні ішінде қарайды.
  - kind: paragraph
    num: 2
    text: Құжаттар қағаз түрінде тапсырылады.
  - kind: paragraph
    num: 3
    text: Осы бұйрық ресми жарияланған күнінен бастап қолданысқа енгізіледі.
"""

AMEND = """\
work:
  type: order
  issuer: mod
  number: "20"
  date: 2021-03-01
  languages: [kaz]
  held: complete
  title:
    kaz: Сынақ бұйрығына өзгерістер енгізу туралы
  registration: {number: "200", date: 2021-03-05}
  adilet: unknown
  publication: {date: 2021-03-10, source: Әділет}
  entry_into_force: {rule: on-date, date: 2021-04-01}
signature: unknown
body:
  - kind: paragraph
    num: 1
    text: "Сынақ бұйрығына мынадай өзгерістер енгізілсін:"
    children:
      - kind: alinea
        amend:
          op: replace_words
          target: mod-2020-10#para_1
          old: бес жұмыс күні
          new: үш жұмыс күні
          justification: Мерзім қысқартылады.
      - kind: alinea
        amend:
          op: substitute
          target: mod-2020-10#para_2
          justification: Қағазсыз қызмет көрсетуге көшу.
          content:
            kind: paragraph
            num: 2
            text: Құжаттар электрондық түрде порталда тапсырылады.
      - kind: alinea
        amend:
          op: insert
          target: mod-2020-10#para_2-1
          after: para_2
          content:
            kind: paragraph
            num: 2-1
            text: Өтініш берушіге хабарлама жіберіледі.
      - kind: alinea
        amend:
          op: repeal
          target: mod-2020-10#para_3
"""

RENUMBER = """\
work:
  type: order
  issuer: mod
  number: "30"
  date: 2022-01-10
  languages: [kaz]
  held: complete
  title:
    kaz: Сынақ бұйрығына өзгеріс енгізу туралы
  registration: {number: "300", date: 2022-01-12}
  adilet: unknown
  publication: {date: 2022-01-14, source: Әділет}
  entry_into_force: {rule: on-date, date: 2022-02-01}
signature: unknown
body:
  - kind: paragraph
    num: 1
    amend:
      op: renumber
      target: mod-2020-10#para_2-1
      new_num: 2-2
"""

FILES = {"acts/mod-2020-10.yaml": BASE, "acts/mod-2021-20.yaml": AMEND, "acts/mod-2022-30.yaml": RENUMBER}


def write_fixture(make_corpus: object) -> object:
    """The fixture corpus (base order + amending order only) as a source folder."""
    return make_corpus(FILES, base=False)  # type: ignore[operator]


def test_fixture_corpus_loads(make_corpus: object) -> None:
    from lexpub.consolidate.validate import load_valid

    corpus = load_valid(write_fixture(make_corpus))  # type: ignore[arg-type]
    assert [a.op.kind for a in corpus.affecting("mod-2020-10")] == [
        "replace_words",
        "substitute",
        "insert",
        "repeal",
        "renumber",
    ]
