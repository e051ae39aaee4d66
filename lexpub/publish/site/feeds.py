"""The site's machine-read indexes: the Atom feed (one per interface language) and ``sitemap.xml``.

Why dated by editions: a reader subscribes to know when a *text* changed, which is when an edition
starts, not when the amending order was signed. Where the start is known only within bounds the entry
carries the known lower bound (the summary says the exact day is unknown); with no bound at all, the
amending act's signing date, before which it cannot have started. The same dates give each sitemap
URL its ``lastmod``. Every URL here is absolute (the standards demand it), from ``source/site.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from lexpub.consolidate.editions import editions
from lexpub.model.core import Corpus, Edition
from lexpub.model.values import DateRange, Lang
from lexpub.publish.site.config import SITE_URL
from lexpub.publish.site.paths import UIS, act_path, bilingual_path, compare_path, edition_path, prefix
from lexpub.render.env import render
from lexpub.wording.acts import act_name, when
from lexpub.wording.i18n import t
from lexpub.wording.lang import bcp47


def known_bound(rng: DateRange, floor: dt.date) -> dt.date:
    """The exact date, else the known lower bound, else the upper one, else ``floor``."""
    return rng.exact or rng.lo or rng.hi or floor


def edition_date(corpus: Corpus, ed: Edition) -> dt.date:
    """The day an edition starts, or its known bound (see the module doc)."""
    opener = corpus.works.get(ed.opened_by)
    floor = opener.date if opener is not None else ed.expression.work.date
    return known_bound(ed.start, floor)


def work_pages(corpus: Corpus, work_id: str) -> Iterator[tuple[str, dt.date]]:
    """Every page of one act (Kazakh paths) with its ``lastmod``: the act page, the side-by-side view
    and the latest compare page change with the latest edition; an edition page with its own start."""
    eds = editions(corpus, work_id)
    work = corpus.works[work_id]
    last = max((edition_date(corpus, ed) for ed in eds), default=work.date)
    yield act_path(work_id), last
    if "rus" in work.languages and "kaz" in work.languages:
        yield bilingual_path(work_id), last
    for ed in eds:
        yield edition_path(work_id, ed.label), edition_date(corpus, ed)
        if ed.index:
            yield compare_path(work_id, ed.label), edition_date(corpus, ed)


def site_pages(corpus: Corpus) -> Iterable[tuple[str, dt.date]]:
    """Every HTML page of the site with its ``lastmod`` (Kazakh paths; the Russian ones are the same
    under ``ru/``). Pages listing every act change when any act does."""
    per_work = [pair for work_id in sorted(corpus.works) for pair in work_pages(corpus, work_id)]
    newest = max((day for _, day in per_work), default=dt.date(1970, 1, 1))
    for path in ("index.html", "search.html", "changes.html"):  # changes.html: lexpub.publish.site.changes
        yield path, newest
    yield from per_work


def sitemap(corpus: Corpus, base_url: str = SITE_URL) -> str:
    urls = [(base_url + prefix(ui) + path, day.isoformat()) for path, day in site_pages(corpus) for ui in UIS]
    return render("site/sitemap.xml", urls=urls)


def feed_path(ui: Lang) -> str:
    return prefix(ui) + "feed.xml"


def feed(corpus: Corpus, base_url: str = SITE_URL, ui: Lang = "kaz") -> str:
    """Atom feed in interface ``ui``: one entry per edition opened by a change, dated by its start."""
    entries = []
    for work_id in sorted(corpus.works):
        for ed in editions(corpus, work_id)[1:]:
            link = base_url + prefix(ui) + edition_path(work_id, ed.label)
            entries.append(
                {
                    "id": link,
                    "link": link,
                    "title": t(
                        ui,
                        "site.feed.entry",
                        act=act_name(corpus, work_id, ui),
                        by=act_name(corpus, ed.opened_by, ui),
                    ),
                    "summary": t(ui, "site.feed.summary", start=when(ed.start, ui)),
                    "updated": edition_date(corpus, ed).isoformat() + "T00:00:00Z",
                }
            )
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    updated = entries[0]["updated"] if entries else "1970-01-01T00:00:00Z"
    return render(
        "site/feed.xml",
        entries=entries,
        updated=updated,
        site=base_url,
        self_link=base_url + feed_path(ui),
        home=base_url + prefix(ui),
        title=t(ui, "site.feed.title"),
        ui=ui,
        xml_lang=bcp47(ui),
    )
