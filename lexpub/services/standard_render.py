"""Renderers of a service table: :class:`~lexpub.service.ServiceView` → HTML, PDF or passport JSON bytes.

The rows are printed with lexpub's own numbers 1–10; each row and sub-item carries its eId. PDF goes
through the project's one PDF renderer (:func:`lexpub.render.pdf.html_to_pdf`).
"""

from __future__ import annotations

import json

from lexpub.render.env import render
from lexpub.render.pdf import html_to_pdf
from lexpub.services.documents.basis import service_status
from lexpub.services.passport import passport
from lexpub.services.standard import ServiceView
from lexpub.wording.lang import bcp47


def service_html(view: ServiceView) -> str:
    table = view.expression.find(view.table_eid)
    header = [h.get("kaz") or "" for h in table.header] if table else []
    status = service_status(view.corpus, view.work, view.table_eid, view.at, "kaz")
    pending = [f"{p.description.get('kaz') or ''} [{p.source}; {p.confidence}]" for p in view.expression.work.pending]
    return render("service/service.html", view=view, header=header, status=status, pending=pending)


def service_pdf(view: ServiceView) -> bytes:

    return html_to_pdf(service_html(view), title=f"{view.title}: {view.service.name_kk}", lang=bcp47("kaz"))


def service_json(view: ServiceView) -> str:
    return json.dumps(passport(view), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
