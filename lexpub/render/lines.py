"""The line walker shared by the plain-text and Markdown renderers: one expression → its lines.

Why a shared base: the Markdown is the plain text with headings and notes marked, so both walk the
text the same way; :mod:`lexpub.render.text` prints the lines, :mod:`lexpub.render.markdown`
subclasses :class:`TextRenderer` and marks them. Neither imports the other (``docs/architecture.md``).
"""

from __future__ import annotations

from lexpub.consolidate.status import status_lines
from lexpub.model.core import Corpus, Expression, Op, Unit, Work
from lexpub.model.values import Known, Lang
from lexpub.wording.i18n import t
from lexpub.wording.numbering import WORDED, label
from lexpub.wording.phrases import formula, requisites

INDENT = "      "
SEPARATOR = "—" * 20


def own_text(unit: Unit, lang: Lang) -> str | None:
    if not unit.held:
        return t(lang, "held.unit")
    return unit.text.get(lang) if unit.text else None


class TextRenderer:
    """Renders one expression; holds the corpus to name the targets of amending provisions."""

    def __init__(self, corpus: Corpus, expr: Expression):
        self.corpus = corpus
        self.expr = expr
        self.lang: Lang = expr.lang

    def render(self, *, footer: bool = True) -> str:
        lines = self.body()
        if footer:
            lines += ["", SEPARATOR, *status_lines(self.corpus, self.expr)]
        return "\n".join(lines) + "\n"

    def body(self) -> list[str]:
        work, lang = self.expr.work, self.lang
        out = [work.title.get(lang) or t(lang, "held.title") if work.title else t(lang, "held.title")]
        out += requisites(work, lang)
        if work.preamble and work.preamble.get(lang):
            out.append(INDENT + (work.preamble.get(lang) or ""))
        out += self.notes(self.expr.root)  # the title's and the preamble's notes
        top = self.expr.root.children
        for unit in (u for u in top if u.kind not in ("attachment", "appendix")):
            out += self.unit(unit, last=True)  # a top-level provision is a sentence of its own
        out += self.signature(work)
        for unit in (u for u in top if u.kind in ("attachment", "appendix")):
            out += self.unit(unit, last=True)  # a top-level provision is a sentence of its own
        return out

    def signature(self, work: Work) -> list[str]:
        out = []
        if work.signature is not None:
            name = (
                work.signature.name
                if not isinstance(work.signature.name, Known)
                else t(self.lang, "work.signature_unknown")
            )
            out.append(f"{INDENT}{work.signature.position.get(self.lang) or ''} {name}")
        for approval in work.approvals:
            out.append(INDENT + (approval.heading.get(self.lang) or ""))
            out.append(approval.body.get(self.lang) or "")
        return out

    def notes(self, unit: Unit) -> list[str]:
        return [INDENT + (n.text.get(self.lang) or "") for n in unit.notes if n.kind not in ("repealed", "deleted")]

    def unit(self, unit: Unit, *, last: bool, quoted: bool = False) -> list[str]:
        if unit.kind in ("attachment", "appendix"):
            return self.attachment(unit, quoted=quoted)
        lab = label(unit, self.lang)
        if unit.kind in WORDED:
            # «3-бап. Heading» / «Глава 2. Heading» on its own line; the unit's words (if any) below it
            heading = unit.heading.get(self.lang) if unit.heading else None
            text = own_text(unit, self.lang)
            lines = [INDENT + " ".join(x for x in (lab, heading) if x)] + ([INDENT + text] if text else [])
            lab = ""
        elif unit.kind == "row":
            head = " ".join(x for x in (lab, unit.heading.get(self.lang) if unit.heading else None) if x)
            text = own_text(unit, self.lang)
            lines = [head + (f" {text}" if text and unit.num is None else "")]
            if text and unit.num is not None:
                lines.append(text)
        elif unit.amend is not None:
            # "1) 10-тармақ мынадай редакцияда жазылсын:" — a numbered amending provision keeps its number.
            text = None
            lines = self.amending(unit, unit.amend, last)
            if lab:
                lines[0] = f"{INDENT}{lab} {lines[0].removeprefix(INDENT)}"
        else:
            text = own_text(unit, self.lang)
            first = " ".join(x for x in (lab, text) if x)
            lines = [INDENT + first] if first else []
        kids = list(unit.children)
        if unit.kind != "row" and lab and text is None and kids and kids[0].kind == "alinea" and kids[0].amend is None:
            # "11. Әскерге …": a number with no words of its own runs into its first part.
            joined = self.unit(kids.pop(0), last=not kids, quoted=quoted)
            lines = [INDENT + f"{lab} {joined[0].removeprefix(INDENT)}", *joined[1:]]
        for i, child in enumerate(kids):
            lines += self.unit(child, last=i == len(kids) - 1, quoted=quoted)
        if not quoted:
            lines += self.notes(unit)
        return lines

    def attachment(self, unit: Unit, *, quoted: bool) -> list[str]:
        lines = [h.get(self.lang) or "" for h in unit.header]
        if unit.heading:
            lines.append(unit.heading.get(self.lang) or "")
        elif unit.kind == "attachment" and not unit.held:
            lines.append(t(self.lang, "held.title"))
        if not quoted:
            lines += self.notes(unit)
        text = own_text(unit, self.lang)
        if text:
            lines.append(INDENT + text)
        for i, child in enumerate(unit.children):
            lines += self.unit(child, last=i == len(unit.children) - 1, quoted=quoted)
        return lines

    def amending(self, unit: Unit, op: Op, last: bool) -> list[str]:
        """The generated amending sentence, then the quoted new wording, then ';' or '.'."""
        end = "." if last else ";"
        target_work = self.corpus.works.get(op.target_work)
        target = target_work.find(op.target_eid) if target_work else None
        head = formula(op, self.lang, self.expr.work, target)
        if op.element != "unit" and op.kind == "substitute":  # a heading's or preamble's new wording
            return [
                INDENT + head,
                INDENT + '"' + (op.new_words.get(self.lang) or "" if op.new_words else "") + '"' + end,
            ]
        if op.content is None:
            return [INDENT + head + end]
        inner = self.unit(op.content, last=True, quoted=True)
        inner = [line.removeprefix(INDENT) for line in inner]
        inner[0] = '"' + inner[0]
        inner[-1] = inner[-1] + '"' + end
        return [INDENT + head, *(INDENT + line for line in inner)]
