"""``lexpub build``: every output of the corpus, gathered first, written into a staged folder,
swapped in only when everything succeeded (see :mod:`lexpub.publish`).

Outputs so far: plain text of every edition and of the latest text, and the editions list (JSON).
"""

from __future__ import annotations

import json
from pathlib import Path

from .consolidate import consolidate
from .editions import editions
from .jsonout import editions_json
from .model import Corpus
from .publish import staged_dir, write_text
from .textrender import render_text


def outputs(corpus: Corpus) -> dict[str, str]:
    """Relative path → content, for every output. Pure: nothing is written here."""
    files: dict[str, str] = {}
    for work_id in sorted(corpus.works):
        latest = consolidate(corpus, work_id, None, "kaz")
        files[f"acts/{work_id}/kaz/latest.txt"] = render_text(corpus, latest)
        eds = editions(corpus, work_id)
        for ed in eds:
            files[f"acts/{work_id}/kaz/{ed.label}.txt"] = render_text(corpus, ed.expression)
        data = editions_json(corpus, work_id, eds)
        files[f"acts/{work_id}/editions.json"] = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return files


def build(corpus: Corpus, out: Path) -> int:
    """Write every output under ``out`` atomically; return the number of files."""
    files = outputs(corpus)
    with staged_dir(out) as stage:
        for rel, content in sorted(files.items()):
            write_text(stage / rel, content)
    return len(files)
