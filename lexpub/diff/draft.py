"""What a draft would change: the redline from the text in force on a date to that text with the draft.

Why: a draft (``work.status: draft``) is never in force, so no date shows it; the lawyer asks "against
the text in force on D, what does my draft change?" (:func:`lexpub.consolidate.drafts.as_if_in_force`).
"""

from __future__ import annotations

import datetime as dt

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.drafts import as_if_in_force, draft_amendments
from lexpub.diff.redline import Redline, diff_expressions
from lexpub.errors import InputError, kv
from lexpub.model.core import Corpus
from lexpub.model.dates import DRAFT_DATE
from lexpub.model.values import Lang


def draft_redline(
    corpus: Corpus, work_id: str, draft_id: str, at: dt.date | None, lang: Lang
) -> tuple[Corpus, Redline]:
    """The corpus with the draft placed on ``at`` (to name its changes) and the redline of ``work_id``:
    its text on ``at`` (None: the latest) → the same with the draft's changes."""
    if corpus.works[draft_id].status != "draft":
        raise InputError.at(
            None,
            "not-a-draft",
            f"--draft: {draft_id} is signed; compare dates with --from/--to",
            "not-a-draft",
            kv(draft=draft_id),
        )
    if not any(a.op.target_work == work_id for a in draft_amendments(corpus, draft_id)):
        targets = sorted({a.op.target_work for a in draft_amendments(corpus, draft_id)})
        raise InputError.at(
            None,
            "draft-target",
            f"--draft: {draft_id} does not amend {work_id} (it amends: {', '.join(targets)})",
            "draft-target",
            kv(draft=draft_id, work=work_id, targets=", ".join(targets)),
        )
    with_draft = as_if_in_force(corpus, draft_id, at or DRAFT_DATE)
    old = consolidate(corpus, work_id, at, lang)
    new = consolidate(with_draft, work_id, at, lang)
    return with_draft, diff_expressions(old, new)
