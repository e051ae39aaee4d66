"""Generate lexpub/sources/schemas/act.schema.json, the JSON Schema of act sources (run after editing it)."""

import json
from pathlib import Path
from typing import Any

date = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"}
OPS = ["substitute", "insert", "repeal", "replace_words", "renumber", "delete", "delete_words", "insert_words"]
unknown = {"const": "unknown", "description": "The fact is not known; outputs say so."}
date_or_unknown = {"anyOf": [date, unknown]}
text = {
    "anyOf": [
        {"type": "string", "minLength": 1, "description": "Text in the work's first language"},
        {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {"kaz": {"type": "string", "minLength": 1}, "rus": {"type": "string", "minLength": 1}},
        },
    ]
}
num = {
    "type": ["string", "integer"],
    "description": "Number as printed, without punctuation: 5, 5-1, 2-1; a lettered sub-item's letter: а",
}
target = {
    "type": "string",
    "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*(#[A-Za-z0-9_-]+)?$",
    "description": "work-id#eId, e.g. mod-2017-357#att_nn_1__para_11; the work id alone for the act itself"
    " (its title, preamble or whole text)",
}
schema: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://mod.gov.kz/lexpub/act.schema.json",
    "title": "lexpub act source (one order per file: source/acts/<id>.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["work", "body"],
    "properties": {
        "work": {"$ref": "#/$defs/work"},
        "preamble": {"$ref": "#/$defs/text"},
        "body": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
        "signature": {"anyOf": [{"$ref": "#/$defs/signature"}, unknown]},
        "approvals": {"type": "array", "items": {"$ref": "#/$defs/approval"}},
        "attachments": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
        "amendments": {
            "type": "array",
            "items": {"$ref": "#/$defs/loose_op"},
            "description": "Amendments whose carrying provision is not held (partial works).",
        },
        "pending": {"type": "array", "items": {"$ref": "#/$defs/pending"}},
    },
    "$defs": {
        "date": date,
        "unknown": unknown,
        "text": text,
        "num": num,
        "work": {
            "type": "object",
            "additionalProperties": False,
            "required": [
                "type",
                "issuer",
                "number",
                "date",
                "languages",
                "held",
                "title",
                "registration",
                "adilet",
                "publication",
                "entry_into_force",
            ],
            "properties": {
                "type": {"enum": ["order"], "description": "бұйрық"},
                "issuer": {
                    "type": "string",
                    "pattern": "^[a-z][a-z0-9-]*$",
                    "description": "Issuer id in source/issuers.yaml",
                },
                "status": {
                    "enum": ["signed", "draft"],
                    "description": "draft: not signed yet; number, date and registration may be unknown",
                },
                "number": {"anyOf": [{"type": ["string", "integer"]}, unknown]},
                "date": date_or_unknown,
                "languages": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": ["kaz", "rus"]}},
                "held": {"enum": ["complete", "partial"]},
                "title": {"anyOf": [text, unknown]},
                "registration": {
                    "anyOf": [
                        unknown,
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["number", "date"],
                            "properties": {
                                "number": {"anyOf": [{"type": ["string", "integer"]}, unknown]},
                                "date": date_or_unknown,
                            },
                        },
                    ]
                },
                "adilet": {"anyOf": [{"type": "string", "pattern": r"^[VZPK][0-9A-Z]{9}[0-9_]$"}, unknown]},
                "publication": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["date", "source"],
                    "properties": {
                        "date": date_or_unknown,
                        "source": {"anyOf": [{"type": "string", "minLength": 1}, unknown]},
                        "not_before": date,
                        "not_after": date,
                    },
                },
                "entry_into_force": {
                    "anyOf": [
                        unknown,
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["rule"],
                            "properties": {
                                "rule": {"enum": ["after-publication", "on-publication", "on-signing", "on-date"]},
                                "days": {"type": "integer", "minimum": 1, "maximum": 366},
                                "date": date,
                            },
                        },
                    ]
                },
            },
        },
        "signature": {
            "type": "object",
            "additionalProperties": False,
            "required": ["position", "name"],
            "properties": {"position": text, "name": {"anyOf": [{"type": "string", "minLength": 1}, unknown]}},
        },
        "approval": {
            "type": "object",
            "additionalProperties": False,
            "required": ["heading", "body"],
            "properties": {"heading": text, "body": text},
        },
        "pending": {
            "type": "object",
            "additionalProperties": False,
            "required": ["description", "source", "confidence"],
            "properties": {
                "description": text,
                "source": {"type": "string", "minLength": 1},
                "confidence": {"enum": ["H", "M", "L"]},
                "signed": date,
            },
        },
        "unit": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind"],
            "properties": {
                "kind": {
                    "enum": [
                        "paragraph",
                        "point",
                        "alinea",
                        "attachment",
                        "appendix",
                        "row",
                        "article",
                        "chapter",
                        "section",
                        "part",
                    ],
                    "description": "paragraph = тармақ '1.', point = тармақша '1)' or a letter 'а)', alinea = unnumbered абзац, attachment = approved document, appendix = қосымша, row = row of a requirements table, article = бап/статья, chapter = тарау/глава and section = бөлім/раздел (numbers run straight through them), part = бөлік/часть of an article",
                },
                "num": num,
                "heading": text,
                "header": {"type": "array", "items": text, "description": "Top-right header lines (art. 28)"},
                "text": text,
                "children": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
                "amend": {"$ref": "#/$defs/op"},
                "table": {"type": "boolean"},
                "held": {"type": "boolean", "description": "false: wording not held in the corpus"},
            },
        },
        "op_props": {},
        "op": {
            "type": "object",
            "additionalProperties": False,
            "required": ["op", "target"],
            "properties": {
                "op": {"enum": OPS},
                "target": target,
                "content": {"$ref": "#/$defs/unit"},
                "content_from": {"type": "string", "pattern": r"^[A-Za-z0-9_-]+$"},
                "after": {"type": "string", "pattern": r"^[A-Za-z0-9_-]+$"},
                "old": text,
                "new": text,
                "new_num": num,
                "whole": {"type": "boolean", "description": "words ops: throughout the unit and every unit inside it"},
                "element": {
                    "enum": ["unit", "heading", "preamble"],
                    "description": "what is amended: the unit (default), its heading (the act's title when the target"
                    " names no unit), or the act's preamble; substitute then takes 'new'",
                },
                "lead": text,
                "justification": text,
                "commencement": date,
            },
        },
        "loose_op": {
            "type": "object",
            "additionalProperties": False,
            "required": ["op", "target", "provision"],
            "properties": {
                "provision": {"anyOf": [{"type": "string", "pattern": r"^[A-Za-z0-9_-]+$"}, unknown]},
                "op": {"enum": OPS},
                "target": target,
                "content": {"$ref": "#/$defs/unit"},
                "after": {"type": "string", "pattern": r"^[A-Za-z0-9_-]+$"},
                "old": text,
                "new": text,
                "new_num": num,
                "whole": {"type": "boolean", "description": "words ops: throughout the unit and every unit inside it"},
                "element": {
                    "enum": ["unit", "heading", "preamble"],
                    "description": "what is amended: the unit (default), its heading (the act's title when the target"
                    " names no unit), or the act's preamble; substitute then takes 'new'",
                },
                "justification": text,
                "commencement": date,
            },
        },
    },
}
del schema["$defs"]["op_props"]
OUT = Path(__file__).resolve().parent.parent / "lexpub" / "sources" / "schemas" / "act.schema.json"
OUT.write_text(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
