"""The headline and the authors as the article shows them (etl/_headline.py, etl/_bylines.py)."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from etl._bylines import (
    classed_bylines,
    clean_authors,
    site_accounts,
)
from etl._extract import extract
from etl._headline import (
    headline,
    strip_site,
)
from etl._metadata import (
    page_organisations,
    site_keys,
)

URL = "https://www.harbourpost.example/news/2024/05/01/storm-closes-port/"
SITES = site_keys(["The Harbour Post"], URL)


def test_site_name_and_section_are_stripped_from_the_title() -> None:
    assert strip_site("Storm closes port - National | Harbourpost.example", SITES) == (
        "Storm closes port"
    )
    assert strip_site("Storm closes port | The Harbour Post", SITES) == "Storm closes port"
    assert strip_site("Storm closes port - The Harbour Post", SITES) == "Storm closes port"
    assert strip_site("The Harbour Post | Storm closes port", SITES) == "Storm closes port"
    # a separator inside the headline, with no site name joined on, stays
    title = "Storm closes port - and the ferries stop"
    assert strip_site(title, SITES) == title
    assert strip_site("Mayor: 'We are ready' | Harbourpost", SITES) == "Mayor: 'We are ready'"


def test_a_site_on_a_subdomain_goes_by_the_name_it_registered() -> None:
    sites = site_keys([], "https://edition.cnn.com/2020/04/24/politics/trip/index.html")
    assert strip_site("Biden predicts a delay | CNN Politics", sites) == "Biden predicts a delay"
    assert "bbc" in site_keys([], "https://www.bbc.co.uk/news/uk-1")
    assert site_keys([], "http://127.0.0.1:8080/story") == {"127001", "12700"}


def test_headline_prefers_the_pages_h1_over_the_seo_title() -> None:
    page = lxml_html.fromstring(
        "<html><body><header><h1>The Harbour Post</h1></header><article>"
        "<h1>Storm closes port as ‘worst winds in decades’ hit the coast</h1>"
        "</article></body></html>"
    )
    seo = "Storm closes port as 'worst winds in decades' hit coast | The Harbour Post"
    assert headline(page, seo, SITES) == (
        "Storm closes port as ‘worst winds in decades’ hit the coast"
    )
    # an <h1> about something else is not the headline
    other = lxml_html.fromstring("<html><body><h1>Weather warnings this week</h1></body></html>")
    assert headline(other, seo, SITES) == "Storm closes port as 'worst winds in decades' hit coast"
    assert headline(None, None, SITES) is None


def test_a_short_tail_the_h1_ends_with_is_the_headlines_not_a_section() -> None:
    # "- again" before the site's name reads like a section label, but the <h1> has it too
    page = lxml_html.fromstring(
        "<html><body><h1>Mayor blasts ferry operator over port closure – again</h1></body></html>"
    )
    seo = "Mayor blasts ferry operator over port closure – again - The Harbour Post"
    assert headline(page, seo, SITES) == "Mayor blasts ferry operator over port closure – again"
    # the same, where another statement of the headline (og:title) joins the site's name on
    title = "Mayor blasts ferry operator over port closure – again"
    assert headline(page, title, SITES, [seo]) == title
    # a section label the <h1> does not show still goes
    seo = "Mayor blasts ferry operator over port closure - National - The Harbour Post"
    page = lxml_html.fromstring(
        "<html><body><h1>Mayor blasts ferry operator over port closure</h1></body></html>"
    )
    assert headline(page, seo, SITES) == "Mayor blasts ferry operator over port closure"


def test_a_kicker_label_inside_the_h1_is_not_the_headline() -> None:
    page = lxml_html.fromstring(
        '<html><body><h1><span class="title__kicker">Winter storms</span>'
        '<span class="visually-hidden"> - </span><span>Ferries stop as the port closes</span>'
        "</h1></body></html>"
    )
    seo = "Storm watch: Ferries stop as the port closes | The Harbour Post"
    assert headline(page, seo, SITES) == "Ferries stop as the port closes"
    # the site's own title joins the kicker on with its own words: that wording is kept
    joined = "Winter storms: Ferries stop as the port closes | The Harbour Post"
    assert headline(page, joined, SITES) == "Winter storms: Ferries stop as the port closes"


def test_a_site_name_ending_with_the_domain_is_stripped() -> None:
    sites = site_keys([], "https://namibian.example/news/ferries/")
    assert strip_site("Ferries stop as the port closes - The Namibian", sites) == (
        "Ferries stop as the port closes"
    )
    # a site name nobody knows, after the <h1>'s exact words, goes too
    page = lxml_html.fromstring("<html><body><h1>Port closes</h1></body></html>")
    assert headline(page, "Port closes - Coastal Evening Chronicle", set()) == "Port closes"


def test_a_site_name_the_domain_shortens_is_stripped() -> None:
    # "Harbour City Times" for harbourtimes.example, "HCN News" for hcn.example: the domain is
    # made of the starts of the name's words
    sites = site_keys([], "https://www.harbourtimes.example/news/ferries/")
    assert strip_site("Ferries stop as the port closes - Harbour City Times", sites) == (
        "Ferries stop as the port closes"
    )
    sites = site_keys([], "https://hcn.example/news/ferries/")
    assert strip_site("Ferries stop as the port closes | HCN News", sites) == (
        "Ferries stop as the port closes"
    )
    # a tail the domain does not shorten stays
    assert strip_site("Ferries stop - Port Authority", sites) == "Ferries stop - Port Authority"


def test_the_byline_linked_to_the_authors_page_when_nothing_else_names_one() -> None:
    page = (
        "<html><head><title>Ferries stop as the port closes</title></head><body>"
        '<nav><a href="/people/">Our people</a><a href="/staff/jo">Jo Menu</a></nav><article>'
        "<h1>Ferries stop as the port closes</h1>"
        '<p class="meta">by <a href="/authors/name/max-kolter">Dr. Max Kolter</a></p>'
        + "<p>The harbour master closed the port on Tuesday as the storm came in.</p>" * 8
        + '</article><aside><a href="/authors/ann-lee">Ann Lee</a></aside></body></html>'
    )
    article = extract(page, URL)
    assert article.authors == ["Dr. Max Kolter"]


def test_the_name_after_a_byline_label_when_nothing_else_names_one() -> None:
    def page(info: str) -> str:
        return (
            '<html><head><meta name="author" content="The Harbour Post (harbourpost.example)">'
            "<title>Ferries stop as the port closes</title></head><body><article>"
            "<h1>Ferries stop as the port closes</h1>"
            + "".join(
                f"<p>The harbour master closed berth {n} on Tuesday as the storm came in.</p>"
                for n in range(8)
            )
            + f"</article><ul>{info}</ul></body></html>"
        )

    # the publisher in the author meta tag is no author; the labelled name is
    article = extract(page("<li><strong>Autorin/Autor</strong> Roman Kolter</li>"), URL)
    assert article.authors == ["Roman Kolter"]
    listed = extract(page("<li><dl><dt>Author:</dt><dd>Ann Lee</dd></dl></li>"), URL)
    assert listed.authors == ["Ann Lee"]
    # a label followed by words that are no name names nobody
    assert extract(page("<li><b>By</b> the numbers</li>"), URL).authors == []


def test_the_byline_the_text_carries_when_the_markup_names_nobody() -> None:
    def page(body: str, url: str = URL) -> list[str]:
        lines = "".join(f"<p>{line}</p>" for line in body.split("\n"))
        html = (
            "<html><head><title>Ferries stop as the port closes</title></head><body><article>"
            f"<h1>Ferries stop as the port closes</h1>{lines}</article></body></html>"
        )
        return extract(html, url).authors

    story = "\n".join(
        f"The harbour master closed berth {n} on Tuesday as the storm came in." for n in range(8)
    )
    assert page("By Cristina Alonso\n" + story) == ["Cristina Alonso"]
    # a wire's closing credit on the wire's own site: its reporters and writers, not its editors
    credit = (
        "(Reporting by Jason Hovet in Prague; Additional reporting by Ann Lee; Editing by Bo Ray)"
    )
    assert page(story + "\n" + credit, "https://www.reuters.com/article/ferries") == ["Jason Hovet"]
    # on another outlet's page the credit names the wire's reporters, not the page's authors
    assert page(story + "\n" + credit) == []
    # a sentence opening with "By" is no byline
    assert page("By then the ferries had stopped for the night.\n" + story) == []
    # a broadcaster's sign-off names the reporter when its outlet is the site, a date after it
    sign_off = "\nAnn Lee, Harbour Post Radio News.\n2024-05-01"
    assert page(story + sign_off) == ["Ann Lee"]
    assert page(story + sign_off, "https://www.otherpaper.example/news/ferries") == []
    # a name in capitals alone on the first line, as some papers print the byline
    assert page("MTHOBISI SITHOLE\n" + story) == ["MTHOBISI SITHOLE"]
    # not a kicker: a place, words of the language, or the person the story is about
    assert page("NEW DELHI\n" + story) == []
    assert page("STORM WARNING\n" + story) == []
    assert page("CRISTINA ALONSO\n" + story + "\nAlonso said the berths would reopen.") == []


def test_a_given_name_alone_in_json_ld_is_the_name_the_byline_prints_in_full() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Ferries stop as the port closes",
        "author": {"@type": "Person", "name": "Todd"},
    }
    page = (
        '<html><head><script type="application/ld+json">' + json.dumps(ld) + "</script>"
        "<title>Ferries stop as the port closes</title></head><body><article>"
        "<h1>Ferries stop as the port closes</h1>"
        # the label and the name in elements of their own, the name a level down
        '<div class="byline"><div><p class="label"><strong>By</strong></p></div>'
        '<div><p class="full-name">Todd Bates</p></div></div>'
        + "".join(
            f"<p>The harbour master closed berth {n} on Tuesday as the storm came in.</p>"
            for n in range(8)
        )
        + "</article></body></html>"
    )
    assert extract(page, URL).authors == ["Todd Bates"]
    # with no byline printing more, the JSON-LD's name stays
    alone = page.replace("Todd Bates", "Tuesday's storm")
    assert extract(alone, URL).authors == ["Todd"]


def test_the_headline_most_of_the_page_states() -> None:
    page = lxml_html.fromstring("<html><body><h1>City closes port: ferries stop</h1></body></html>")
    said = "Harbour city closes port: ferries stop"
    # the meta title, twitter:title and JSON-LD agree on another wording than the <h1>'s
    assert headline(page, said, SITES, [said, said]) == said
    # on a tie, the <h1> as the reader sees it
    assert headline(page, said, SITES, ["City closes port: ferries stop"]) == (
        "City closes port: ferries stop"
    )
    # a label joined on before the headline in the <h1>: the shorter wording
    labelled = lxml_html.fromstring(
        "<html><body><h1>Winter storms: City closes port, ferries stop</h1></body></html>"
    )
    assert headline(labelled, "City closes port, ferries stop", SITES) == (
        "City closes port, ferries stop"
    )


def test_authors_are_people_one_form_each() -> None:
    assert clean_authors(["ann-lee", "Ann Lee"], SITES) == ["Ann Lee"]
    assert clean_authors(["https://www.harbourpost.example/author/ann-lee/", "Ann Lee"], SITES) == [
        "Ann Lee"
    ]
    assert clean_authors(["@annlee", "Ann Lee"], SITES) == ["Ann Lee"]
    assert clean_authors(["By Ann Lee and Bob Ray"], SITES) == ["Ann Lee", "Bob Ray"]
    # the label set before the names, in English or German, is not a part of them
    assert clean_authors(["Author: Ann Lee"], SITES) == ["Ann Lee"]
    assert clean_authors(["Autorin/Autor Ann Lee", "Bob Ray"], SITES) == ["Ann Lee", "Bob Ray"]
    assert clean_authors(["Ann Lee, Bob Ray"], SITES) == ["Ann Lee", "Bob Ray"]
    assert clean_authors(["Ann Lee", "Ann", "Lee"], SITES) == ["Ann Lee"]
    # the site, its publisher, a company, a URL are not authors; a staff credit is kept
    assert clean_authors(["The Harbour Post", "Ann Lee"], SITES) == ["Ann Lee"]
    assert clean_authors(["Harbour Media Group Inc."], SITES) == []
    # companies' legal forms are one list with the entity rules' (etl/data/legal_forms.json)
    assert clean_authors(["Harbour Verlag GmbH", "HARBOUR MEDIA LTD.", "Ann Lee"], SITES) == [
        "Ann Lee"
    ]
    assert clean_authors(["Harbour Media S.A."], SITES) == []
    assert clean_authors(["Nguyen Van Co"], set()) == ["Nguyen Van Co"]  # "Co" only as "Co."
    # a media group known as a publisher's parent company, even when the page does not say so
    assert clean_authors(["Condé Nast", "Ann Lee"], SITES) == ["Ann Lee"]
    assert clean_authors(["Daily Mail and General Trust"], SITES) == []
    assert clean_authors(["www harbourpost example", "harbourpost.example"], SITES) == []
    assert clean_authors(["Harbour Post staff reporter"], set()) == ["Harbour Post staff reporter"]
    # "and" inside a staff credit joins no two people; beside a person it does
    assert clean_authors(["Staff and news service reports"], set()) == [
        "Staff and news service reports"
    ]
    assert clean_authors(["Harbour Post staff and agencies"], set()) == [
        "Harbour Post staff and agencies"
    ]
    assert clean_authors(["Ann Lee and staff"], set()) == ["Ann Lee"]
    assert clean_authors(["ann-lee"], SITES) == ["Ann Lee"]


def test_publisher_and_parent_company_named_by_the_page_are_not_authors() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Storm closes port",
        "author": [{"@type": "Person", "name": "Ann Lee"}],
        "publisher": {
            "@type": "Organization", "name": "Harbour Media",
            "parentOrganization": {"@type": "Organization", "name": "Coastline Holdings"},
        },
    }  # fmt: skip
    page = (
        "<html><head><title>Storm closes port | The Harbour Post</title>"
        '<meta property="og:site_name" content="The Harbour Post">'
        '<meta name="author" content="Ann Lee; Coastline Holdings; Harbour Media">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body><article>'
        "<h1>Storm closes port</h1>"
        "<p>The port closed on Tuesday as winds of more than 100 km/h reached the coast, "
        "and ferries stayed in the harbour for the whole day, the harbour master said.</p>"
        "<p>Schools in three towns sent pupils home at noon. Power lines came down on the "
        "coast road, and about 4,000 homes were without electricity by the evening.</p>"
        "<p>Forecasters expect the wind to ease on Wednesday morning, when the first ferries "
        "are due to sail again if the harbour walls have not been damaged.</p>"
        "</article></body></html>"
    )
    tree = lxml_html.fromstring(page)
    assert {"Harbour Media", "Coastline Holdings", "The Harbour Post"} <= page_organisations(tree)
    article = extract(page, URL)
    assert article.title == "Storm closes port"
    assert article.authors == ["Ann Lee"]


def _account_page(byline: str, author_ld: dict) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes port",
          "author": author_ld}  # fmt: skip
    return (
        "<html><head><title>Storm closes port | The Harbour Post</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body><article>'
        f"<h1>Storm closes port</h1><p class='byline'>by {byline}</p>"
        "<p>The port closed on Tuesday as winds of more than 100 km/h reached the coast, "
        "and ferries stayed in the harbour for the whole day, the harbour master said.</p>"
        "<p>Schools in three towns sent pupils home at noon. Power lines came down on the "
        "coast road, and about 4,000 homes were without electricity by the evening.</p>"
        "</article></body></html>"
    )


def test_a_byline_of_the_sites_own_account_credits_nobody() -> None:
    # a CMS's "admin" user shown under a display name is the site, not a reporter
    admin = "https://www.harbourpost.example/author/admin/"
    page = _account_page(
        f'<a href="{admin}" rel="author">Harbour D</a>', {"@id": admin, "name": "Harbour D"}
    )
    assert site_accounts(lxml_html.fromstring(page)) == {
        "harbourd"
    }  # keys: case, spaces and marks aside
    assert extract(page, URL).authors == []
    # a person's author page is a person's
    person = "https://www.harbourpost.example/author/ann-lee/"
    page = _account_page(
        f'<a href="{person}" rel="author">Ann Lee</a>', {"@id": person, "name": "Ann Lee"}
    )
    assert site_accounts(lxml_html.fromstring(page)) == set()
    assert extract(page, URL).authors == ["Ann Lee"]
    # an editor who posts as "admin" under their own full name is credited
    page = _account_page(
        f'<a href="{admin}" rel="author">Jordan James</a>', {"@id": admin, "name": "Jordan James"}
    )
    assert site_accounts(lxml_html.fromstring(page)) == set()
    assert extract(page, URL).authors == ["Jordan James"]


def _dated_page(head: str, body: str) -> str:
    return (
        f"<html><head><title>Storm closes port</title>{head}</head><body>"
        "<aside class='sidebar'><h2>From the archive</h2><ul>"
        "<li><time datetime='2019-02-03'>3 February 2019</time> Old storm story</li>"
        "<li><time datetime='2019-02-04'>4 February 2019</time> Older storm story</li></ul>"
        f"</aside><article><h1>Storm closes port</h1>{body}"
        "<p>The port closed on Tuesday as winds of more than 100 km/h reached the coast, "
        "and ferries stayed in the harbour for the whole day, the harbour master said.</p>"
        "<p>Schools in three towns sent pupils home at noon. Power lines came down on the "
        "coast road, and about 4,000 homes were without electricity by the evening.</p>"
        "</article></body></html>"
    )


def test_publication_date_is_the_articles_own_and_modified_is_kept_apart() -> None:
    related = {"@type": "NewsArticle", "url": "https://www.harbourpost.example/old",
               "datePublished": "2019-02-03T08:00:00Z"}  # fmt: skip
    own = {"@type": "NewsArticle", "mainEntityOfPage": URL,
           "datePublished": "2023-05-01T22:30:00-04:00",
           "dateModified": "2023-05-02T09:00:00Z"}  # fmt: skip
    ld = f'<script type="application/ld+json">{json.dumps([related, own])}</script>'
    article = extract(_dated_page(ld, ""), URL)
    assert (article.published_at, article.modified_at) == ("2023-05-01", "2023-05-02")
    # no JSON-LD: the article's meta tags, else its own <time> element
    meta = (
        '<meta property="article:published_time" content="2023-05-01T10:00:00Z">'
        '<meta property="article:modified_time" content="2023-05-03T10:00:00Z">'
    )
    article = extract(_dated_page(meta, ""), URL)
    assert (article.published_at, article.modified_at) == ("2023-05-01", "2023-05-03")
    article = extract(_dated_page("", "<time datetime='2023-05-01T10:00'>1 May</time>"), URL)
    assert (article.published_at, article.modified_at) == ("2023-05-01", None)


def test_a_time_stated_only_in_utc_takes_the_day_the_newsroom_prints() -> None:
    """A story posted at 10:28 p.m. in New York is stated as 03:28 UTC the next day; the page's
    local time of the same instant, or the date in its URL, gives the day it prints."""
    undated_url = "https://www.harbourpost.example/news/storm-closes-port/"
    utc = '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
    local = '<meta name="sailthru.date" content="2023-11-08 22:28:35">'
    assert extract(_dated_page(utc + local, ""), undated_url).published_at == "2023-11-08"
    with_offset = '<meta name="date" content="Wed, 08 Nov 2023 22:28:35 -0500">'
    assert extract(_dated_page(utc + with_offset, ""), undated_url).published_at == "2023-11-08"
    dated_url = "https://www.harbourpost.example/2023/11/08/storm-closes-port/"
    assert extract(_dated_page(utc, ""), dated_url).published_at == "2023-11-08"
    # nothing on the page says otherwise: the day UTC gives
    assert extract(_dated_page(utc, ""), undated_url).published_at == "2023-11-09"
    # a URL a day off at an hour no time zone reaches (15:28 UTC is 01:28 at most, a day
    # on), or a local time that is not the same instant, leaves it
    afternoon = utc.replace("03:28", "15:28")
    assert extract(_dated_page(afternoon, ""), dated_url).published_at == "2023-11-09"
    other = '<meta name="sailthru.date" content="2023-11-08 22:30:00">'
    assert extract(_dated_page(utc + other, ""), undated_url).published_at == "2023-11-09"
    # a time given with its own offset keeps the day it prints
    own = '<meta property="article:published_time" content="2023-11-08T22:28:35-05:00">'
    assert extract(_dated_page(own, ""), dated_url).published_at == "2023-11-08"


def test_the_time_of_a_teaser_article_is_not_the_pages() -> None:
    teasers = "".join(
        f"<article class='teaser'><h3>Older story {n}</h3><time datetime='2020-12-0{n}'>"
        f"{n} December 2020</time></article>"
        for n in (3, 4)
    )
    page = _dated_page("", "").replace("</article></body>", f"</article>{teasers}</body>")
    assert extract(page, URL).published_at not in ("2020-12-03", "2020-12-04")
    own = _dated_page("", "<time datetime='2023-10-31T09:00:00+01:00'>31 October</time>")
    page = own.replace("</article></body>", f"</article>{teasers}</body>")
    assert extract(page, URL).published_at == "2023-10-31"


def test_the_articles_json_ld_names_its_authors_whole() -> None:
    ld = {"@type": "NewsArticle", "mainEntityOfPage": URL, "headline": "Storm closes port",
          "author": [{"@type": "Person", "name": "Davide Castelvecchi"},
                     {"@type": "Person", "name": "Jeff Tollefson"},
                     {"@type": "Organization", "name": "The Harbour Post"}]}  # fmt: skip
    head = (
        '<meta name="author" content="Davide; Castelvecchi; Jeff; Tollefson">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    article = extract(_dated_page(head, ""), URL)
    assert article.authors == ["Davide Castelvecchi", "Jeff Tollefson"]


def test_a_site_name_joined_on_without_spaces_is_stripped() -> None:
    headline_text = "Ferries stop as the port closes"
    assert strip_site(f"{headline_text}|The Harbour Post", SITES) == headline_text
    assert strip_site(f"{headline_text}-The Harbour Post", SITES) == headline_text
    # a section label joined on before the name, with a bar (or a letter set as one) after it
    assert strip_site(f"{headline_text}-Weather｜The Harbour Post", SITES) == headline_text
    assert strip_site(f"{headline_text}-날씨ᅵThe Harbour Post", SITES) == headline_text
    # a hyphen inside the headline, or a tail that is not the site's name, stays
    for title in ("Storm-hit ferries stop as port closes", f"{headline_text}|Weather"):
        assert strip_site(title, SITES) == title
    # too little left to be a headline: the title is kept
    assert strip_site("Ferries|The Harbour Post", SITES) == "Ferries|The Harbour Post"


def test_a_date_joined_on_after_the_site_name_goes_with_it() -> None:
    headline_text = "Ferries stop as the port closes"
    assert strip_site(f"{headline_text} | The Harbour Post | 28.04.2023", SITES) == headline_text
    # a site known by a two-letter domain label, matched whole only
    sites = site_keys([], "https://www.hp.example/news/ferries/")
    assert strip_site(f"{headline_text} – HP – 13.06.2023", sites) == headline_text
    assert strip_site("Ferries stop - HPV jabs resume", sites) == "Ferries stop - HPV jabs resume"


def test_soft_hyphens_and_zero_width_characters_leave_the_headline() -> None:
    page = lxml_html.fromstring(
        "<html><body><h1>Ver\u00adfas\u00adsungs\u00adbe\u00adschwerde gegen "
        "Waffen\u200blieferungen eingelegt</h1></body></html>"
    )
    seo = "Verfassungsbeschwerde gegen Waffenlieferungen eingelegt | The Harbour Post"
    assert headline(page, seo, SITES) == "Verfassungsbeschwerde gegen Waffenlieferungen eingelegt"


def test_job_titles_places_and_outlets_are_not_part_of_a_name() -> None:
    # a job title printed after the name, after a comma or not, in English or Korean
    assert clean_authors(["Ann Lee, Political Editor"], SITES) == ["Ann Lee"]
    assert clean_authors(["Ann Lee Senior Correspondent"], SITES) == ["Ann Lee"]
    assert clean_authors(["신현주 기자"], SITES) == ["신현주"]
    assert clean_authors(["Chief Political Correspondent"], SITES) == []
    # a one-word place or outlet after a comma; the outlet after a bar; "for", "in" tails
    assert clean_authors(["Von Seb Dumitru, Lille"], SITES) == ["Seb Dumitru"]
    assert clean_authors(["Ann Lee | The Harbour Post"], SITES) == ["Ann Lee"]
    assert clean_authors(["Ann Lee For Harbourpost.example"], SITES) == ["Ann Lee"]
    assert clean_authors(["Ann Lee in Washington"], SITES) == ["Ann Lee"]
    # what stays whole: a name written surname first, a generational suffix, a surname that
    # is also a word of a job title, a staff credit, "Von" as the first part of a name
    assert clean_authors(["Lee, Ann"], SITES) == ["Lee, Ann"]
    assert clean_authors(["Martin Lee, Jr."], SITES) == ["Martin Lee, Jr."]
    assert clean_authors(["Jane White", "Tom Washington"], SITES) == [
        "Jane White",
        "Tom Washington",
    ]
    assert clean_authors(["Harbour Post staff reporter"], set()) == ["Harbour Post staff reporter"]
    assert clean_authors(["Von Miller"], SITES) == ["Von Miller"]


def test_a_web_desks_job_title_is_no_author() -> None:
    # a site's account shown as a job title of its web desk, alone or after a name
    assert clean_authors(["Online News Editor"], SITES) == []
    assert clean_authors(["Social Media Producer"], SITES) == []
    assert clean_authors(["Ann Lee Web Editor"], SITES) == ["Ann Lee"]


def test_a_name_written_surname_first_in_the_meta_tags_stays_one_person() -> None:
    # trafilatura reads "Castelvecchi, Davide" as two authors, "Castelvecchi" and "Davide"
    head = (
        '<meta name="dc.creator" content="Castelvecchi, Davide">'
        '<meta name="dc.creator" content="Tollefson, Jeff">'
    )
    article = extract(_dated_page(head, ""), URL)
    assert article.authors == ["Davide Castelvecchi", "Jeff Tollefson"]
    article = extract(_dated_page('<meta name="author" content="Brazil, Rachel">', ""), URL)
    assert article.authors == ["Rachel Brazil"]


def test_a_by_line_in_an_element_classed_as_the_byline_names_the_author() -> None:
    # no meta tag, JSON-LD, author link or label names anyone: the "By" line does, without the
    # job on its next line (which trafilatura's own reading of it keeps)
    head = ""
    body = (
        '<div class="bylineItem"><span class="plainByline">By ANN LEE<br>'
        "Harbour Post Maritime Writer</span></div>"
        "<p>The port closed on Tuesday as winds of more than 100 km/h reached the coast, "
        "and ferries stayed in the harbour for the whole day, the harbour master said.</p>"
    )
    assert extract(_dated_page(head, body), URL).authors == ["ANN LEE"]
    # a line that is no "By" line names nobody
    page = lxml_html.fromstring(_dated_page(head, body.replace("By ANN LEE", "Updated Tuesday")))
    assert classed_bylines(page) == []


def test_a_wire_agency_in_the_byline_is_the_wire_agency_not_an_author() -> None:
    head = '<meta name="author" content="Colleen Barry, The Associated Press">'
    article = extract(_dated_page(head, ""), URL)
    assert article.authors == ["Colleen Barry"]
    assert article.wire_agency == "AP"
    article = extract(_dated_page('<meta name="author" content="Reuters">', ""), URL)
    assert (article.authors, article.wire_agency) == ([], "Reuters")


def test_a_byline_run_into_the_outlets_name_is_cut_where_the_name_ends() -> None:
    # "Isabel Keane / Journal News", as one page's CMS printed it
    assert clean_authors(["Robert Brum and Isabel KeaneJournal New"], SITES) == [
        "Robert Brum",
        "Isabel Keane",
    ]
    assert clean_authors(["Jeff VanderMeer", "Ann McDonald"], SITES) == [
        "Jeff VanderMeer",
        "Ann McDonald",
    ]


def test_an_authors_initials_keep_the_dots_the_page_prints() -> None:
    # trafilatura turns a name's dots into spaces: "Hayley J. Fowler" became "Hayley J Fowler"
    head = (
        '<meta name="author" content="Colin Manning">'
        '<meta name="author" content="Hayley J. Fowler">'
        '<meta name="author" content="T.J. Holmes">'
    )
    article = extract(_dated_page(head, ""), URL)
    assert article.authors == ["Colin Manning", "Hayley J. Fowler", "T.J. Holmes"]


def test_a_date_of_embedded_content_or_a_wrapped_json_ld_block_is_read_as_the_page_means() -> None:
    # JSON-LD wrapped in CDATA, as XHTML-era templates write it, is the article's own statement
    # (the meta tag below carries the modified time, as some pages' do)
    own = {"@type": "NewsArticle", "url": URL, "datePublished": "2024-12-06T22:00:40Z"}
    ld = f'<script type="application/ld+json">\n<![CDATA[\n{json.dumps(own)}\n]]>\n</script>'
    stale = '<meta property="article:published_time" content="2024-12-07T12:43:39Z">'
    assert extract(_dated_page(ld + stale, ""), URL).published_at == "2024-12-06"
    # a datePublished in the microdata of an embedded video is the video's, not the article's
    video = (
        "<div itemscope itemtype='https://schema.org/VideoObject'>"
        "<meta itemprop='datePublished' content='2015-03-12T13:11:07Z'></div>"
        "<div itemscope itemtype='https://schema.org/Article'>"
        "<meta itemprop='datePublished' content='2015-03-11T19:46:14Z'></div>"
    )
    assert extract(_dated_page("", video), URL).published_at == "2015-03-11"


def test_the_only_time_element_of_a_page_with_no_other_date_is_the_articles() -> None:
    page = (
        "<html><head><title>Storm closes port</title></head><body><div class='byline'>"
        "<span>Ann Lee</span> <time datetime='2016-11-15T07:00:00Z'>1 day ago</time></div>"
        "<h1>Storm closes port</h1><div class='story'>"
        "<p>The port closed on Tuesday as winds of more than 100 km/h reached the coast, "
        "and ferries stayed in the harbour for the whole day, the harbour master said.</p>"
        "<p>Schools in three towns sent pupils home at noon. Power lines came down on the "
        "coast road, and about 4,000 homes were without electricity by the evening.</p>"
        "</div></body></html>"
    )
    assert extract(page, URL).published_at == "2016-11-15"
    # with two, neither is known to be the article's: no guess from them
    two = page.replace("</h1>", "</h1><time datetime='2019-02-03'>3 Feb 2019</time>")
    assert extract(two, URL).published_at != "2019-02-03"


def test_an_h1_another_statement_confirms_is_the_headline_and_a_breadcrumbs_is_not() -> None:
    meta = '<meta property="og:title" content="A brief history of the harbour">'
    twitter = '<meta name="twitter:title" content="Storm closes port as winds reach the coast">'
    page = (
        "<html><head><title>A brief history of the harbour - The Harbour Post</title>"
        f"{meta}{twitter}</head><body><article>"
        "<h1>Storm closes port as winds reach the coast</h1>"
        "<p>The port closed on Tuesday as winds of more than 100 km/h reached the coast, "
        "and ferries stayed in the harbour for the whole day, the harbour master said.</p>"
        "<p>Schools in three towns sent pupils home at noon. Power lines came down on the "
        "coast road, and about 4,000 homes were without electricity by the evening.</p>"
        "</article></body></html>"
    )
    assert extract(page, URL).title == "Storm closes port as winds reach the coast"
    # the same <h1> as the last item of a breadcrumb trail is not the article's headline
    crumbs = page.replace("<h1>", "<nav class='breadcrumbs'><h1>").replace("</h1>", "</h1></nav>")
    assert extract(crumbs, URL).title == "A brief history of the harbour"
