"""The `work:` head of a small bilingual order (kk and ru), shared by the tests that write acts."""

BILINGUAL_HEAD = """work:
  type: order
  issuer: mod
  number: "{number}"
  date: {date}
  languages: [kaz, rus]
  held: complete
  title:
    kaz: {title}
    rus: {title}
  registration: unknown
  adilet: unknown
  publication:
    date: {date}
    source: Эталондық бақылау банкі
  entry_into_force:
    rule: on-publication
body:
"""
