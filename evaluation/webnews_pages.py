"""English news pages of htmldate's web sample, labelled by hand for this project.

Besides its 200 Media Cloud stories, htmldate's evaluation (`htmldate_pages`) keeps 800 pages
crawled from the wider web: news sites, magazines, blogs and public bodies. 42 of them are
English news articles of 42 publishers no other gold set has: British and Irish regional papers
(the Belfast Live, the Scotsman, the Daily Record, the Manchester Evening News, the Irish
Times, ...), US local TV newsrooms, national outlets (NPR, ABC News, Politico, the Chicago
Tribune), and the English editions of Le Monde and KBS. They were labelled by hand before the
project's output on them was seen: entities, quotes, datelines and the article's title, authors
and publication day, in `evaluation/gold/webnews-en/` (see its README).

Like the Media Cloud stories, the labels were made on the text trafilatura alone extracts from
each page, and the pages keep the halves of htmldate's pages (by publisher).
"""

from __future__ import annotations

from ._module_pages import ModulePages, trafilatura_text
from .htmldate_pages import CHECKSUM, MODULE, SPLIT, VERSION

WEBNEWS_PAGES = ModulePages(
    name="webnews", dataset="hand-labelled htmldate web news pages",
    module=MODULE, version=VERSION, checksum=CHECKSUM,  # the pages of htmldate's evaluation
    folder="webnews-en", split=SPLIT, text=trafilatura_text,
)  # fmt: skip
