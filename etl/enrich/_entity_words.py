"""Word lists and constants that the entity rules share.

- the three kinds of entity kept: `PERSON`, `ORG`, `LOCATION`;
- titles before a person's name ("Gov.", "Prime Minister") and role nouns before it
  ("quarterback");
- nouns that make a name an organisation, and last words that settle a name's kind ("Agency",
  "Street");
- small words: particles inside names ("de", "van"), connectors, determiners, prepositions,
  months and days;
- the last words of names that are no entities: legislation, indices, events;
- speech verbs ("said", "told");
- country aliases ("U.S.", "Britain"), AP-style state abbreviations ("Mich.") and continents and
  planets.

A list written for one rule only (product nouns, league names...) stands beside that rule in
its own module.
"""

from __future__ import annotations

import re

from ._gazetteer import state_abbreviations

PERSON, ORG, LOCATION = "person", "org", "location"
TYPES = (PERSON, ORG, LOCATION)


def _word_list(text: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in text.split(sep) if w.strip()]


# Titles before a person's name; the longest match wins, so multi-word titles come first.
TITLES = sorted(
    _word_list(
        """Vice President-elect|President-elect|Vice President|Deputy Prime Minister
        |Prime Minister|Foreign Minister|Finance Minister|Defense Minister|Defence Minister
        |Interior Minister|Foreign Secretary|Home Secretary|Press Secretary|Secretary of State
        |Secretary-General|Secretary General|Attorney General|Chief Justice|Crown Prince
        |House Speaker|Supreme Leader|First Lady|Chief Executive|President|Gov.|Governor|Sen.
        |Sens.|Senator|Rep.|Reps.|Representative|Mr.|Mrs.|Ms.|Dr.|Prof.|Professor|Secretary
        |Chancellor|King|Queen|Prince|Princess|Pope|Sheikh|Emir|Sultan|Gen.|Lt.|Col.|Maj.|Capt.
        |Adm.|Sgt.|Rev.|Colonel|Brigadier General|Major General|Lieutenant General|Admiral
        |Major-Gen.|Major-Gen|Lt-Gen.|Lt-Gen|Brig-Gen.|Brig-Gen
        |Judge|Mayor|Ambassador|Speaker|Chairman|Chairwoman|Chair|Premier|Minister|Sir
        |Dame|Lord|Lady|Coach|Commissioner|Rabbi|Cardinal|Archbishop|Bishop|Superintendent
        |Sheriff|Del.|Undersecretary|Under-Secretary""",
        "|",
    ),
    key=lambda t: -len(t.split()),
)
TITLES_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _title in TITLES:  # longest first, as in TITLES
    _parts = tuple(p.rstrip(".").casefold() for p in _title.split())
    TITLES_BY_FIRST_WORD.setdefault(_parts[0], []).append(_parts)
TITLE_WORDS = {w.rstrip(".").casefold() for t in TITLES for w in t.split()} - {"of"}
# Titles that make a person of a span the model called ORG or GPE. "King County" and "Prince
# Edward Island" are why the others do not.
STRONG_TITLES = set(
    _word_list(
        "president|vice president|prime minister|secretary of state|gov|sen|sens|rep|reps|mr|mrs"
        "|ms|dr|prof|gen",
        "|",
    )
)
# The unnamed voices that 1987 wire copy capitalises after a name ("one U.S. Official told
# Reuters"): no part of the name, and no name themselves
UNNAMED_VOICES = frozenset(
    {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "sources"}
)
# Lower-case role nouns right before a name ("quarterback Mason Rudolph", "executive chair
# Marcelo Claure"): the model often calls such names ORG. Nouns that also go before companies
# ("partner", "owner", "rival", "host") are left out.
ROLES = set(
    """actor actress adviser advisor analyst anchor ambassador attorney author boss candidate
    captain center centre chair chairman chairwoman chef chief co-author co-founder coach colleague
    columnist commentator commissioner correspondent councillor councilman councilwoman
    daughter defender deputy director economist editor executive father founder forward friend
    geologist goalkeeper governor guard husband journalist judge lawyer lawmaker linebacker
    manager mayor member members midfielder minister mother negotiator nominee officer
    physicist pitcher player advocate politician president producer professor prosecutor quarterback
    rapper receiver reporter representative researcher rusher scientist secretary senator
    singer sister son songwriter speaker spokesman spokesperson spokeswoman strategist striker
    student teammate trader wife writer brother widow novelist moderator activist designer
    stylist poet artist photographer filmmaker historian sociologist lecturer engineer""".split()
)
# Lower-case nouns that, right before a name, make it an organisation ("website Full Fact",
# "journal Nature Astronomy", "carrier SunExpress").
ORG_NOUNS = set(
    """agency airline band bank broadcaster brand carrier channel charity club company conglomerate
    firm giant group insurer journal label lender magazine maker manufacturer network newspaper
    outlet paper platform publication publisher retailer startup studio tabloid team website
    automaker""".split()
)
# A last word that makes a name an organisation whatever the model said ("the Asia-Pacific
# Economic Cooperation" comes out as LOC). Not "Union" (Soviet Union) nor "Bank" (West Bank).
ORG_HEADS = set(
    """administration agency airline airlines airways association authority board bureau college
    commission committee company cooperation corp corporation council court department federation
    forum foundation fund group inc institute journal laboratory league ltd ministry organisation
    organization parliament party police school senate service society university hospital
    clinic""".split()
)
# Heads that end a company's name but for a place after "of" ("Dynamics Corp of America"): what
# else follows is what the sentence says of it ("Trans World Airlines Inc for DOT approval").
LEGAL_HEADS = frozenset({"inc", "ltd", "corp"})


def rest_of_name(head: str, rest: str) -> bool:
    """Whether `rest` ("for Palestine Refugees", "of America") goes on a name that ends with the
    head noun `head`."""
    return head.casefold() not in LEGAL_HEADS or rest.split()[0] == "of"


# A last word that makes a name a place.
LOCATION_HEADS = set(
    "arena auditorium avenue boulevard bridge county island islands lake mountains province river "
    "road square stadium street valley mountain park pass bay strait sea ocean gulf district "
    "gardens peninsula desert canyon falls beach coast glacier lakes prison penitentiary jail "
    "statehouse capitol airport drive highway parkway expressway freeway turnpike".split()
)
# Last two words of a prison's name ("Metropolitan Correctional Center"): a place, as prisons are
PRISON_HEADS = {
    (kind, head)
    for kind in ("correctional", "detention", "correction")
    for head in ("center", "centre", "facility", "institution", "complex")
}
# Last words of a facility's name, first words of a place's, that no person's name has
# ("Outlook Cabin", "Dark Sky Preserves"; "Lac Beauvert", "Mount Kenya")
FACILITY_HEADS = set("cabin cabins preserve preserves lounge resort chalet campground".split())
PLACE_FIRST_WORDS = set("lake lac lago mount mt monte fort cape isle".split())
# the last word of a place's or a facility's name ("St Mildred’s Road", "Outlook Cabin")
PLACE_HEADS = LOCATION_HEADS | FACILITY_HEADS
# titles of the peerage and of royalty held "of" a place ("Duke of Sussex"): a person's title,
# no organisation, and the place in it no place the story is about
PEERAGE_TITLES = set(
    "duke duchess earl countess marquess marchioness viscount viscountess baron baroness "
    "prince princess".split()
)
MONTHS_DAYS = set(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# Lower-case particles inside names ("Alex de Minaur") and connectors inside organisation and
# place names ("Rock and Roll Hall of Fame", "Braunau am Inn"). Any other lower-case word inside
# a span means the model ran two names together ("Garrett hit Rudolph").
PARTICLES = set("de da del della der di du la le van von bin ibn al el dos das".split())
CONNECTORS = PARTICLES | set("of and for the on in at am an upon y &".split())
DETERMINERS = set(
    "the a an his her its their our my your this these those some many any every each several "
    "other".split()
)
PREPOSITIONS = set("of for to in on by with from at against about over under after before".split())
# Adjectives that do go before a person's name after a determiner ("the late John McCain").
PERSON_ADJECTIVES = set("former late then young veteran legendary great famous".split())
# Last words of names that are not entities of any kept type: legislation, market indices and
# events ("Davis Cup Finals", "Dubai Air Show", "Six-Day War").
EXCLUDED_HEADS = set(
    """act acts treaty accord accords amendment average index cup final finals show induction
    championship championships tournament games olympics festival awards prix marathon war summit
    expo convention conventions agreement bill statement budget telescope spacecraft
    rover""".split()
)
AWARD_HEADS = set("prize prizes award awards medal trophy".split())  # "Nobel Peace Prize"
NAME_SUFFIXES = set("jr sr ii iii iv".split())  # the last words of a person's name only
ABBREVIATIONS = {"inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "st.", "bros.", "mt.", "ft."}
# Publications keep their "The" ("The New York Times", "The Hill").
PUBLICATION_HEADS = set(
    """times post journal guardian telegraph independent economist atlantic hill herald tribune
    globe chronicle observer register inquirer star sun mirror express mail""".split()
)
COMPANY_SUFFIXES = set(
    "group corp corporation co cos inc ltd llc plc holdings sa ag nv company".split()
)
# Last words of an organisation's name only ("Harbour Lane Records", "Ithaca Holdings", "Muslim
# Brotherhood")
COMPANY_WORDS = set(
    """records productions studios pictures entertainment brotherhood enterprises industries
    ventures partners technologies laboratories labs pharmaceuticals airways""".split()
)
TIME_ZONES = set("GMT UTC EST EDT CST CDT MST MDT PST PDT BST CET CEST ET PT".split())
SPEECH_VERBS = r"said|says|added|told|explained|noted|wrote|argued|recalled|tweeted|insisted"

# Verbs of saying a title-case headline writes after its speaker ("... Says", "... Warns"):
# present-tense cues that are no plural noun too, so not "Reports" ("Consumer Reports") or
# "States", and no name ("Said").
HEADLINE_CUES = frozenset(
    "says tells warns urges admits insists denies vows reveals confirms announces accuses "
    "argues explains adds asks predicts stresses suggests responds replies testifies tweets "
    "acknowledges alleges concedes declares discloses reiterates retorts".split()
)

SPEECH_AFTER = re.compile(rf"\s+(?:{SPEECH_VERBS})\b")
_SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH_VERBS})[ \t]+\Z")


def speaks(body: str, start: int, end: int) -> bool:
    """The name at body[start:end] speaks: a speech verb right after it ("Murphy said") or
    right before it ("said Murphy")."""
    return bool(
        SPEECH_AFTER.match(body, end) or _SPEECH_BEFORE.search(body, max(0, start - 12), start)
    )


COUNTRY_ALIASES = {
    "u.s.": "United States",
    "u.s": "United States",
    "us": "United States",
    "u.s.a.": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",  # only when the model says it is a place
    "u.k.": "United Kingdom",
    "u.k": "United Kingdom",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "uae": "United Arab Emirates",
    "u.a.e.": "United Arab Emirates",
    "drc": "Democratic Republic of the Congo",
    # headlines' short forms of a compass word
    "n. ireland": "Northern Ireland",
    "n. korea": "North Korea",
    "s. korea": "South Korea",
    "s. africa": "South Africa",
}
# Countries' short forms in capitals that name nothing else, swept where the model missed them
# ("Hosts UAE play Kuwait")
COUNTRY_ACRONYMS = frozenset({"UAE", "USA", "DRC"})
# US state abbreviations ("ST. JOSEPH, Mich."), folded, with their states' names
STATE_ABBREVIATIONS = {k.casefold(): v for k, v in state_abbreviations().items()}
