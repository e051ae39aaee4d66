"""Every message key the code or a template names literally (``t(lang, "compare.no_rows")``) is in both
catalogues: a key removed from ``kk.yaml``/``ru.yaml`` while a rarely taken branch still prints it would
otherwise fail only on the day a reader meets that branch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"""\bt\(\s*[\w."']+\s*,\s*["']([a-z][\w.\-]*)["']""")


def named_keys() -> dict[str, str]:
    """key → the first file that names it."""
    found: dict[str, str] = {}
    files = [
        *sorted((ROOT / "lexpub").rglob("*.py")),
        *sorted(p for p in (ROOT / "templates").rglob("*") if p.is_file()),
    ]
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for key in CALL.findall(text):
            found.setdefault(key, str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_keys_in_code_and_templates() -> None:
    keys = named_keys()
    assert keys["compare.no_rows"] == "templates/diff/compare.html.j2"
    assert "svcb.status_latest" in keys and "docb.why_act" in keys
    assert len(keys) > 200


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_named_key_is_in_the_catalogue(lang: str) -> None:
    catalogue = yaml.safe_load((ROOT / "lexpub" / "wording" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
    missing = {
        k: where
        for k, where in named_keys().items()
        if k not in catalogue and not (k.endswith(".") and any(c.startswith(k) for c in catalogue))  # a prefix + kind
    }
    assert missing == {}
