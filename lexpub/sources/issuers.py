"""``source/issuers.yaml``: the issuing bodies, named in the cases notes and requisites need."""

from __future__ import annotations

from lexpub.errors import Issue, kv
from lexpub.model.requisites import Issuer
from lexpub.model.values import LANGS, Text
from lexpub.sources.yamlfile import Located


def parse_issuers(doc: Located) -> tuple[dict[str, Issuer], list[Issue]]:
    """``source/issuers.yaml``: id → names in the cases notes and requisites need."""
    issues: list[Issue] = []
    out: dict[str, Issuer] = {}
    if not isinstance(doc.data, dict):
        return out, [Issue(doc.loc(()), "wrong-type", "issuers.yaml must be a mapping of issuer ids", "issuers-shape")]
    for key, value in doc.data.items():
        if not isinstance(value, dict) or set(value) != {"genitive", "genitive_short"}:
            issues.append(
                Issue(
                    doc.loc((key,)),
                    "issuer-shape",
                    f"issuer {key!r} needs exactly genitive and genitive_short",
                    "issuer-shape",
                    kv(issuer=key),
                )
            )
            continue
        texts = []
        for field in ("genitive", "genitive_short"):
            v = value[field]
            if (
                not isinstance(v, dict)
                or not v
                or not set(v) <= set(LANGS)
                or not all(isinstance(s, str) and s.strip() for s in v.values())
            ):
                issues.append(
                    Issue(
                        doc.loc((key, field)),
                        "issuer-shape",
                        f"{key}.{field} must map kaz/rus to text",
                        "issuer-shape.text",
                        kv(issuer=key, field=field),
                    )
                )
                v = {"kaz": "?"}
            texts.append(Text(tuple(sorted(v.items()))))
        out[key] = Issuer(key, texts[0], texts[1])
    return out, issues
