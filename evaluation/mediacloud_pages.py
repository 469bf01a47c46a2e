"""English news stories of Media Cloud's collection, labelled by hand for this project.

htmldate's evaluation (`htmldate_pages`) keeps 200 news stories drawn at random from Media Cloud,
the open collection of the world's online news; 42 of them are English news articles of 42
publishers no other gold set has, many outside the United States and Britain (the Times of
India, the Hindustan Times, Business Today, the Business Times of Singapore, the Malay Mail,
Stuff, the Frontier Post, UrduPoint, News.az, ZimEye, ...) and local US newsrooms. They were
labelled by hand before the project's output on them was seen: entities, quotes, datelines and
the article's title, authors and publication day, in `evaluation/gold/mediacloud-en/` (see its
README).

Like the comparison pages, the labels were made on the text trafilatura alone extracts from each
page, so the enrichment rows measure the stages over another extractor's text. The pages keep
the halves of htmldate's pages (`evaluation/splits/htmldate-pages.json`, by publisher), so a
date rule read off that set's tuning half never sees these checking pages either.
"""

from __future__ import annotations

from ._module_pages import ModulePages, trafilatura_text
from .htmldate_pages import CHECKSUM, MODULE, SPLIT, VERSION

MEDIACLOUD_PAGES = ModulePages(
    name="mediacloud", dataset="hand-labelled Media Cloud news pages",
    module=MODULE, version=VERSION, checksum=CHECKSUM,  # the pages of htmldate's evaluation
    folder="mediacloud-en", split=SPLIT, text=trafilatura_text,
)  # fmt: skip
