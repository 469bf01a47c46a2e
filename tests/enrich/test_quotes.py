"""The quote stage: each attribution pattern, the traps that must not yield quotes, odd text, the
seed article, and the accuracy measured on the hand-labelled gold set and on PolNeAR in ../shared.

Entity mentions come from the real entity stage (spaCy's small model), loaded once per module,
exactly as the pipeline runs it before the quote stage.
"""

from __future__ import annotations

import json
import random
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl._article import Article, EntityMention, Quote
from etl._settings import Settings
from etl.enrich._entities import EntityStage
from etl.enrich._quotes import QuoteSpan, QuoteStage, extract_quotes

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seeds" / "000_7fc5941f8b79aba8.txt"
BENCHMARK = SHARED / "data" / "article-extraction-benchmark" / "ground-truth.json"
GOLD = SHARED / "data" / "gold" / "handlabelled" / "quotes.jsonl"
POLNEAR = SHARED / "data" / "gold" / "polnear" / "quotes.jsonl"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (expected ../shared next to the project)")
    return path


@pytest.fixture(scope="module")
def entity_stage() -> Iterator[EntityStage]:
    stage = EntityStage(Settings())
    yield stage
    stage.close()


def _with_mentions(stage: EntityStage, bodies: list[str]) -> list[Article]:
    articles = [Article(id=str(i), url=None, body=body) for i, body in enumerate(bodies)]
    done = list(stage.process_batch(articles))
    assert all(isinstance(a, Article) for a in done)
    return articles


def _quotes(stage: EntityStage, body: str) -> list[QuoteSpan]:
    article = _with_mentions(stage, [body])[0]
    return extract_quotes(article.body, article.entity_mentions)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


# --- patterns ------------------------------------------------------------------------------------

# (body, [(speaker, cue, kind, start of text)])
PATTERNS: list[tuple[str, list[tuple[str, str, str, str]]]] = [
    (  # "...," X said.
        "“We will keep fighting for working families,” Elizabeth Warren said on Tuesday.",
        [("Elizabeth Warren", "said", "direct", "We will keep fighting")],
    ),
    (  # "...," said X, appositive.
        '"The deal is good for both countries," said Arturo Sarukhan, a former Mexican '
        "ambassador to the United States.",
        [("Arturo Sarukhan", "said", "direct", "The deal is good")],
    ),
    (  # X said: "..."
        "German Chancellor Angela Merkel said: “Europe must take its fate into its own hands.”",
        [("Angela Merkel", "said", "direct", "Europe must take")],
    ),
    (  # X said "..."
        'Boris Johnson said "we will get Brexit done" before the election.',
        [("Boris Johnson", "said", "direct", "we will get Brexit done")],
    ),
    (  # "...," X said, "..." is one quote, its text as written
        "“We were unlucky,” Rafael Nadal said, “but the team played well and we will be back.”",
        [("Rafael Nadal", "said", "direct", "We were unlucky,” Rafael Nadal said, “but the team")],
    ),
    (  # X said (that) ...: indirect
        "Microsoft chief executive Satya Nadella said that the company would invest $1 billion "
        "in the new data centre.",
        [("Satya Nadella", "said", "indirect", "the company would invest")],
    ),
    (
        "Tim Cook said Apple would open three new stores in India next year.",
        [("Tim Cook", "said", "indirect", "Apple would open")],
    ),
    (  # ..., according to X.
        "The company cut 4,000 jobs last year, according to Bloomberg News.",
        [("Bloomberg News", "according to", "indirect", "The company cut 4,000 jobs")],
    ),
    (  # ..., according to a document of X seen by Y: Y only saw it
        "Allies may be punished, according to a Pentagon memo seen by Reuters.",
        [("Pentagon", "according to", "indirect", "Allies may be punished")],
    ),
    (  # According to X, ...
        "According to Amnesty International, at least 106 protesters have been killed.",
        [("Amnesty International", "According to", "indirect", "at least 106 protesters")],
    ),
    (  # As reported by X, ...: X speaks, as after "according to"
        "As reported by the Irish Examiner, the pair will each serve two more years in prison.",
        [("Irish Examiner", "reported", "indirect", "the pair will each serve")],
    ),
    (  # ..., as first noted by X.
        "The company cut 4,000 jobs last year, as first noted by Bloomberg News.",
        [("Bloomberg News", "noted", "indirect", "The company cut 4,000 jobs")],
    ),
    (  # X are urging ...: a progressive cue is a finite verb, its subject the speaker
        "Police Scotland are holding a press conference and are urging anyone with information "
        "to come forward.",
        [("Police Scotland", "urging", "indirect", "anyone with information")],
    ),
    (  # ... the story X is telling doesn't ...: a relative clause, no cue
        "There is reason to suspect the story the White House is telling doesn't paint the full "
        "picture.",
        [],
    ),
    (  # "an agency spokesman" is no newspaper's, though the newspaper spoke last
        "Drug traffic is worth $53 million a week, according to the Guardian.\nThe official way "
        "that Customs and Border Protection measures seizures is by pounds, an agency spokesman "
        "told us.",
        [
            ("Guardian", "according to", "indirect", "Drug traffic is worth"),
            ("Customs and Border Protection", "told", "indirect", "The official way"),
        ],
    ),
    (  # a passive participle's agent that no "as" opens speaks not
        "The tax cuts announced by Nigel Lawson will take effect in April.",
        [],
    ),
    (  # X told Reuters ...
        "Jerome Powell told Reuters the central bank was in no hurry to raise interest rates.",
        [("Jerome Powell", "told", "indirect", "the central bank was in no hurry")],
    ),
    (  # ..., X told <an audience>: who was told is no reported clause
        "The company will cut 500 jobs this year, chief executive John Smith told a news "
        "conference in Chicago on Monday.",
        [("John Smith", "told", "indirect", "The company will cut 500 jobs")],
    ),
    (  # X told <an audience> ...: what was said comes after it
        "Jane Doe told the annual meeting of shareholders the bank expected growth to slow.",
        [("Jane Doe", "told", "indirect", "the bank expected growth to slow")],
    ),
    (  # ..., X told <a committee's name>
        "Prices will rise, Jane Doe told the House Ways and Means Committee.",
        [("Jane Doe", "told", "indirect", "Prices will rise")],
    ),
    (  # X told <a person> <a clause>: a plural subject is no audience of "him"
        "Jane Doe told him analysts expected a rise in prices.",
        [("Jane Doe", "told", "indirect", "analysts expected a rise")],
    ),
    (  # "The report said": the author the text named with the writing before
        "The Energy Department released a study on oil on Monday. The report said imports will "
        "rise sharply by 1995.",
        [("Energy Department", "said", "indirect", "imports will rise sharply")],
    ),
    (  # ... "by" a name's body
        "A report by Italy's Budget Ministry was published on Friday. The report said the "
        "deficit had narrowed.",
        [("Budget Ministry", "said", "indirect", "the deficit had narrowed")],
    ),
    (  # ... "in" a paper "of" a place: the paper
        "A report in the Argus Leader of Sioux Falls described the campaign. The report says "
        "the state paid the agency $449,000.",
        [("Argus Leader", "says", "indirect", "the state paid the agency")],
    ),
    (  # a name beside the writing that did not write it
        "Analysts at Goldman Sachs criticised the report. The report said imports will rise "
        "sharply by 1995.",
        [],
    ),
    (  # a filing "with" the SEC is the filer's, who spoke in it
        "Shearson Lehman disclosed in an SEC filing that it holds 5 pct of the company. The "
        "firm bought the shares for investment, according to the filing.",
        [("Shearson Lehman", "disclosed", "indirect", "it holds 5 pct")],
    ),
    (  # said in <a writing>, however long, "that": the clause after "that"
        "Carl Icahn said in a filing with the Securities and Exchange Commission that he holds "
        "9.8 pct of the company.",
        [("Carl Icahn", "said", "indirect", "he holds 9.8 pct")],
    ),
    (  # said in <a writing> <a clause>, with no "that"
        "The Reserve Bank of Australia said in a statement it forecasts a net cash withdrawal.",
        [("Reserve Bank of Australia", "said", "indirect", "it forecasts a net cash")],
    ),
    (  # ... but not where no clause follows the writing
        "Sierra Corp agreed in a letter of intent to exchange 80 pct of its stock for Hemdale.",
        [],
    ),
    (  # a seat of government speaks for the office it houses, whatever the model types it
        "Talks between the United States and Japan have failed, two senior White House "
        "officials said.",
        [("White House", "said", "indirect", "Talks between the United States")],
    ),
    (  # a place joined to a word of what it qualifies is no name: "The English-language paper"
        "World Bank President Barber Conable should prod the government towards further change, "
        "the Jakarta Post newspaper said.\nThe English-language paper said the bureaucracy was "
        "not aggressive or imaginative in responding to Indonesia's economic problems, which "
        "include falling oil revenues.",
        [
            ("Jakarta Post", "said", "indirect", "World Bank President Barber Conable"),
            ("Jakarta Post", "said", "indirect", "the bureaucracy was not aggressive"),
        ],
    ),
    (  # "added" before an amount tells how far a price moved
        "ACM and Nuigini Mining gained 60 cents each to 8.10 and 7.90, Devex added 50 to 13.00, "
        "and Whim Creek rose 40 to 6.90.",
        [],
    ),
    (  # ... but not where the amount opens what was said
        "Profits would rise, Anna Berg said. Five new stores would open, she added.",
        [
            ("Anna Berg", "said", "indirect", "Profits would rise"),
            ("Anna Berg", "added", "indirect", "Five new stores would open"),
        ],
    ),
    (  # a common word opening a sentence before a voice qualifies it: nobody named
        "Critics warn of resistance. Industry officials have disputed this, saying the "
        "diseases are rare.",
        [],
    ),
    (  # "the <body> agency": the agency of that body the text named before
        "U.S. oil demand rose 1.9 pct, the Energy Information Administration said. In its "
        "weekly report, the Energy Department agency said distillate demand fell.",
        [
            ("Energy Information Administration", "said", "indirect", "U.S. oil demand rose"),
            ("Energy Information Administration", "said", "indirect", "distillate demand fell"),
        ],
    ),
    (  # a publication's name before the kind it is, found or missed by the entity stage
        "China will resume the talks, the Kyodo news agency reported. Iran has built a new "
        "missile, the Observer newspaper said.",
        [
            ("Kyodo", "reported", "indirect", "China will resume"),
            ("Observer", "said", "indirect", "Iran has built"),
        ],
    ),
    (  # "ministry officials": the one ministry named before, by the head its name opens with
        "The Ministry of International Trade and Industry (MITI) will revise its outlook, "
        "ministry officials said.",
        [
            (
                "Ministry of International Trade and Industry",
                "said",
                "indirect",
                "The Ministry of International Trade",
            )
        ],
    ),
    (  # a person a preposition governs is no subject of an appositive left unclosed
        "Baker cancelled his trip because of the visit by Prime Minister Yasuhiro Nakasone, "
        "a Treasury spokesman said.",
        [("Treasury", "said", "indirect", "Baker cancelled his trip")],
    ),
    (  # ... but a cue after the question, not its own verb, is the speaker's
        "Senator John Smith spoke in Des Moines. When asked if he would run again he said he "
        "would decide next year.",
        [("John Smith", "said", "indirect", "he would decide next year")],
    ),
    (  # a possessive after "of" is inside the phrase: "the chairman" is the one named before
        "Royal Bank of Canada Chairman Allan Taylor said the system was at risk. But the "
        "Chairman of Canada's largest bank stressed that Ottawa should keep its powers.",
        [
            ("Allan Taylor", "said", "indirect", "the system was at risk"),
            ("Allan Taylor", "stressed", "indirect", "Ottawa should keep"),
        ],
    ),
    (  # a state's statistics office, named by what it is
        "Germany's exports fell 2 pct in May, the federal statistics office said on Friday.",
        [("federal statistics office", "said", "indirect", "Germany's exports fell")],
    ),
    (  # sources close to a body know of it without speaking for it, nor do those it polled
        "Exporters will limit sales, sources close to a meeting of the Cocoa Producers "
        "Alliance said. Jobs will go, people familiar with Acme Corp's plans said. Exports "
        "were strong, private economists polled by Reuters said.",
        [],
    ),
    (  # ruling something out reports a position, the negated forms too
        "Chancellor Helmut Kohl refused to rule out a tax increase. Treasury Secretary James "
        "Baker did not rule out further rate cuts. Talk of a U-turn grew, but the finance "
        "ministry immediately ruled out any such move.",
        [
            ("Helmut Kohl", "refused to rule out", "indirect", "a tax increase"),
            ("James Baker", "not rule out", "indirect", "further rate cuts"),
            ("finance ministry", "ruled out", "indirect", "any such move"),
        ],
    ),
    (  # ... but what a question asks about was not said, and "most <plural>" names nobody
        "Asked if the Reagan administration had ruled out a subsidy, Richard Lyng said it had "
        "not. President Reagan and most Congressmen have said a tax would not help.",
        [
            ("Richard Lyng", "said", "indirect", "it had not"),
            ("Reagan", "said", "indirect", "a tax would not help"),
        ],
    ),
    (  # X told Reuters: "..."
        "Jerome Powell told Reuters: “We are in a good place.”",
        [("Jerome Powell", "told", "direct", "We are in a good place.")],
    ),
    (  # X added through an interpreter
        "“He is the first president who has not built walls,” Andrés Manuel López Obrador added "
        "through an interpreter.",
        [("Andrés Manuel López Obrador", "added", "direct", "He is the first president")],
    ),
    (  # a partial quote inside a reported clause is direct, the clause is the text
        "Benjamin Netanyahu said he was “very moved” by the announcement.",
        [("Benjamin Netanyahu", "said", "direct", "he was “very moved”")],
    ),
    (  # the voice of an organisation speaks for it
        "“We received an inquiry and are cooperating,” said a spokesperson for Amnesty "
        "International.",
        [("Amnesty International", "said", "direct", "We received an inquiry")],
    ),
    (  # "the White House said": an organisation
        "“Their meeting builds on 200 years of relations,” the White House said.",
        [("White House", "said", "direct", "Their meeting builds")],
    ),
    (  # "...," explains X: a present-tense cue before its speaker
        "“Sleep could halve the mass of the ship,” explains mission planner Maria Lindqvist.",
        [("Maria Lindqvist", "explains", "direct", "Sleep could halve")],
    ),
    (  # "...," comments X
        "“We redesigned the whole vehicle,” comments Peter Halloran of the design team.",
        [("Peter Halloran", "comments", "direct", "We redesigned the whole")],
    ),
    (  # ..., says the <named organisation>: the name, not a description to resolve
        "Officials from Oxfam visited Lusaka on Monday.\n\nMost patients recover within two "
        "weeks, says the World Health Organization.",
        [("World Health Organization", "says", "indirect", "Most patients recover")],
    ),
    (  # according to a report by X: the outlet speaks, a name the entity stage missed too
        "The mayor resigned on Friday, according to a new report by Prairie Ledger.",
        [("Prairie Ledger", "according to", "indirect", "The mayor resigned")],
    ),
    (  # ... a new study by X
        "Bees fly farther in cities, according to a new study by the University of Michigan.",
        [("University of Michigan", "according to", "indirect", "Bees fly farther")],
    ),
    (  # ... a statement from X's officer Y: the person still speaks
        "The talks went well, according to a statement from Acme Corp press officer Dana Reyes.",
        [("Dana Reyes", "according to", "indirect", "The talks went well")],
    ),
    (  # an opening adverbial phrase, then the subject and its relative clause
        "During the flood inquiry last spring, Dr. Helen Marsh, who was then the county's "
        "chief engineer, argued that the levees had been neglected for years.",
        [("Helen Marsh", "argued", "indirect", "the levees had been neglected")],
    ),
    (  # "a company spokeswoman": the organisation the story is about
        "Norvell Appliances recalled 4,000 heaters on Monday. A company spokeswoman told "
        "reporters the fault affected only older models.",
        [("Norvell Appliances", "told", "indirect", "the fault affected")],
    ),
    (  # "asked for ... to ...": a reported request
        "After the storm, Mayor Lena Ortiz asked for the bridge to be reopened by Friday.",
        [("Lena Ortiz", "asked", "indirect", "for the bridge to be reopened")],
    ),
    ("After the race, Lena Ortiz asked for a glass of water.", []),  # no request reported
    (  # a name inside a prepositional phrase of an unnamed subject does not speak
        "A team led by engineers out of Boeing's Renton Assembly Plant in Seattle, Washington, "
        "has confirmed cracks in the wing of the prototype.",
        [],
    ),
    (  # the speaker's title after the clause's comma, a day after the cue: the clause before
        "Russia fired a hypersonic missile at Kyiv overnight, Ukrainian President Volodymyr "
        "Zelenskyy said Sunday, marking the third time the weapon has been used.",
        [("Volodymyr Zelenskyy", "said", "indirect", "Russia fired a hypersonic missile")],
    ),
    (  # an acronym at the cue is the organisation the text names in full, not "who"
        "The World Health Organization tracks plague cases.\n\n"
        "Untreated pneumonic plague is “always fatal”, says WHO.",
        [("World Health Organization", "says", "direct", "Untreated pneumonic plague")],
    ),
    (  # "rejected ... as “...”" is speech; "…,” and analysts told X" starts another clause
        "The Pentagon rejected these accusations as “patently false,” and independent analysts "
        "told reporters the claims are false.",
        [("Pentagon", "rejected", "direct", "these accusations as “patently false,”")],
    ),
    (  # "it" is a state that opened the sentence before, as a state speaks
        "The African Union sent observers. Norway did not attend the hearings.\n\n"
        "It argued that no obligation exists to fund the agency.",
        [("Norway", "argued", "indirect", "no obligation exists")],
    ),
    (  # "In a speech ..., Zorblatt talks ..., saying": the name after the opening adjunct
        "In a speech before a banking symposium in October, Zorblatt talks about the blame "
        "the banks faced, saying, “I think a lot could have been avoided.”",
        [("Zorblatt", "saying", "direct", "I think a lot could have been avoided.")],
    ),
    (  # "Del." is a title (delegate), not the end of a sentence
        "“This is a waste of time,” said Del. Marta Quinones of Guam.",
        [("Marta Quinones", "said", "direct", "This is a waste of time")],
    ),
    (  # a person's rep speaks for that person
        "Maria Lopez's rep told reporters that the label owes her royalties.",
        [("Maria Lopez", "told", "indirect", "the label owes her royalties")],
    ),
    (  # an organisation named only as another's part: the owner speaks
        "A recent report by the International Energy Agency’s Photovoltaic Power Systems "
        "Program stated the industry had a capacity of around 8.69 GW.",
        [("International Energy Agency", "stated", "indirect", "the industry had a capacity")],
    ),
    (  # ... but places listed together are no "it"
        "Ukraine, Bosnia and Georgia are not members. Article 5 is a core principle.\n\n"
        "It says that an attack against one member is an attack against all.",
        [],
    ),
    (  # "as" opens the attribution clause ...
        'North Korea is "racing towards the nuclear finish line," as Van Jackson puts it.',
        [("Van Jackson", "puts it", "direct", "racing towards")],
    ),
    (  # ... but before a name that says nothing it is a preposition
        "She served as Mary Smith's deputy for a decade before the merger was announced.",
        [],
    ),
    (  # a ticker between the companies and their cue, wire style or with the exchange
        "Barclays Bank Plc <BCS.L> and Midland Bank Plc <MDBL.L> said they are cutting their "
        "base lending rates to 10.5 pct from 11 pct.",
        [
            ("Barclays Bank Plc", "said", "indirect", "they are cutting"),
            ("Midland Bank Plc", "said", "indirect", "they are cutting"),
        ],
    ),
    (
        "Apple Inc (NASDAQ: AAPL) said it would buy back shares worth 90 billion dollars.",
        [("Apple Inc", "said", "indirect", "it would buy back")],
    ),
    (  # "he" is the speaker before, not a name after a preposition and its title
        "In Caracas, President Jaime Lusinchi said Venezuela would loan crude to Ecuador. A "
        "commission headed by Venezuelan Investment Fund Minister Hector Hurtado will travel to "
        "Ecuador on Tuesday to evaluate the relief program, he said.",
        [
            ("Jaime Lusinchi", "said", "indirect", "Venezuela would loan"),
            ("Jaime Lusinchi", "said", "indirect", "A commission headed"),
        ],
    ),
    (  # a cue inside what the last cue reports before it is part of that report ...
        "Ecuador asked for the loan to guarantee domestic supplies and would ship crude back to "
        "Venezuela in May, Jaime Lusinchi said.",
        [("Jaime Lusinchi", "said", "indirect", "Ecuador asked for the loan")],
    ),
    (  # ... but "according to" names the source of a report, not a report of it
        'Border agents "say you have got to pay attention to this," Bob Lee said, according to '
        "the Intelligencer.",
        [
            ("Intelligencer", "according to", "indirect", "Border agents"),
            ("Bob Lee", "said", "direct", "Border agents"),
        ],
    ),
    (  # a stray opening mark does not swallow the quotes after it
        "At the last minute, a sample came in called “Glasgow (“No Place Like Home”). “It "
        "grabbed me by the heart the moment I heard it,” director Tom Harper said.",
        [("Tom Harper", "said", "direct", "It grabbed me")],
    ),
    (  # an aside in brackets, quotes and all, is no part of the opening phrase's end
        'After the firebombing of a party office (Hillary Clinton called it "horrific"), Trump '
        'inflamed tensions by saying, "Animals just firebombed our office."',
        [
            ("Hillary Clinton", "called", "direct", "it"),
            ("Trump", "saying", "direct", "Animals just"),
        ],
    ),
    (  # British style: straight single marks, closed by the quote's own punctuation ...
        "'We will not back down,' the Prime Minister, Keir Starmer, said on Monday.",
        [("Keir Starmer", "said", "direct", "We will not back down")],
    ),
    (  # ... or right before the sentence's
        "Diane Abbott said the plan was 'a disgrace'. 'Nobody was consulted,' she added.",
        [
            ("Diane Abbott", "said", "direct", "the plan was"),
            ("Diane Abbott", "added", "direct", "Nobody was consulted"),
        ],
    ),
    (  # apostrophes open and close nothing
        "The players' union met. He loves rock 'n' roll and the '90s, the coach said.",
        [],
    ),
    (  # news sets many cues before their speaker ...
        '"We don\'t know yet," admitted coach Pep Guardiola after the match.',
        [("Pep Guardiola", "admitted", "direct", "We don't know yet")],
    ),
    (  # ... vows and present tenses among them
        '"We will rebuild," vowed Governor Gavin Newsom. "Not a chance," quips Mayor Ann Lee.',
        [
            ("Gavin Newsom", "vowed", "direct", "We will rebuild"),
            ("Ann Lee", "quips", "direct", "Not a chance"),
        ],
    ),
    (  # ... but a participle before "by" is passive, no cue
        "The new plan, announced by President Moon Jae-in last year, aims for 30 GW of solar.",
        [],
    ),
    (  # a description after an inverted cue that goes on to name its person
        "“It is the most useful guide I have read,” says the former editor of the Standard, "
        "George Osborne.",
        [("George Osborne", "says", "direct", "It is the most useful guide")],
    ),
    (  # a subject and its "by" phrase, with no comma, before the cue
        "In Tokyo, incumbent Governor Shunichi Suzuki backed by the LDP and two centrist parties "
        "has said he cannot support the sales tax as it stands.",
        [("Shunichi Suzuki", "said", "indirect", "he cannot support")],
    ),
    (  # wire copy's brackets around a company's name, and a ticker, between joint subjects
        "Lead underwriters <Donaldson, Lufkin and Jenrette> and Salomon Inc <SB> said an "
        "offering of three mln shares is under way.",
        [
            ("Donaldson, Lufkin and Jenrette", "said", "indirect", "an offering of"),
            ("Salomon Inc", "said", "indirect", "an offering of"),
        ],
    ),
    (  # a cue's base form after a verb of attempt reports what was said, before "that" only
        "Newt Gingrich, a Trump defender, tried to argue Sunday on ABC that the complaint was "
        "not at the poll level. The minister tried to explain the rules to the crowd.",
        [("Newt Gingrich", "tried to argue", "indirect", "the complaint was")],
    ),
    (  # a short form of single letters is the company whose initials they are
        "Standard and Poor's Corp downgraded the debt. S and P said exports had weakened.",
        [("Standard and Poor's Corp", "said", "indirect", "exports had weakened")],
    ),
    (  # a spokesperson named in apposition speaks, also after a rank
        "A Pentagon spokesman, Maj. Pete Nguyen, said the strike killed two militants.",
        [("Pete Nguyen", "said", "indirect", "the strike killed")],
    ),
    (  # a paragraph may open with initials: no sentence ends there
        "Banks in Hong Kong are likely to raise prime rates, dealers said.\nK.S. Lim, chief "
        "dealer of the Standard Chartered Bank, said prime rate increases by Citibank and Chase "
        "Manhattan Bank to 7-3/4 pct from 7-1/2 may prompt local banks to follow.",
        [("K.S. Lim", "said", "indirect", "prime rate increases")],
    ),
    (  # a cue that needs "that" also reports a clause that opens with a noun and a verb
        "Russia's Defense Ministry confirmed the strike. The ministry added the attack was "
        "retaliation for attacks on “civilian facilities,” without giving detail.",
        [("Defense Ministry", "added", "direct", "the attack was retaliation")],
    ),
    (  # wire copy's appositive without its closing comma: the person, not the company
        '"There is no grain of truth to it," Sherman Chao, analyst with Salomon Inc said.',
        [("Sherman Chao", "said", "direct", "There is no grain of truth")],
    ),
    (  # a place that qualifies a title is not the subject ("..., but said he ...")
        "QUEBEC, April 8 - Quebec mines minister Raymond Savoie said the province is prepared to "
        "offer money, but said he could not give a specific figure until estimates are done.",
        [
            ("Raymond Savoie", "said", "indirect", "the province is prepared"),
            ("Raymond Savoie", "said", "indirect", "he could not give"),
        ],
    ),
    (  # a place that qualifies anonymous sources speaks no more than they do
        "Little of the crop has been planted so far this year, according to Texas agricultural "
        "sources and cotton market analysts.",
        [],
    ),
    (  # a role word capitalised after "U.S." (as 1987 wire copy writes it) is no name, and a
        # colon after an unnamed speaker's cue makes no name of a nationality
        '"We have reached reasonably good cooperation on terrorism," one British Official told '
        'Reuters.\nA French official added: "There is also a common interest in trade."',
        [],
    ),
    (  # a role noun and what it works for, before the name, belong to the attribution
        "Norsk Hydro has also applied for a share in a single exploration license, company "
        "spokesman Bjoern Tretvoll said.",
        [("Bjoern Tretvoll", "said", "indirect", "Norsk Hydro has also applied")],
    ),
    (  # an expressed concern reports what follows "that", or what it is about
        "Senator Jane Doe expressed concern that the takeover would hurt competition in the "
        "market.\nJane Doe expressed concern about the takeover and its effects on the market.",
        [
            ("Jane Doe", "expressed concern", "indirect", "the takeover would hurt competition"),
            ("Jane Doe", "expressed concern", "indirect", "about the takeover and its effects"),
        ],
    ),
    (  # the person quoted, not the place named after them
        "The New York Times quoted Senator Don Nickles of Oklahoma as saying the study "
        "underestimated demand.",
        [("Don Nickles", "quoted as saying", "indirect", "the study underestimated demand")],
    ),
    (  # a hyphened modifier is part of the attribution, not of the reported clause
        "Saudi Arabia has lifted the condition it imposed and will accept Banco do Brasil's "
        "credit guarantees, state-oil company Petrobras said in a statement.",
        [("Petrobras", "said", "indirect", "Saudi Arabia has lifted the condition")],
    ),
    (  # ... and so does an expressed scepticism
        "CFM International had openly expressed scepticism that the engine will be ready.",
        [("CFM International", "expressed scepticism", "indirect", "the engine will be ready")],
    ),
    (  # "the union": a body whose name joins a guild's and a federation's with a hyphen
        "The board of the Screen Actors Guild-American Federation of Television and Radio "
        'Artists approved the deal. "We have arrived at a contract that will enable our members '
        'to build careers," the union said in a statement.',
        [
            (
                "Screen Actors Guild-American Federation of Television and Radio Artists",
                "said",
                "direct",
                "We have arrived at a contract",
            ),
        ],
    ),
    (  # "the zoo", "zoo officials": the zoo the story named, as "the ministry" is the ministry
        "The Oakland Zoo’s gray wolf was euthanized on Wednesday, the zoo announced. "
        "She came to Oakland Zoo in 2017 from a center in Montana, zoo officials said.",
        [
            ("Oakland Zoo", "announced", "indirect", "The Oakland Zoo’s gray wolf"),
            ("Oakland Zoo", "said", "indirect", "She came to Oakland Zoo"),
        ],
    ),
    (  # "the ministry" is no state body's description: it is the ministry the story named
        "A Ministry of Finance spokesman said officials had begun barring the shoes. "
        '"We cannot say how many pairs have been turned away," the ministry spokesman said.',
        [
            ("Ministry of Finance", "said", "indirect", "officials had begun barring"),
            ("Ministry of Finance", "said", "direct", "We cannot say how many pairs"),
        ],
    ),
    (  # a named body's source speaks for it, as its spokesman does
        "The Bank of Japan will keep its discount rate steady this month, a Bank of Japan "
        "source said.",
        [("Bank of Japan", "said", "indirect", "The Bank of Japan will keep")],
    ),
    (  # a filing's disclosure reports what its filer stated
        "Harbour Capital Inc disclosed in a filing that it holds a 5.35 pct interest in the "
        "railway company.",
        [("Harbour Capital Inc", "disclosed", "indirect", "it holds a 5.35 pct interest")],
    ),
    (  # "said to have" describes; it reports nothing
        "The plan was drawn up by two former Central Bank officials said to have played "
        "leading roles in the last one.",
        [],
    ),
    (  # "that" after a subject of the reported clause is part of it
        "Acme Corp said it may waive the condition that at least five mln shares be tendered.",
        [("Acme Corp", "said", "indirect", "it may waive the condition that")],
    ),
    (  # ... and a longer one, with capitalised words, that opens with a role
        "The new regime is too complicated, Abele Kuypers, secretary of the dairy section of "
        "the Dutch farmers' organisation Landbouwschap said.",
        [("Abele Kuypers", "said", "indirect", "The new regime is too complicated")],
    ),
    (  # "he told me" set inside the clause it reports: both sides are what was said
        "Tanner Fischer leads Local 90. The union leadership, he told me, is working through a "
        "backlog of grievances.",
        [("Tanner Fischer", "told", "indirect", "The union leadership ... is working")],
    ),
    (  # "about how" after the cue goes on with what was said
        "Tanner Fischer leads Local 90. He has been thinking a lot, he said, about how “servers "
        "are a marginalized group of workers.”",
        [("Tanner Fischer", "said", "direct", "He has been thinking a lot ... about how")],
    ),
    (  # a colon after a named subject, past an opening adjunct and a cue word used as a noun
        "On a January 31 UPS earnings call, Amit Mehrotra, an analyst for Deutsche Bank, "
        "was blunt about the press: “It seems like every day there is a new article.”",
        [("Amit Mehrotra", ":", "direct", "It seems like every day")],
    ),
    (  # a cue that only introduces a quote
        "“She was furious,” Jody Gelner remembered with a laugh.",
        [("Jody Gelner", "remembered", "direct", "She was furious")],
    ),
    (  # a quote signed after a dash, with a title before the name
        "The crusade drew 134,254 people. ‘My sermons were simple but so was Christ.’ —Rev. "
        "Billy Graham",
        [("Billy Graham", "—", "direct", "My sermons were simple")],
    ),
    (  # a wire dateline is no part of the clause reported before the cue
        "WASHINGTON, March 26 - Corn sales in the week were the highest since 1979, the "
        "Agriculture Department said.",
        [("Agriculture Department", "said", "indirect", "Corn sales in the week")],
    ),
    (  # a short form defined after the name, between the name and its cue
        "Markets will adopt a new presentation, a spokeswoman for the London Commodity Exchange "
        "(LCE) said.",
        [("London Commodity Exchange", "said", "indirect", "Markets will adopt")],
    ),
    (  # people an appositive names after a plural description; "including" names no speaker
        "The senators, Susan Collins of Maine and Lisa Murkowski of Alaska, said they would "
        "oppose the nominee. The players, including Harry Kane, said the pitch was poor.",
        [
            ("Susan Collins", "said", "indirect", "they would oppose"),
            ("Lisa Murkowski", "said", "indirect", "they would oppose"),
        ],
    ),
    (  # a writing whose appositive names its author speaks for the author
        "The report, published by the World Bank on Tuesday, said growth would slow to 2.4%.",
        [("World Bank", "said", "indirect", "growth would slow")],
    ),
    (  # a company's communications office speaks for it
        "UPS corporate communications said of the incident, “We respect our employees’ rights.”",
        [("UPS", "said", "direct", "We respect our employees")],
    ),
    (  # a place after a preposition that never opens a clause is no subject
        "Beyond Des Moines, the new leadership of the union came to power in March with the "
        "backing of reformers, and has repeatedly declared, “We are not afraid” to strike.",
        [],
    ),
    (  # two roles of one person joined by "and", and a long title before the name
        "No firm contracts have yet been finalised under new laws enabling joint ventures, First "
        "Deputy Prime Minister and Chairman of the State Agro-Industrial Committee (GOSAGROPROM) "
        "Vsevolod Murakhovsky told journalists here on Wednesday.",
        [("Vsevolod Murakhovsky", "told", "indirect", "No firm contracts have yet")],
    ),
    (  # a participle after a writing and when it was sent
        "Acme Corp issued a statement late Monday saying it would appeal the ruling.",
        [("Acme Corp", "saying", "indirect", "it would appeal")],
    ),
    (
        "The Green Party sent an email on Friday morning saying that the vote had been rigged.",
        [("Green Party", "saying", "indirect", "the vote had been rigged")],
    ),
    (
        "In 1980 the International Maritime Committee issued a report saying more ferries were "
        "lost in accidents than other ships.",
        [("International Maritime Committee", "saying", "indirect", "more ferries were lost")],
    ),
    (  # "charged that" reports an accusation; "on charges that" is a noun
        "The Center for Auto Safety, a private watchdog group, sought a recall of 50,000 "
        "schoolbuses, charging that a defect causes the buses to split open in a crash. Its "
        "director was arrested on charges that he lied.",
        [("Center for Auto Safety", "charging that", "indirect", "a defect causes the buses")],
    ),
    (  # a dateline is no part of a subject described before its name and a relative clause
        "HELSINKI, March 11 - Finland's mining and metals group Outokumpu Oy, which last week "
        "reported a loss, said it restructured its copper processing division.",
        [("Outokumpu Oy", "said", "indirect", "it restructured its copper")],
    ),
    (  # a known company, a body's name or a unit set after its owner's speaks for itself
        "Alphabet's Google said it would appeal the fine.",
        [("Google", "said", "indirect", "it would appeal the fine")],
    ),
    (
        "Pan Am Corp's Pan American World Airways said its load factor rose last month.",
        [("Pan American World Airways", "said", "indirect", "its load factor rose")],
    ),
    (
        "Salomon Inc's Salomon Brothers unit said it was subpoenaed for records.",
        [("Salomon Brothers", "said", "indirect", "it was subpoenaed")],
    ),
    (  # a communique is a writing that speaks for the body named with it
        "Febres Cordero, quoted in an Information Ministry communique, said the country would "
        "suspend payments.\nThe information ministry communique said he spoke to reporters.",
        [
            ("Febres Cordero", "said", "indirect", "the country would suspend"),
            ("Information Ministry", "said", "indirect", "he spoke to reporters"),
        ],
    ),
    (  # a broker, dealer or trader at a firm is its voice
        '"This is just a short-term correction," said a broker at Nomura Securities Co Ltd.',
        [("Nomura Securities Co Ltd", "said", "direct", "This is just a short-term")],
    ),
    (  # "the airline spokesman" is the one "an airline spokesman" named before
        "Japan Air Lines ordered checks on its fleet of Boeing Co jumbo jets, an airline "
        "spokesman said.\nThe part was sent to Boeing. A Boeing spokesman was not available "
        "for comment.\nNo similar defect was found, the airline spokesman said.",
        [
            ("Japan Air Lines", "said", "indirect", "Japan Air Lines ordered"),
            ("Japan Air Lines", "said", "indirect", "No similar defect"),
        ],
    ),
    (  # two people joined by "and", the second after a title of their own
        "Prices will rise, Treasury Secretary James Baker and Finance Minister Kiichi Miyazawa "
        "said.",
        [
            ("James Baker", "said", "indirect", "Prices will rise"),
            ("Kiichi Miyazawa", "said", "indirect", "Prices will rise"),
        ],
    ),
    (
        "CME chairman John Sandner and Executive committee chairman Leo Melamed urged members "
        "to reject the referendum.",
        [
            ("John Sandner", "urged", "indirect", "members to reject"),
            ("Leo Melamed", "urged", "indirect", "members to reject"),
        ],
    ),
    (  # ... but a body is not joined to a person by the person's title
        "Microsoft and chairman Bill Gates said prices will rise.",
        [("Bill Gates", "said", "indirect", "prices will rise")],
    ),
    (  # a country with "the" after an opening phrase is the subject
        "For its part, the Soviet Union has said its diplomatic missions are watched.",
        [("Soviet Union", "said", "indirect", "its diplomatic missions")],
    ),
    (  # a company's unit before an appositive that wire copy leaves unclosed
        "NEC Electronics Inc, a unit of NEC Corp <NIPNY> said a judge denied its motion.",
        [("NEC Electronics Inc", "said", "indirect", "a judge denied its motion")],
    ),
    (  # "the paper" is the paper that spoke, not the company the sentence is about
        "People in China can open accounts at the Bank of China, the official Shenzhen Economic "
        "Zone Daily said.\nThe paper said deposits may be opened in francs.\nBank of China "
        "branches in Hainan accept deposits in dollars, the paper said.",
        [
            ("Shenzhen Economic Zone Daily", "said", "indirect", "People in China"),
            ("Shenzhen Economic Zone Daily", "said", "indirect", "deposits may be opened"),
            ("Shenzhen Economic Zone Daily", "said", "indirect", "Bank of China branches"),
        ],
    ),
    (  # "the union" is the union named before, whose name need not hold the word
        "American Airlines is in a dispute with the Association of Professional Flight "
        "Attendants.\nThe union says it was trying to win public support.",
        [
            (
                "Association of Professional Flight Attendants",
                "says",
                "indirect",
                "it was trying to win public support",
            )
        ],
    ),
    (  # a name joined to one after a preposition is no subject for "it" to refer to
        "Deere Corp said it and GM began studying a venture in 1985. They signed a memorandum "
        "to combine the engine operations of Deere and Detroit Diesel Allison in July 1986.\n"
        "It said there were more effective means to serve their customers.",
        [
            ("Deere Corp", "said", "indirect", "it and GM began studying a venture"),
            ("Deere Corp", "said", "indirect", "there were more effective means"),
        ],
    ),
    (  # a body in what another said has not spoken: "the company" is the one that did
        "Gynex Inc said Monsanto Co has recalled two contraceptives.\nThe company said "
        "Watson Laboratories has suspended production.",
        [
            ("Gynex Inc", "said", "indirect", "Monsanto Co has recalled two contraceptives"),
            ("Gynex Inc", "said", "indirect", "Watson Laboratories has suspended production"),
        ],
    ),
    (  # "the association" is the association named before
        "A chip consortium was announced by the Semiconductor Industry Association.\nThe "
        "initiative will be funded by U.S. manufacturers, the association said.",
        [
            (
                "Semiconductor Industry Association",
                "said",
                "indirect",
                "The initiative will be funded by U.S. manufacturers",
            )
        ],
    ),
    (  # "the exchange" is the exchange that spoke, not a name the sentence holds
        "Volume at the Chicago Board of Trade fell 14 pct, the exchange said.\nTrading in "
        "Treasury bond futures fell too, the exchange said.",
        [
            ("Chicago Board of Trade", "said", "indirect", "Volume at the Chicago Board"),
            ("Chicago Board of Trade", "said", "indirect", "Trading in Treasury bond futures"),
        ],
    ),
    (  # a reflexive between the subject and its cue
        "Security Pacific Corp itself said it would set up a reserve for Third World loans.",
        [("Security Pacific Corp", "said", "indirect", "it would set up a reserve")],
    ),
    (  # a body's qualifier starts past the end of the sentence before it
        "The ship went through the disputed Northwest Passage. The U.S. government did not seek "
        "permission for the journey.\nThe government said the passage was international.",
        [("U.S. government", "said", "indirect", "the passage was international")],
    ),
    (  # a trade's sources are anonymous, not the bank the story named before
        "The closure of Banco do Brasil SA closed 3,000 branches, a union spokesman said.\n"
        "Bank industry sources say the closure will force private banks to shut.",
        [],
    ),
    (  # a vague voice's noun capitalised after "U.S." is still vague, named in the next sentence
        "TOKYO, April 8 - A top U.S. Official said Japan has little chance of avoiding sanctions."
        "\nMichael Armacost, Under Secretary of State, said the U.S. hopes Japan will act.",
        [
            ("Michael Armacost", "said", "indirect", "Japan has little chance"),
            ("Michael Armacost", "said", "indirect", "the U.S. hopes Japan will act"),
        ],
    ),
    (  # a body named in apposition after an indefinite description, past a dateline
        "TOKYO, March 26 - One of Ford Motor Co's Japanese distributors, Autorama Inc, said it "
        "was considering importing the cars.",
        [("Autorama Inc", "said", "indirect", "it was considering importing the cars")],
    ),
    (  # a body named between a country and a voice, which the text names alone elsewhere
        "A visiting U.S. Mint official told reporters that gold coins took the largest share of "
        "the market.\nSales began in October, the Mint said.",
        [
            ("U.S. Mint", "told", "indirect", "gold coins took the largest share"),
            ("Mint", "said", "indirect", "Sales began in October"),
        ],
    ),
    (  # ... but wire copy's capital after "U.S." makes no body: the state speaks
        "U.S. Trade officials said the Agreement on Trade in Civil Aircraft was broken.",
        [("United States", "said", "indirect", "the Agreement on Trade")],
    ),
    (  # a cue that the one before reports has its subject past that one, not the first subject
        # (one quote of the reported words: the outer cue's)
        "Board of Foreign Trade director Vincent Siew told reporters on Saturday U.S. officials "
        "told him last week that Taiwan would face retaliation.",
        [("Vincent Siew", "told", "indirect", "Taiwan would face retaliation")],
    ),
    (  # a verb after a name's closing comma is no appositive: "the company" is no person
        "A Purolator Courier Corp director resigned from the board, saying he plans to find a "
        "better offer, the company said.\nGardner said shareholders could get a better deal.\n"
        "On March 4, another shareholder, Rodney Shields, filed a suit on behalf of the "
        "company's shareholders.",
        [
            ("Purolator Courier Corp", "said", "indirect", "A Purolator Courier Corp director"),
            ("Gardner", "said", "indirect", "shareholders could get a better deal"),
        ],
    ),
    (  # "by ...ing" tells what the subject of its own clause did, not the sentence's
        "Bond prices had been making a smart recovery when Citibank surprised the market by "
        "announcing a quarter-point increase in its prime rate.",
        [("Citibank", "announcing", "indirect", "a quarter-point increase in its prime rate")],
    ),
    (  # a name after a quantity is a modifier, no subject for a later "It"
        "Qintex Ltd said it had extended its tender offer.\nIt has received 3,300,000 "
        "Princeville Development Corp shares so far. It said the offer ends in April.",
        [
            ("Qintex Ltd", "said", "indirect", "it had extended its tender offer"),
            ("Qintex Ltd", "said", "indirect", "the offer ends in April"),
        ],
    ),
    (  # wire copy's angled name, then where the body is: the body
        "NEW YORK, March 24 - <Qintex Ltd> of Brisbane said Westpac Banking Corp has issued a "
        "commitment letter.",
        [("Qintex Ltd", "said", "indirect", "Westpac Banking Corp has issued")],
    ),
    (  # a state's body starts at a word's start ("he ministry" is no body in "The ministry")
        "The ministry plans to build 100 fighters.\nA defence ministry spokesman said the timing "
        "had nothing to do with trade friction.",
        [("defence ministry", "said", "indirect", "the timing had nothing to do")],
    ),
    (  # a stray comma between a subject with no appositive and "said": the name ending it
        "Royal Dutch/Shell Group unit <Shell Australia Ltd>, said its net profit fell.\n"
        "Dome has pledged its shares as security for its debt to <Canadian Imperial Bank of "
        "Commerce>, estimated last year at 947 mln dlrs.",
        [
            ("Shell Australia Ltd", "said", "indirect", "its net profit fell"),
            ("Dome", "pledged", "indirect", "its shares as security"),
        ],
    ),
    (  # a wire bracket closing a name before its appositive's comma is no part of it
        "The report said <Thai Shell Exploration and Production Co Ltd>, a unit of the "
        "<Royal Dutch/Shell Group> announced a 30 pct cut in exploration spending.",
        [
            ("Thai Shell Exploration and Production Co Ltd", "announced", "indirect", "a 30 pct"),
        ],
    ),
    (  # the subject of "..., saying" a state's body described by its adjective: that body
        "The Greek government later withdrew the request, saying the reasons were no longer valid.",
        [("Greek government", "saying", "indirect", "the reasons were no longer valid")],
    ),
    (  # a person in apposition after a role noun in lower case: the person
        "Taft Broadcasting Co said it would negotiate. Another major Taft shareholder, "
        "Cincinnati, Ohio, financier Carl Lindner, has also said he has had talks.",
        [
            ("Taft Broadcasting Co", "said", "indirect", "it would negotiate"),
            ("Carl Lindner", "said", "indirect", "he has had talks"),
        ],
    ),
    (  # "the X group", X a name of the story: that group, not the company named last
        "A group led by members of the wealthy Bass family of Fort Worth, Texas, which holds a "
        "stake in Taft Broadcasting Co, said it has had talks.\nThe Bass group, which did not "
        "identify the other people, said it plans to continue evaluating Taft.",
        [("Bass group", "said", "indirect", "it plans to continue evaluating Taft")],
    ),
    (  # "advised that" reports; "advised the board" (an adviser's work) does not
        "Borg-Warner Corp, which owns 65 pct of the shares, advised a month ago that it would "
        "not accept the offer.\nGoldman Sachs and Co, BP's investment advisor, advised the "
        "Shell Oil board in 1984 and 1985.",
        [("Borg-Warner Corp", "advised", "indirect", "it would not accept the offer")],
    ),
    (  # a firm is no public body: "the firm" is the company, not the commission
        "Dean Witter Reynolds Inc agreed to a censure, the Securities and Exchange Commission "
        "said.\nAfter examining its branch offices, the SEC said it found that the firm "
        "reported 1.9 mln dlrs in cash deposits.",
        [
            ("Securities and Exchange Commission", "said", "indirect", "Dean Witter Reynolds"),
            ("Securities and Exchange Commission", "said", "indirect", "it found that the firm"),
            ("Dean Witter Reynolds Inc", "reported", "indirect", "1.9 mln dlrs in cash"),
        ],
    ),
    (  # a group that spoke unnamed is no company named later, when "the group" speaks again
        "A group led by members of the wealthy Bass family of Fort Worth, Texas, which holds a "
        "stake in Taft Broadcasting Co, said it has had talks.\nIn a filing with the Securities "
        "and Exchange Commission, the group said it has had discussions with stockholders.",
        [],
    ),
    (  # "the (two) companies": the organisations last named together, as many as it says
        "Siemens AG and NV Philips, together with two governments, have invested in the chip. "
        "Representatives of the two companies said the chip is cheap.\nAcme Corp, Beta Inc and "
        "Gamma Ltd signed. The two companies said the deal is worth 10 mln dlrs.",
        [
            ("Siemens AG", "said", "indirect", "the chip is cheap"),
            ("NV Philips", "said", "indirect", "the chip is cheap"),
        ],
    ),
    (  # a title a preposition names is part of the subject, with its comma inside or out
        'Casey-Werner Co, producer of "The Cosby Show," said it filed suit against Viacom '
        'International Inc.\nThe Carsey Co, producer of "Roseanne", said it would appeal.',
        [
            ("Casey-Werner Co", "said", "indirect", "it filed suit against Viacom"),
            ("Carsey Co", "said", "indirect", "it would appeal"),
        ],
    ),
    (  # a body and the part of it its appositive names speak together
        "NEW YORK, March 30 - Fidata Corp <FID> and its subsidiary, Fidata Trust Company New "
        "York <FTCNY>, announced that they have reached a preliminary settlement.",
        [
            ("Fidata Corp", "announced", "indirect", "they have reached"),
            ("Fidata Trust Company New York", "announced", "indirect", "they have reached"),
        ],
    ),
    (  # the object of a participle in a described subject does not speak for it
        "NEW YORK, March 24 - The investor group seeking to acquire GenCorp Inc said it agreed "
        "to cancel a court hearing.\nThe rising star Beth Smith said she would sue.",
        [("Beth Smith", "said", "indirect", "she would sue")],
    ),
    (  # a short name that opens two companies' names: the one that has spoken
        "VENTURA, Calif., April 7 - Chevron Corp's Chevron U.S.A. Inc said it has begun the "
        "installation of an oil drilling platform.\nChevron said a platform jacket was launched "
        "from a barge Sunday.",
        [
            ("Chevron U.S.A. Inc", "said", "indirect", "it has begun the installation"),
            ("Chevron U.S.A. Inc", "said", "indirect", "a platform jacket was launched"),
        ],
    ),
    (  # joint attribution: one entry per speaker
        "Egypt and Jordan criticised the decision as a threat to peace.",
        [
            ("Egypt", "criticised", "indirect", "the decision as a threat"),
            ("Jordan", "criticised", "indirect", "the decision as a threat"),
        ],
    ),
    (  # a headline's participle: its subject was spoken about; the active verb still reports
        "Humza Yousaf accused of lying to the Scottish Parliament\nResidents urged to stay "
        "indoors as the storm hits.\nDouglas Ross accused the First Minister of misleading MSPs.",
        [("Douglas Ross", "accused", "indirect", "the First Minister of misleading")],
    ),
    (  # a cue set off by commas after the sentence's first words: they open what it reports
        "Natalya Lawrence works on the island.\nIt’s easy, she says, for people to marvel at "
        "how beautiful an island is.",
        [("Natalya Lawrence", "says", "indirect", "It’s easy ... for people to marvel")],
    ),
    (  # a word of the language before a plural of people is a kind of people, not a name
        "The government set out new rules overnight.\nRestaurant owners in Milan protested on "
        "Saturday, saying the rules remain unclear.",
        [],
    ),
    (  # ... but a surname that is a word, before a verb in -s, still speaks
        "The coach met the press.\nBrown leads the team on Saturday, saying the rules remain "
        "unclear.",
        [("Brown", "saying", "indirect", "the rules remain unclear")],
    ),
]


@pytest.mark.parametrize(("body", "expected"), PATTERNS, ids=[p[0][:40] for p in PATTERNS])
def test_patterns(entity_stage: EntityStage, body: str, expected: list[tuple[str, ...]]) -> None:
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue, q.kind) for q in found] == [e[:3] for e in expected]
    for quote, (*_, text) in zip(found, expected, strict=True):
        assert quote.text.startswith(text), quote.text
        assert body[quote.start : quote.end].startswith(text.split()[0])


def test_quote_paragraphs_take_the_speaker_named_before(entity_stage: EntityStage) -> None:
    body = (
        "Saeb Erekat said the Palestinians would take a series of measures.\n\n"
        "“They wanted us on our knees. We stand tall and we will stand tall.”\n\n"
        "The European Union said it still considers the settlements illegal."
    )
    found = _quotes(entity_stage, body)
    # The reported clause and the quote paragraph after it are one quote of the one cue.
    assert [(q.speaker, q.kind) for q in found] == [
        ("Saeb Erekat", "direct"),
        ("European Union", "indirect"),
    ]
    assert found[0].text.startswith("the Palestinians would take a series of measures")
    assert found[0].text.endswith("we will stand tall.")


def test_multi_paragraph_quote_takes_the_speaker_named_after(entity_stage: EntityStage) -> None:
    # Each paragraph of a long quote opens with a mark; only the last one closes.
    body = (
        "The minister opened the session.\n\n"
        "“We are not going to accept this. The proposal is unfair to our farmers.\n\n"
        "“We will fight it in every court,” said Julia Klöckner, the agriculture minister."
    )
    found = _quotes(entity_stage, body)
    # One cue, one quote: both paragraphs, as written.
    assert [(q.speaker, q.kind) for q in found] == [("Julia Klöckner", "direct")]
    assert found[0].text.startswith("We are not going to accept this")
    assert found[0].text.endswith("We will fight it in every court")


def test_a_named_subject_introduces_a_quote_with_a_colon(entity_stage: EntityStage) -> None:
    # No reporting verb: the colon after a sentence whose subject is named introduces the quote,
    # in the same sentence or as the next paragraph; a relative clause's colon does not.
    body = (
        "Donald Trump swiped at Paul Ryan in a series of tweets: “Paul Ryan does zilch!”\n\n"
        "Angela Merkel ended her speech with a warning:\n\n"
        "“Europe must be able to defend itself.”\n\n"
        "Visitors can read the website, which carries the following notice:\n\n"
        "“The museum is closed on Mondays.”"
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.kind, q.text) for q in found] == [
        ("Donald Trump", "direct", "Paul Ryan does zilch!"),
        ("Angela Merkel", "direct", "Europe must be able to defend itself."),
    ]


def test_a_body_named_in_full_speaks_for_its_office_and_its_members(
    entity_stage: EntityStage,
) -> None:
    # A body named in full at a cue speaks as written; "the attorney's office" and "prosecutors"
    # later are that body.
    body = (
        "Mark Doyle pleaded guilty to fraud, the U.S. Attorney’s Office for the Southern "
        "District of Texas said in a statement.\n\n"
        "Doyle kept two sets of books, the attorney’s office said.\n\n"
        "He faces up to 20 years in prison, prosecutors said."
    )
    found = _quotes(entity_stage, body)
    office = "U.S. Attorney’s Office for the Southern District of Texas"
    assert [(q.speaker, q.kind) for q in found] == [(office, "indirect")] * 3
    assert found[2].text.startswith("He faces up to 20 years in prison")


def test_the_title_holder_the_story_is_about_is_the_description(entity_stage: EntityStage) -> None:
    # "Gov." is a governor; of two governors, "the governor" is the one the story names most.
    body = (
        "Teachers rallied on Tuesday to press Gov. Laura Whitfield for higher pay.\n\n"
        "Whitfield was travelling. Unions compared her to Ohio Gov. Daniel Marsh, who lost "
        "his reelection bid this month.\n\n"
        "Whitfield met union leaders last week.\n\n"
        "The governor said she was waiting for a pay commission to report."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.kind) for q in found] == [("Laura Whitfield", "indirect")]
    assert found[0].text.startswith("she was waiting for a pay commission")


def test_quote_running_on_after_its_attribution_is_one_quote(entity_stage: EntityStage) -> None:
    # The sentences and paragraphs a quote runs on into after "..., X said." belong to that
    # one attribution: one quote, not one per sentence.
    body = (
        "“It was a difficult situation for us,” Feliciano Lopez said. “We needed this win.”\n\n"
        "“Now we are in a good position to advance.”\n\n"
        "The team plays again on Thursday."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue, q.kind) for q in found] == [("Feliciano Lopez", "said", "direct")]
    assert found[0].text.startswith("It was a difficult situation for us")
    assert found[0].text.endswith("Now we are in a good position to advance.")
    assert "Thursday" not in found[0].text


def test_quote_before_its_attribution_sentence(entity_stage: EntityStage) -> None:
    body = "“Can I give it to James?” Ally Brooke asked the judges."
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue, q.text) for q in found] == [
        ("Ally Brooke", "asked", "Can I give it to James?")
    ]


def test_embedded_post_quotes_the_author_of_its_signature(entity_stage: EntityStage) -> None:
    body = (
        "The new road signs drew mockery online.\n\n"
        "Who approved this? The state paid $400,000 for it https://t.co/abc123\n\n"
        "— Harriet Okafor 🌻 (@hokafor) March 3, 2021\n\n"
        "this is fine pic.twitter.com/xyz\n\n"
        "— (@roadsign_fan99) March 3, 2021\n\n"
        "The department withdrew the signs a week later."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.kind, q.text[:17]) for q in found] == [
        ("Harriet Okafor", "direct", "Who approved this")
    ]  # the post signed with a handle alone has no speaker; the prose around them none


def test_a_quote_attributed_after_it_is_no_clause_of_the_cue_before(
    entity_stage: EntityStage,
) -> None:
    body = (
        "Carl Benson threatened Rep. Maria Delgado, D-Ore., in March.\n\n"
        'The clerk who took the call recalled that he said, "I\'ll hurt her," the U.S. '
        "attorney's office said."
    )
    found = _quotes(entity_stage, body)
    # "he said, “...,”" does not make the quote an indirect one of Carl Benson's.
    assert [q.speaker for q in found if q.speaker == "Carl Benson"] == []


def test_pronouns_and_surnames_resolve_to_the_last_speaker(entity_stage: EntityStage) -> None:
    body = (
        "Beth Ruffin said she did not know much about Deval Patrick before the event.\n\n"
        "“It sounded like strong black women raised him,” she said.\n\n"
        "Patrick said he would campaign in New Hampshire. “I come in humbly,” he added."
    )
    found = _quotes(entity_stage, body)
    speakers = ["Beth Ruffin", "Beth Ruffin", "Deval Patrick", "Deval Patrick"]
    assert [q.speaker for q in found] == speakers
    assert found[1].kind == "direct" and found[3].cue == "added"


def test_description_tied_to_a_name(entity_stage: EntityStage) -> None:
    body = (
        "Arturo Sarukhan, a former Mexican ambassador to the U.S., spoke at the conference.\n\n"
        "“Migration will dominate the meeting,” the former ambassador said."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.kind) for q in found] == [("Arturo Sarukhan", "direct")]


def test_spokesperson_named_or_not(entity_stage: EntityStage) -> None:
    body = (
        "The talks will continue, according to a statement from White House press secretary "
        "Karine Jean-Pierre.\n\n"
        "The New York attorney general is investigating WeWork over its failed listing.\n\n"
        "“The company is cooperating with the inquiry,” a WeWork spokesperson said."
    )
    found = _quotes(entity_stage, body)
    assert [q.speaker for q in found] == ["Karine Jean-Pierre", "WeWork"]


# --- traps ---------------------------------------------------------------------------------------

TRAPS = [
    # scare quotes and titles without a cue
    "The so-called “deal” collapsed on Tuesday after weeks of talks in Geneva.",
    "Jessica Chastain starred in “Zero Dark Thirty” and later in “The Help” with Viola Davis.",
    'The band played "Bohemian Rhapsody" twice at Wembley Stadium on Saturday.',
    # declined to comment, non-responses
    "A spokesman for Google declined to comment on the report.",
    "Apple did not say whether the iPhone would be delayed.",
    "Representatives for Taylor Swift did not respond to requests for comment.",
    # anonymous sources
    "“We are monitoring the situation closely,” a senior official said.",
    "The New York State Attorney General is investigating WeWork, according to two people "
    "familiar with the matter.",
    "“The plan is dead,” said one person briefed on the talks.",
    "Officials said the bridge would reopen next week.",
    # a plural opening a sentence that the story also writes in lower case
    "The cocoa talks went on late, delegates said. Delegates said many differences of opinion "
    "still have to be ironed out.",
    # ... or the plural of any English noun
    "Shares of the utility fell sharply. Brokers said a fund sold 24 mln shares on Tuesday.",
    # a name's possessive is no description of whoever an appositive tied to the name
    "Jeffrey Epstein died in August. Guards Tova Noel and Michael Thomas, assigned to Epstein’s "
    "unit, were charged.\nAlthough representatives of Epstein’s family suggested the financier "
    "may have been murdered, the inquiry goes on.",
    # where a document appeared is no speaker
    "According to a paper published in the journal Nature Astronomy on Monday, the team "
    "found enough water vapor to fill a swimming pool within minutes.",
    # a capitalised word after a preposition is the object, not the subject
    "One study found that those with BED reported more symptoms of insomnia than others.",
    # reporting verbs that report nothing
    "Lionel Messi added a second goal in the 80th minute.",
    "Rafael Nadal claimed the title in Paris for the 12th time.",
    "Prince Charles is said to be furious about the interview.",
]


@pytest.mark.parametrize("body", TRAPS, ids=[t[:40] for t in TRAPS])
def test_traps_yield_no_quotes(entity_stage: EntityStage, body: str) -> None:
    assert _quotes(entity_stage, body) == []


def test_title_in_a_reported_clause_is_not_speech(entity_stage: EntityStage) -> None:
    found = _quotes(entity_stage, "Netflix said “The Crown” would return for a fourth season.")
    assert [(q.speaker, q.kind) for q in found] == [("Netflix", "indirect")]


# --- odd text ------------------------------------------------------------------------------------


def _timed(body: str, mentions: list[EntityMention] | None = None) -> float:
    start = time.perf_counter()
    extract_quotes(body, mentions or [])
    return time.perf_counter() - start


def test_odd_text_never_crashes() -> None:
    rng = random.Random(7)
    pieces = ["“", "”", '"', "‘", "’", "said", "Smith", "he", ",", ".", "\n", "—", "according to"]
    for _ in range(300):
        body = " ".join(rng.choice(pieces) for _ in range(rng.randrange(0, 60)))
        # Mentions with offsets that do not fit the body are ignored, not trusted.
        bad = [EntityMention("Smith", "person", 5, 500, "John Smith")]
        assert isinstance(extract_quotes(body, bad), list)
    assert extract_quotes("", []) == []
    assert extract_quotes("“", []) == []
    assert extract_quotes("“Unclosed quote, Smith said.", []) is not None


def test_pathological_bodies_cost_linear_time() -> None:
    words = ["the", "said", "Smith", "“", "”", "he", ",", ".", "according", "to", "a", "’"]
    rng = random.Random(3)
    cases = {
        "200,000 words in one paragraph": " ".join(rng.choice(words) for _ in range(200_000)),
        "one cue after another": "Smith said, " * 5_000,
        "opening marks only": "“ " * 50_000,
        "apostrophes and single marks": "‘don’t ’ " * 20_000,
        "an unclosed quote over a long paragraph": "He said “" + "word " * 100_000,
    }
    for name, body in cases.items():
        # Seconds, not hours: a quadratic step would take hours on these. (The bound is loose,
        # a minute, so that a slow or loaded machine does not fail a linear stage: it took 20 s
        # of a 15 s bound once, on a 2-core machine busy with another test run.)
        assert _timed(body) < 60, name
    # a short company name that opens a name that has spoken, as the subject of every cue
    said = "said its sales grew five pct. "
    body = f"Chevron Corp's Chevron U.S.A. Inc {said}" + f"Chevron {said}" * 20_000
    mentions = [
        EntityMention("Chevron Corp", "org", 0, 12, "Chevron Corp"),
        EntityMention("Chevron U.S.A. Inc", "org", 15, 33, "Chevron U.S.A. Inc"),
    ] + [
        EntityMention("Chevron", "org", m.start(), m.end(), "Chevron Corp")
        for m in re.finditer(r"(?<=\. )Chevron", body)
    ]
    assert _timed(body, mentions) < 60, "a company's short name, 20,000 times"


# --- the stage -----------------------------------------------------------------------------------


def test_stage_fills_article_quotes(entity_stage: EntityStage) -> None:
    article = _with_mentions(entity_stage, ["“It is done,” Angela Merkel said in Berlin."])[0]
    stage = QuoteStage(Settings())
    assert stage.name == "quotes"
    out = stage.process(article)
    assert out is article
    assert article.quotes == [Quote("Angela Merkel", "said", "direct", "It is done")]


def test_seed_article(entity_stage: EntityStage) -> None:
    body = _need(SEED).read_text(encoding="utf-8")
    article = _with_mentions(entity_stage, [body])[0]
    QuoteStage(Settings()).process(article)
    speakers = Counter(q.speaker for q in article.quotes)
    for name in ("Joe Biden", "Andrés Manuel López Obrador", "J.B. Pritzker", "White House"):
        assert speakers[name] >= 1, name
    assert speakers["Arturo Sarukhan"] == 3
    assert set(speakers) <= {
        "Joe Biden",
        "Andrés Manuel López Obrador",
        "Arturo Sarukhan",
        "J.B. Pritzker",
        "White House",
        "Karine Jean-Pierre",
        "Department of Homeland Security",
    }
    by_text = {q.text[:25]: q for q in article.quotes}
    lopez = by_text["I would also like to expr"]
    assert (lopez.speaker, lopez.cue, lopez.kind) == (
        "Andrés Manuel López Obrador",
        "added",
        "direct",
    )
    migration = next(q for q in article.quotes if "how we can continue" in q.text)
    assert migration.speaker in {"Karine Jean-Pierre", "White House"}
    assert migration.cue == "according to"


# --- accuracy on the gold sets -------------------------------------------------------------------


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def test_handlabelled_gold(entity_stage: EntityStage) -> None:
    gold = [json.loads(line) for line in _need(GOLD).read_text(encoding="utf-8").splitlines()]
    bodies = json.loads(_need(BENCHMARK).read_text(encoding="utf-8"))
    texts = [
        bodies[row["id"]]["articleBody"] if row["id"] in bodies else _need(SEED).read_text()
        for row in gold
    ]
    start = time.perf_counter()
    articles = _with_mentions(entity_stage, texts)
    ner_seconds = time.perf_counter() - start
    stage = QuoteStage(Settings())
    start = time.perf_counter()
    for article in articles:
        stage.process(article)
    quote_seconds = time.perf_counter() - start

    sets: Counter[str] = Counter()
    for row, article in zip(gold, articles, strict=True):
        expected = [(_fold(q["speaker"]), q["kind"]) for q in row["quotes"]]
        found = [(_fold(q.speaker or ""), q.kind) for q in article.quotes]
        for key, exp, got in (
            ("speaker", {s for s, _ in expected}, {s for s, _ in found}),
            ("kind", set(expected), set(found)),
        ):
            sets[f"{key} tp"] += len(exp & got)
            sets[f"{key} fp"] += len(got - exp)
            sets[f"{key} fn"] += len(exp - got)
        exp_multi, got_multi = Counter(s for s, _ in expected), Counter(s for s, _ in found)
        sets["multi tp"] += sum((exp_multi & got_multi).values())
        sets["multi fp"] += sum((got_multi - exp_multi).values())
        sets["multi fn"] += sum((exp_multi - got_multi).values())
    figures = {
        key: _prf(sets[f"{key} tp"], sets[f"{key} fp"], sets[f"{key} fn"])
        for key in ("speaker", "kind", "multi")
    }
    for key, (p, r, f) in figures.items():
        print(f"hand-labelled {key:8s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    n = len(articles)
    print(
        f"ms/article: entities {1000 * ner_seconds / n:.1f}, quotes {1000 * quote_seconds / n:.2f}"
    )
    assert figures["speaker"][2] >= 0.87  # measured 0.901 (P 0.944, R 0.861)
    assert figures["kind"][2] >= 0.87  # measured 0.912
    assert figures["multi"][2] >= 0.83  # measured 0.870
    # Its cost next to NER (the enrich step within 1.3x of NER alone) is a speed target, so it
    # is measured by `make eval` and `make bench` (each stage's throughput in one run), not
    # asserted here: a timed test fails on a busy machine, not on a slow stage.


_NOT_NAME_TOKENS = set("the a an of and mr mrs ms dr rev sen rep gov president former".split())


def _name_tokens(name: str) -> set[str]:
    words = re.findall(r"[a-z][a-z'-]+", _fold(name))
    return {w for w in words if w not in _NOT_NAME_TOKENS}


def test_polnear_named_speakers(entity_stage: EntityStage) -> None:
    rows = [json.loads(line) for line in _need(POLNEAR).read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row["speaker_type"] == "named"]
    texts = sorted({row["text"] for row in rows})
    quotes = {
        article.body: extract_quotes(article.body, article.entity_mentions)
        for article in _with_mentions(entity_stage, texts)
    }
    correct = 0
    for row in rows:
        spans = row["quote_spans"]
        overlapping = [
            q for q in quotes[row["text"]] if any(q.start < e and s < q.end for s, e in spans)
        ]
        gold = _name_tokens(row["speaker"])
        correct += any(_name_tokens(q.speaker) & gold for q in overlapping)
    accuracy = correct / len(rows)
    print(f"PolNeAR named speakers: {correct}/{len(rows)} = {accuracy:.3f}")
    assert accuracy >= 0.85  # measured 0.885; a published rule-based extractor reaches 0.865


def test_a_medium_or_an_owner_after_the_cue_is_not_the_speaker(entity_stage: EntityStage) -> None:
    body = (
        "Damage was recorded across the capital, the city's emergency service said in a "
        "Telegram post. Police buildings were also damaged, it said.\n"
        "Around 19 missiles failed to reach their targets, according to Ukraine's Air Force."
    )
    speakers = {q.speaker for q in _quotes(entity_stage, body)}
    assert "Telegram" not in speakers
    assert "Ukraine" not in speakers


# --- issue 12: general causes of wrong speakers seen on the tuning half --------------------------


def test_he_passes_over_a_person_the_text_shows_to_be_a_woman(entity_stage: EntityStage) -> None:
    body = (
        "Maria Hernandez was elected mayor in 2019, and she has run the city since then.\n\n"
        "Thomas Becker, the city's treasurer, disagreed with the budget. Hernandez praised it.\n\n"
        "“The numbers do not add up,” he said."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.kind) for q in found] == [("Thomas Becker", "direct")]


def test_a_pronoun_after_an_unnamed_speaker_stays_unnamed(entity_stage: EntityStage) -> None:
    # "it" is the fire service that spoke just before, not the company named earlier
    body = (
        "Samsung announced a new phone on Monday.\n\n"
        "The fire service said in a statement that two buildings burned overnight. "
        "Three firefighters were hurt, it said."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue) for q in found] == [("Samsung", "announced")]


def test_he_after_a_spokesman_for_a_body_is_that_body(entity_stage: EntityStage) -> None:
    body = (
        "Moody's cut the rating of Zenith Electronics on Monday.\n"
        "A spokesman for Zenith Electronics said the action was wrong.\n"
        '"The company believes the downgrade is unwarranted," he said.'
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.kind) for q in found] == [
        ("Zenith Electronics", "indirect"),
        ("Zenith Electronics", "direct"),
    ]


def test_interview_answers_are_the_interviewees_quotes(entity_stage: EntityStage) -> None:
    # after a question set as its own paragraph, or the writer's "I say", a paragraph of quote
    # is the answer; after a sentence opening with "He" about the last one quoted, his quote
    body = (
        "I met Tony Blair in his office in London on Tuesday.\n"
        "“The government is just beginning,” Blair said.\n"
        "Is the new prime minister a good leader?\n"
        "“I am fully supportive of him.”\n"
        "But you have written a book for him, I say.\n"
        "“No, I wrote the book for leaders.”\n"
        "He is more emphatic about Ukraine. “We should give Ukraine all the help we can.”\n"
        "The weather in London was grey all week.\n"
        "“It rained and rained.”"
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue, q.text[:20]) for q in found] == [
        ("Tony Blair", "said", "The government is ju"),
        ("Tony Blair", "answer", "I am fully supportiv"),
        ("Tony Blair", "answer", "No, I wrote the book"),
        ("Tony Blair", "introduced", "We should give Ukrai"),
    ]


def test_a_quote_after_a_sentence_announcing_a_persons_statement_is_theirs(
    entity_stage: EntityStage,
) -> None:
    # no cue: the sentence before names one person, as its subject, and something said
    body = (
        "A court ruled that Amazon can be held liable, Angela Bolger said on Thursday.\n"
        "Bolger’s lawyer, Jeremy Robinson, had a more succinct statement after the ruling. "
        "“It is impossible to overstate the magnitude of this ruling.”\n"
        "Robinson and Bolger met the press on the steps of the courthouse.\n"
        "“It was a long day.”"
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue, q.text[:20]) for q in found] == [
        ("Angela Bolger", "said", "A court ruled that A"),
        ("Jeremy Robinson", "introduced", "It is impossible to "),
    ]


def test_it_refers_to_a_subject_not_to_a_possessor(entity_stage: EntityStage) -> None:
    body = (
        "The report praised the Acme Corporation's new factory in Ohio.\n\n"
        "The document was released on Monday. It says that the plant will employ 500 people."
    )
    assert _quotes(entity_stage, body) == []


def test_a_cue_word_after_a_determiner_is_a_noun(entity_stage: EntityStage) -> None:
    body = (
        "The groups, according to Frank Ruiz, were set up to reach the “ground forces”.\n\n"
        "Regarding the tweets, Mpofu adopted a “so what” attitude."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue) for q in found] == [("Frank Ruiz", "according to")]


@pytest.mark.parametrize(
    "body",
    [
        "In March the City went on to expand the scheme to other towns to promote “order”.",
        "Frank Ruiz went on to win the election with a campaign built on “law and order”.",
    ],
)
def test_went_on_to_is_no_speech(entity_stage: EntityStage, body: str) -> None:
    assert _quotes(entity_stage, body) == []


# (body, speaker, cue, kind, start of text)
MORE_CUES = [
    (  # a reported question
        "Moderator Priya Naidoo asked why the novel had been banned for so long.",
        ("Priya Naidoo", "asked", "indirect", "why the novel had been banned"),
    ),
    (
        "Senator Ellen Morris asserted that the bill would cut taxes for most families.",
        ("Ellen Morris", "asserted", "indirect", "the bill would cut taxes"),
    ),
    (
        "Governor Frank Ruiz signaled that he would sign the measure next week.",
        ("Frank Ruiz", "signaled", "indirect", "he would sign the measure"),
    ),
    (
        "Frank Ruiz requested “a full account of the spending” from the agency.",
        ("Frank Ruiz", "requested", "direct", "a full account of the spending"),
    ),
    (  # a clause that opens with its subject needs no "that"
        "Frank Ruiz added he would stay on until the end of the year.",
        ("Frank Ruiz", "added", "indirect", "he would stay on"),
    ),
    (  # a participle after a dash
        "Frank Ruiz quit the race on Friday — telling supporters, “It is time for someone "
        "else to lead.”",
        ("Frank Ruiz", "telling", "direct", "It is time for someone else"),
    ),
    (  # "assured" reports what follows "that", and joins the attempt verbs' phrases
        "Chief executive Carol Tome sought to assure investors that the two sides are not far "
        "apart.",
        ("Carol Tome", "sought to assure", "indirect", "the two sides are not far apart"),
    ),
    (  # verbs that only introduce a quote, set before the speaker too
        "“Not now, not ever,” snapped Senator Ellen Morris as she left the chamber.",
        ("Ellen Morris", "snapped", "direct", "Not now, not ever"),
    ),
]


@pytest.mark.parametrize(("body", "expected"), MORE_CUES, ids=[c[0][:40] for c in MORE_CUES])
def test_more_reporting_cues(entity_stage: EntityStage, body: str, expected: tuple) -> None:
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue, q.kind) for q in found] == [expected[:3]]
    assert found[0].text.startswith(expected[3])


def test_a_participle_after_an_unnamed_speaker_stays_unnamed(entity_stage: EntityStage) -> None:
    body = (
        "Frank Ruiz met the press on Monday.\n\n"
        "Appearing before the court, the delegation said the ban broke the law, arguing "
        "that “no state may starve a population”."
    )
    assert _quotes(entity_stage, body) == []
    # (a state's delegation is that state: test_a_states_officials_are_that_state)
    # a plural subject is no unnamed speaker: the participle keeps the named one
    found = _quotes(
        entity_stage,
        "The UN and other aid groups have condemned the decision, saying the ban is “deliberate”.",
    )
    assert [(q.speaker, q.cue) for q in found] == [("UN", "saying")]


def test_a_role_goes_to_the_last_speaker_only_if_the_text_gives_no_other(
    entity_stage: EntityStage,
) -> None:
    body = (
        "Prime Minister Keir Starmer met Emmanuel Macron in Paris on Thursday.\n\n"
        "“We have agreed a new plan,” Starmer said.\n\n"
        "The French president said the plan was “a turning point”."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.text) for q in found] == [("Keir Starmer", "We have agreed a new plan")]
    # with no role known for the last speaker, the description still goes to them
    body = "“We lost,” Van Der Beek said of the show.\n\n“It hurts,” the actor said."
    assert [q.speaker for q in _quotes(entity_stage, body)] == ["Van Der Beek"] * 2


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a joint subject with "both" before the cue
            "Microsoft and Google both said they would comply with the law.",
            [("Microsoft", "said"), ("Google", "said")],
        ),
        (  # a person's office speaks for them; the name starts before the possessive
            "Senator Maria Lopez's office said she would vote against the bill.",
            [("Maria Lopez", "said")],
        ),
    ],
)
def test_joint_subjects_and_offices(
    entity_stage: EntityStage, body: str, expected: list[tuple[str, str]]
) -> None:
    assert [(q.speaker, q.cue) for q in _quotes(entity_stage, body)] == expected


def test_a_participle_opening_the_sentence_is_no_name(entity_stage: EntityStage) -> None:
    body = (
        "Appearing before the court, the delegation rejected the claims, saying they were "
        "“baseless”."
    )
    assert _quotes(entity_stage, body) == []


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Copper exports rose 12 percent in March, according to Chilean Customs Service data.",
            "Chilean Customs Service",
        ),
        (
            "Wind farms added 3 GW in 2024, according to figures released by the Energy Ministry.",
            "Energy Ministry",
        ),
        (
            "Rents fell in 40 cities, according to the latest statistics from Harbor Analytics.",
            "Harbor Analytics",
        ),
    ],
)
def test_according_to_a_bodys_data_or_figures_is_that_body_speaking(
    entity_stage: EntityStage, body: str, speaker: str
) -> None:
    assert [q.speaker for q in _quotes(entity_stage, body)] == [speaker]
    # figures of nobody named are nobody's
    assert _quotes(entity_stage, "Rents fell in 40 cities, according to the latest data.") == []


def test_a_bodys_figures_or_writing_that_show_something_are_that_body_speaking(
    entity_stage: EntityStage,
) -> None:
    body = (
        "WELLINGTON, March 10 - New Zealand's foreign debt will decline, officials said. "
        "Statistics Department figures show total debt fell to 32.94 billion dlrs. A survey by "
        "the World Bank last month showed that lending to Asia rose."
    )
    assert {q.speaker for q in _quotes(entity_stage, body)} == {
        "Statistics Department",
        "World Bank",
    }
    # "show" with no figures or writing in its subject reports nothing
    body = "Photos posted on Instagram show the two together at the London premiere."
    assert _quotes(entity_stage, body) == []


def test_proposing_reports_what_was_said_but_a_proposed_thing_reports_nothing(
    entity_stage: EntityStage,
) -> None:
    body = "Industry Commissioner Karl-Heinz Narjes has proposed ending the quota system by 1988."
    assert [q.speaker for q in _quotes(entity_stage, body)] == ["Karl-Heinz Narjes"]
    for body in (
        "Tokyo brokers plan a cut in response to the government's proposed tax reform bills.",
        "Patrick Leahy slammed the proposed eligibility changes at a hearing on Monday.",
    ):
        assert [q.cue for q in _quotes(entity_stage, body) if "propos" in q.cue] == []


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        pytest.param(
            "Bank of Japan Governor Satoshi Sumita had previously expressed concern about "
            "excessive investment in land and securities resulting partly from eased credit "
            "conditions. Prime Minister Andreas Papandreou expressed qualified optimism after "
            "briefing opposition leaders on Aegean developments early yesterday.",
            {"Satoshi Sumita", "Andreas Papandreou"},
            id="expressing a view reports it with or without that",
        ),
        pytest.param(
            "LONDON, March 26 - Guinness Peat Group Plc has arranged a five year cash advance "
            "facility, said Barclays de Zoete Wedd Ltd and Guinness Mahon and Co Ltd as joint "
            "arrangers.\nJapan must open its markets further, said Clayton Yeutter and George "
            "Shultz.",
            {
                "Barclays de Zoete Wedd Ltd",
                "Guinness Mahon and Co Ltd",
                "Clayton Yeutter",
                "George Shultz",
            },
            id="speakers joined by and after the cue all speak",
        ),
    ],
)
def test_speakers_of(entity_stage: EntityStage, body: str, speakers: set[str]) -> None:
    assert {q.speaker for q in _quotes(entity_stage, body)} == speakers


def test_a_vague_first_mention_is_the_speaker_the_next_sentence_names(
    entity_stage: EntityStage,
) -> None:
    body = (
        "TOKYO, April 1 - Japan will ask the U.S. to lift curbs on beef imports, an Agriculture "
        "Ministry official told reporters.\nHideo Maki, Director General of the ministry's "
        "Livestock Bureau, said the talks would start next week."
    )
    assert {q.speaker for q in _quotes(entity_stage, body)} == {"Hideo Maki"}
    # so is one whom the next sentence names and the text quotes later
    body = (
        "LONDON, March 29 - A senior Nicaraguan official said the plunge in coffee prices was "
        "disastrous for producers.\nNicaraguan Foreign Trade Minister Alejandro Martinez Cuenca "
        "was in London to brief producers.\nMartinez told reporters the talks had failed."
    )
    assert {q.speaker for q in _quotes(entity_stage, body)} == {"Alejandro Martinez Cuenca"}
    # not another office's holder, nor a person the text names but never quotes
    body = (
        "TOKYO, March 3 - It is difficult to see the jobless rate falling, a Labour Ministry "
        "official said.\nFinance Minister Kiichi Miyazawa said the government had expected the "
        "increase.\nThe EC will act to stop the goods being diverted to Europe, a spokesman said."
        "\nPresident Reagan is expected to announce tariffs on Japanese goods later today."
    )
    assert {q.speaker for q in _quotes(entity_stage, body)} == {
        "Labour Ministry",
        "Kiichi Miyazawa",
    }


def test_a_role_in_lower_case_before_the_speaker_belongs_to_the_attribution(
    entity_stage: EntityStage,
) -> None:
    body = (
        "Three soldiers on a military truck were burned by a gasoline bomb, information "
        "minister Marco Lara told reporters."
    )
    assert [(q.speaker, q.text) for q in _quotes(entity_stage, body)] == [
        ("Marco Lara", "Three soldiers on a military truck were burned by a gasoline bomb")
    ]
    # a body's official, a role's field before its noun, "general" after it
    body = (
        "Trading was heavy all day, Toronto Stock Exchange official John Kolosky said.\nThe "
        "talks will be held next month, CPA secretary general D.S. Kamga said."
    )
    assert [q.speaker for q in _quotes(entity_stage, body)] == ["John Kolosky", "D.S. Kamga"]


def test_a_nationality_is_no_speakers_name(entity_stage: EntityStage) -> None:
    body = (
        "OSAKA, Japan, April 27 - The Soviet Union is attending the meeting for the first time."
        "\nJapanese officials said Tokyo has not decided its position on Soviet membership and "
        "said they noted the Soviets had not yet made any move to join."
    )
    assert "Japanese" not in {q.speaker for q in _quotes(entity_stage, body)}


def test_the_party_speaks_but_its_members_are_nobody_named(entity_stage: EntityStage) -> None:
    party = _quotes(entity_stage, "The Democrats said they would block the bill in the Senate.")
    assert [(q.speaker, q.kind) for q in party] == [("Democrats", "indirect")]
    found = _quotes(
        entity_stage, "Before the vote, the Tories have said they will cut the fuel duty."
    )
    assert [q.speaker for q in found] == ["Tories"]
    members = _quotes(entity_stage, "Republicans said they would block the bill in the Senate.")
    assert all(q.speaker is None for q in members)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "After the storm, the Chilean government announced that the port would reopen.",
            "Chilean government",
        ),
        (
            "Ontario health authority reported 40 new cases of measles on Monday.",
            "Ontario health authority",
        ),
        ("Grain exports rose in 1986, the Argentine grain board said.", "Argentine grain board"),
        ("The Tower commission said in its report that funds were missing.", "Tower commission"),
        (  # a dateline is no part of the name after it
            "BAHRAIN, March 5 - Tehran radio reported that Iranian forces held four peaks.",
            "Tehran radio",
        ),
        # a body named after its leader speaks under that name, not as the leader
        ("The Reagan administration said it would veto the bill.", "Reagan administration"),
    ],
)
def test_a_named_places_institution_speaks_under_its_name(
    entity_stage: EntityStage, body: str, speaker: str
) -> None:
    assert [q.speaker for q in _quotes(entity_stage, body)] == [speaker]
    # with no place named, "the government" speaks as written (as wire copy's gold has it)
    unnamed = _quotes(entity_stage, "The government said the tax would rise next year.")
    assert [q.speaker for q in unnamed] == ["government"]


@pytest.mark.parametrize(
    ("body", "speaker", "cue"),
    [
        (
            "Federal prosecutors alleged that Alan Brook skipped the checks. The Tax Foundation "
            "projected in May that the tariffs would reduce growth.",
            "Tax Foundation",
            "projected",
        ),
        (
            '"The duty is paid at the border," Howard Gleckman, a senior fellow, has written.',
            "Howard Gleckman",
            "written",
        ),
        (
            "Mary Lovely, an economist, alleged that the importers paid the duty.",
            "Mary Lovely",
            "alleged",
        ),
    ],
)
def test_cue_verbs_in_all_their_forms(
    entity_stage: EntityStage, body: str, speaker: str, cue: str
) -> None:
    found = [(q.speaker, q.cue) for q in _quotes(entity_stage, body) if q.speaker]
    assert (speaker, cue) in found


def test_a_dateline_opening_the_paragraph_is_no_subject(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "WASHINGTON – Two prison officers were charged Tuesday with falsifying records, "
        "stating they had checked on the inmate.",
    )
    assert all(q.speaker != "Washington" for q in found)
    named = _quotes(
        entity_stage,
        "WASHINGTON – Senator Mary Lovely defended the bill on Tuesday, stating it would pass.",
    )
    assert [q.speaker for q in named] == ["Mary Lovely"]


def test_a_wire_dateline_with_its_date_is_no_speaker(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "TORONTO, March 2 - Multi-Step Products Inc, earlier reporting an initial loss, said it "
        "agreed to sell its manufacturing unit for 100,000 dlrs cash.",
    )
    assert found and all(_fold(q.speaker or "") != "toronto" for q in found)


def test_a_non_response_is_no_quote(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "USAir Group Inc said it had no comment on the offer from Trans World Airlines. "
        "A Piedmont spokesman said he could not comment on the action.\n"
        "Trans World Airlines said it may acquire more shares in the open market.",
    )
    assert [q.speaker for q in found] == ["Trans World Airlines"]
    # a clause about something else is still one
    kept = _quotes(entity_stage, "Trans World Airlines said the plan had no comment period.")
    assert [q.speaker for q in kept] == ["Trans World Airlines"]


def test_a_cue_word_as_the_object_of_a_verb_is_a_noun() -> None:
    from etl.enrich._quote_cues import unit_cues
    from etl.enrich._quote_units import Doc, paragraph_units

    def cues(body: str) -> list[str]:
        doc = Doc(body, [])
        units = [u for start, end in doc.paragraphs for u in paragraph_units(doc, start, end)]
        return [cue.text for unit in units for cue in unit_cues(doc, unit)]

    assert cues("It purchased notes totaling about 40 mln dlrs from a bank.") == []
    assert cues("The fund bought 12 mln notes and issued reports.") == []
    assert cues("Ms Fuller notes that the creditors will be paid.") == ["notes"]


def test_a_subject_and_its_appositive_after_the_reported_clause(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "The economy will grow by three pct this year, John Baker, a former ambassador, said.\n"
        "Cotton output reached 7.7 mln bales, Mary Lovely, chairman of the Prices Commission, "
        "said on Tuesday.",
    )
    assert [(q.speaker, q.text) for q in found] == [
        ("John Baker", "The economy will grow by three pct this year"),
        ("Mary Lovely", "Cotton output reached 7.7 mln bales"),
    ]


def test_his_office_speaks_for_the_person_named_last(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        '"We hear you," Brian Bosma said. Teachers did not see Governor Eric Holcomb at the '
        "Statehouse on Tuesday. His office said he was travelling to Florida.",
    )
    assert ("Eric Holcomb", "said") in [(q.speaker, q.cue) for q in found]
    assert [q.speaker for q in found].count("Brian Bosma") == 1


def test_it_after_a_subject_naming_nobody_is_nobody(entity_stage: EntityStage) -> None:
    body = (
        "Sweden became a member of Nato in March 2024.\n\n"
        "Article 5 is one of the alliance's core principles. It says that an attack against one "
        "member is an attack against all."
    )
    assert all(q.speaker != "Sweden" for q in _quotes(entity_stage, body))
    # a state opening the sentence before is still what "it" refers to
    found = _quotes(
        entity_stage,
        "Sweden joined the alliance in March 2024. It says that the treaty binds every member.",
    )
    assert [q.speaker for q in found] == ["Sweden"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ('"We see it rarely," Lucas Paganini and his team wrote in the paper.', "Lucas Paganini"),
        ("Senator Mike Gallagher and his colleagues said the threat was real.", "Mike Gallagher"),
    ],
)
def test_a_named_person_and_their_team_is_that_person(
    entity_stage: EntityStage, body: str, speaker: str
) -> None:
    assert [q.speaker for q in _quotes(entity_stage, body)] == [speaker]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("US officials said the talks would resume on Monday.", "United States"),
        ("The South African delegation said the ruling was overdue.", "South Africa"),
        ("Israeli officials said the strike hit a depot.", "Israel"),
        ("Representatives for the US said the needs of security come first.", "United States"),
    ],
)
def test_a_states_officials_are_that_state(
    entity_stage: EntityStage, body: str, speaker: str
) -> None:
    assert [q.speaker for q in _quotes(entity_stage, body)] == [speaker]
    # an organisation's officials stay that organisation's
    found = _quotes(entity_stage, "State Department officials said the visit was off.")
    assert [q.speaker for q in found] == ["State Department"]


def test_the_democrat_is_a_person_described_not_a_name(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage, '"We will win," Jane Doe said. "We will not back down," the Democrat said.'
    )
    assert [q.speaker for q in found] == ["Jane Doe", "Jane Doe"]
    unknown = _quotes(entity_stage, 'It rained. "We will not back down," the Republican said.')
    assert all(q.speaker != "Republican" for q in unknown)


def test_she_is_the_person_a_described_subject_names(entity_stage: EntityStage) -> None:
    body = (
        "Oscar-winning actress Mary Steenburgen wrote the song.\n\n"
        "“It was a trying time,” filmmaker Charlie McDowell said. “It was hard.”\n\n"
        "Despite the few roles for women, the actress was not itching to change. “I really "
        "liked music,” she said."
    )
    found = _quotes(entity_stage, body)
    assert ("Mary Steenburgen", "I really liked music") in [(q.speaker, q.text) for q in found]


def test_the_former_governor_is_no_sitting_governor(entity_stage: EntityStage) -> None:
    body = (
        "Chris Christie quit the race on Wednesday.\n\n"
        "He argued that Florida Governor Ron DeSantis was unwilling to fight.\n\n"
        "Christie fought for the soul of a party that has become a cult of personality with "
        "Trump as its center—posing what the former governor described as a real and present "
        "threat to democracy and national security."
    )
    assert all(q.speaker != "Ron DeSantis" for q in _quotes(entity_stage, body))
    sitting = _quotes(
        entity_stage,
        "Florida Governor Ron DeSantis spoke on Monday. The governor described the bill as a "
        "threat to democracy.",
    )
    assert [q.speaker for q in sitting] == ["Ron DeSantis"]


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        (
            "The Russian defense ministry said the base had been attacked twice.",
            ["Russian defense ministry"],
        ),
        (
            "A Russian defense ministry spokesman said the base had been attacked twice.",
            ["Russian defense ministry"],
        ),
        (
            "In a joint statement, the Russian and Syrian defense ministries accused U.S. forces "
            "of controlling “bandit formations” in the desert.",
            ["Russian defense ministry", "Syrian defense ministry"],
        ),
    ],
)
def test_a_places_ministries_speak_under_their_names(
    entity_stage: EntityStage, body: str, speakers: list[str]
) -> None:
    assert [q.speaker for q in _quotes(entity_stage, body)] == speakers


@pytest.mark.parametrize(
    "body",
    [
        "A study by the Urban Institute concluded that the tariffs cost many jobs.",
        "As we have noted, a March 2019 study by the Urban Institute, a think tank, concluded "
        'that, using standard methods, "the full cost of the tariff falls on consumers."',
    ],
)
def test_a_study_by_a_body_speaks_for_it(entity_stage: EntityStage, body: str) -> None:
    assert [q.speaker for q in _quotes(entity_stage, body)] == ["Urban Institute"]


def test_an_aside_in_parentheses_is_not_the_sentence_subject(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "After the attack on the office (Hillary Clinton called it “horrific”), Donald Trump "
        "inflamed tensions by saying, “Animals just firebombed our office.”",
    )
    assert [(q.speaker, q.cue) for q in found] == [
        ("Hillary Clinton", "called"),
        ("Donald Trump", "saying"),
    ]


def test_going_on_to_say_is_a_second_cue_of_the_speaker(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        '"The debate is insane," Bernie Sanders said, going on to say that the country has '
        'spent "hundreds of years fighting against racism."',
    )
    assert [(q.speaker, q.cue) for q in found] == [
        ("Bernie Sanders", "said"),
        ("Bernie Sanders", "going on to say"),
    ]


def test_a_name_owned_by_an_outlet_speaks_as_it_even_typed_as_a_person() -> None:
    # The entity stage's types are not always right: "Fact Checker" typed as a person, as the
    # small model does on a benchmark page. A "person" with no given name is owned all the same.
    body = (
        "Trump has made more than 13,000 false claims, according to The Washington Post's Fact "
        "Checker."
    )

    def mention(text: str, label: str) -> EntityMention:
        start = body.index(text)
        return EntityMention(text, label, start, start + len(text), text)

    mentions = [
        mention("Trump", "person"),
        mention("The Washington Post", "org"),
        mention("Fact Checker", "person"),
    ]
    assert [q.speaker for q in extract_quotes(body, mentions)] == ["The Washington Post"]
    # a person with a given name stays that person: "Acme's Jane Doe" is no organisation
    body = "Profits will rise this year, according to Acme's Jane Doe."
    mentions = [mention("Acme", "org"), mention("Jane Doe", "person")]
    assert [q.speaker for q in extract_quotes(body, mentions)] == ["Jane Doe"]


def test_the_company_is_the_one_the_last_sentence_was_about(entity_stage: EntityStage) -> None:
    body = (
        "Acme Corp said it had a deal with Globex Corporation. Acme Corp later repeated it, and "
        "Acme Corp shares rose.\n\n"
        "Globex Corporation denied that it had settled on an arrangement.\n\n"
        "“At no time did we agree to a deal,” the production company said in a statement."
    )
    found = _quotes(entity_stage, body)
    assert [q.speaker for q in found if q.cue == "said" and "At no time" in q.text] == [
        "Globex Corporation"
    ]


def test_spoke_reports_speech_only_with_a_quote(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Abraham Lincoln spoke at the close of his 1861 inaugural address of his longing for a "
        "moment when “the better angels of our nature” might again be heard.",
    )
    assert [q.speaker for q in found] == ["Abraham Lincoln"]
    assert "the better angels of our nature" in found[0].text
    assert _quotes(entity_stage, "Abraham Lincoln spoke at the close of the meeting.") == []


@pytest.mark.parametrize(
    ("body", "speaker", "text"),
    [
        (
            "The paper quoted Jane Doe as saying that output fell sharply last month.",
            "Jane Doe", "output fell sharply last month",
        ),
        (
            "Jane Doe was quoted as saying that output fell sharply last month.",
            "Jane Doe", "output fell sharply last month",
        ),
        (
            "Output fell sharply last month, the news agency Opecna quoted an OPEC official as "
            "saying.",
            "OPEC", "Output fell sharply last month",
        ),
    ],
)  # fmt: skip
def test_the_one_quoted_as_saying_is_the_speaker_not_the_outlet(
    entity_stage: EntityStage, body: str, speaker: str, text: str
) -> None:
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.cue) for q in found] == [(speaker, "quoted as saying")]
    assert found[0].text == text


def test_a_body_set_in_apposition_with_a_description_is_what_that_description_names(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "UAB called for a rights issue last November to raise capital, the central bank, "
        "Bank Negara, said in a statement.\nIt said the shares, held in trust, will be sold "
        "next year.\nThe central bank also announced it had bought a stake in another bank.",
    )
    assert [q.speaker for q in found] == ["Bank Negara"] * 3


def test_a_persons_firm_joined_by_and_and_a_plural_before_a_cue_name_no_speaker(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        '"I think they will have to go a little higher eventually," Bruce Lazier of Prescott '
        "Ball and Turben said.\nMedia reports said some small banks had filed lawsuits against "
        "the decision.",
    )
    assert [(q.speaker, q.cue) for q in found] == [("Bruce Lazier", "said")]


def test_a_unit_after_its_parents_possessive_and_a_role_opened_by_a_name_speak(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "NEW YORK, April 9 - Monsanto Corp's G.D. Searle and Co unit said it will report an "
        "operating loss for 1987.\nDay International Corp said the sale could enable it to "
        "accelerate its earnings."
        '\n"Net earnings for the full year should be in the ball park of estimates," Richard '
        "Jacob, Day chairman and chief executive officer said.",
    )
    assert [q.speaker for q in found] == [
        "G.D. Searle and Co",
        "Day International Corp",
        "Richard Jacob",
    ]


def test_a_cabinet_statement_speaks_for_the_cabinet(entity_stage: EntityStage) -> None:
    # its statement is its voice; an unnamed official of it stays anonymous, as of a government
    found = _quotes(
        entity_stage,
        "Premier Yu Kuo-Hua ordered financial officials to quicken the pace of relaxing foreign "
        "exchange controls, a cabinet statement said.\nThe plan was approved by the ministers, a "
        "cabinet official said.",
    )
    assert [q.speaker for q in found] == ["cabinet"]


def test_a_bodys_voice_set_in_a_place_speaks_for_the_body(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "WASHINGTON, April 9 - Soybean yields should be about average or 2.0 to 2.2 tonnes per "
        "hectare, the U.S. Agriculture Department's officer in Sao Paulo said in a field report.",
    )
    assert [(q.speaker, q.text) for q in found] == [
        (
            "U.S. Agriculture Department",
            "Soybean yields should be about average or 2.0 to 2.2 tonnes per hectare",
        )
    ]


def test_a_named_person_after_a_lower_case_role_or_before_an_unclosed_one_speaks(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "In a market where everyone is looking for affordable stocks, trader Drew Schaefer of "
        "Kidder Peabody said, it is not hard to see why the tobaccos are attracting buyers.\n"
        'Paul E. Lego, senior executive vice president told the analysts "our plans do not call '
        'for a multibillion dlr acquisition."',
    )
    assert [(q.speaker, q.cue) for q in found] == [
        ("Drew Schaefer", "said"),
        ("Paul E. Lego", "told"),
    ]


def test_a_name_with_a_joined_article_or_a_descriptor_ends_the_clause_it_reports(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "OPEC faces fresh scrutiny in coming weeks amid signs of a rise in supplies, the Kuwait "
        "daily al-Qabas said.\nEcuador will resume limited crude output next week to fill its "
        "storage tanks, the state Ecuadorean Petroleum Corp (CEPE) said.\nThe daily al-Riyadh "
        'reported Prince Sultan ibn Abdulaziz as saying: "A thorough study by the Ministry on '
        'the submarines has been completed."',
    )
    assert [q.speaker for q in found] == [
        "al-Qabas",
        "Ecuadorean Petroleum Corp",
        "Sultan ibn Abdulaziz",
    ]


def test_a_party_described_by_its_kind_is_no_other_body(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "The meeting is held with this week's World Bank sessions, the World Bank said.\n"
        "Japan's ruling liberal democratic party revealed its own economic package today calling "
        "for more spending.",
    )
    assert [(q.speaker, q.cue) for q in found] == [("World Bank", "said")]


def test_a_company_after_its_kind_opens_the_sentence_it_speaks_in(
    entity_stage: EntityStage,
) -> None:
    # one form of the name however the text capitalises it; an object after its kind is no
    # subject ("telephoned the news agency ...")
    found = _quotes(
        entity_stage,
        "THE HAGUE, April 9 - Dutch insurer AEGON NV reported a 6.4 pct rise in 1986 net profit "
        "and said it expected a moderate increase in profits for 1987.\nAEGON said annuities "
        "are subject to strong personal investment influences.\nAn anonymous caller telephoned "
        "the West German news agency Deutsche Presse Agentur before the blast and said a bomb "
        "was about to go off.",
    )
    assert [(q.speaker, q.cue) for q in found] == [
        ("Aegon NV", "reported"),
        ("Aegon NV", "said"),
        ("Aegon NV", "said"),
    ]


def test_a_mixed_case_dateline_and_a_noun_before_of_name_no_speaker(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "London, March 30 - The International Primary Market Makers Association, a trade "
        "organisation, said its board adopted new rules for lead managers.\nIncreased "
        "attention to price volatility and reports of alleged trading abuses have raised "
        "concerns, Rep. John Dingell said.",
    )
    assert [(q.speaker, q.cue) for q in found] == [
        ("International Primary Market Makers Association", "said"),
        ("John Dingell", "said"),
    ]


def test_a_ministry_official_speaks_for_the_one_ministry_named_before(
    entity_stage: EntityStage,
) -> None:
    # named in lower case, as wire copy does; two ministries named leave the official unnamed
    found = _quotes(
        entity_stage,
        "The finance ministry appears ready to allow banks to use overseas futures markets, a "
        "ministry official said.\nMinistry officials said they are wary of individuals.",
    )
    both = _quotes(
        entity_stage,
        "The finance ministry and the trade ministry met on Monday to settle the rules, a "
        "ministry official said.",
    )
    assert [q.speaker for q in found] == ["finance ministry"] * 2
    assert [q.speaker for q in both] == []


def test_a_noun_in_s_after_a_modal_and_verb_is_no_cue(entity_stage: EntityStage) -> None:
    # "will include notes": an object; and a body's word before a title opens no clause
    found = _quotes(
        entity_stage,
        "The notes will cover the period from 1984 to 1986 and will include notes on Iran, "
        "House committee chairman Lee Hamilton said.",
    )
    assert [(q.speaker, q.cue) for q in found] == [("Lee Hamilton", "said")]


def test_a_places_body_named_by_no_fuller_name_speaks_as_written(
    entity_stage: EntityStage,
) -> None:
    # the body as the story names it, past its place; a writing issued by one is its author's
    found = _quotes(
        entity_stage,
        "Italy's budget ministry said last month that GDP rose 2.7 pct in real terms.\n"
        "South Korea's finance ministry said interest rates rose sharply in March.\n"
        "The statement issued by Chad's Paris embassy said government troops had routed a "
        "Libyan column.",
    )
    assert [q.speaker for q in found] == ["budget ministry", "finance ministry"]


def test_a_surname_in_ly_before_an_auxiliary_ends_the_name(entity_stage: EntityStage) -> None:
    # an adverb before the cue is skipped ("has also said", "has repeatedly said"), a name is not
    found = _quotes(
        entity_stage,
        "But Pertamina President Abdul Rachman Ramly has said priority will be given to "
        "extending contracts.\nThe Mines and Energy Ministry has repeatedly said the contracts "
        "stand.",
    )
    assert [q.speaker for q in found] == ["Abdul Rachman Ramly", "Mines and Energy Ministry"]


def test_a_body_named_beside_its_description_speaks(entity_stage: EntityStage) -> None:
    # a description whose words name another body ("EC"), and a name the model does not know
    found = _quotes(
        entity_stage,
        "Industrial output in the European Community (EC) showed no growth in January, the EC "
        "statistics office, Eurostat, said in a report.\nThe financial newsletter, Platow, said "
        "today the prosecutor had found no evidence of fraud.",
    )
    assert [q.speaker for q in found] == ["Eurostat", "Platow"]


def test_a_name_before_its_outlet_or_exchange_noun_speaks(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "East Germany plans to devolve responsibility to its factories, the Berliner Zeitung "
        "newspaper said.\nThe Chicago Board of Trade's (CBT) board voted to postpone the session "
        "until April 30, the exchange announced.",
    )
    assert [q.speaker for q in found] == ["Berliner Zeitung", "Chicago Board of Trade"]


def test_a_description_keeps_naming_whom_it_named_first(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "The Semiconductor Industry Association urged sanctions against Japan.\n"
        '"Agreements must be honored," the trade group said.\n'
        "The White House Economic Policy Council is expected to discuss sanctions on Thursday.\n"
        "The trade group said Japan has not lived up to the terms of the agreement.",
    )
    assert [q.speaker for q in found] == ["Semiconductor Industry Association"] * 3


def test_a_capitalised_description_is_no_name(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "The Ministry has said the plane will be equipped with high technology radar.\n"
        "The ministry plans to build 100 fighters.",
    )
    assert [q.speaker for q in found] == []


def test_a_description_of_a_bodys_officer_is_the_person_titled_so(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Limits should go, Chicago Board of Trade, CBT, chairman Karsten Mahlmann said.\n"
        "Position limits were supposed to prevent market manipulation, the CBT chairman said.",
    )
    assert [q.speaker for q in found] == ["Karsten Mahlmann"] * 2


def test_a_companys_name_without_its_initials_and_group_is_that_company(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "NEW YORK, March 5 - E.F. Hutton Group Inc said it has started its previously announced "
        "offer to purchase shares of Purolator Courier Corp at 35 dlrs each.\nHutton said it "
        "reserves the right to buy more than 6,332,471 shares but has no present intention of "
        "doing so.",
    )
    assert [q.speaker for q in found] == ["E.F. Hutton Group Inc"] * 2


def test_the_company_is_the_one_last_quoted(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Gull Air Inc said it filed an anti-trust suit against Texas Air Corp.\nBut when Texas "
        "Air acquired People Express Inc and its units, including Bar Harbor Air Line and "
        "Provincetown-Boston Airline, the privately-held Gull became a competitor to the Texas Air "
        "units, the company said.",
    )
    assert [q.speaker for q in found] == ["Gull Air Inc"] * 2


def test_a_units_own_company_name_speaks_for_it(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Comalco Ltd said its return to profit reflected reduced costs.\nComalco's Commonwealth "
        "Aluminium Corp unit said it has agreed to sell its Goldendale smelter in Washington.",
    )
    assert [q.speaker for q in found] == ["Comalco Ltd", "Commonwealth Aluminium Corp"]


def test_a_wire_dateline_with_a_state_is_no_subject(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "MOLINE, ILL., March 27 - Deere and Co said it agreed with General Motors Corp to end "
        "negotiations on a joint venture.\nSTAMFORD, Conn., April 9 - <Worldwide 800 Services "
        "Inc>, whose unit recently filed a lawsuit, said it has named an advertising firm as a "
        "defendant in the case.",
    )
    assert [q.speaker for q in found] == ["Deere and Co", "Worldwide 800 Services Inc"]


def test_a_place_joined_to_a_modifier_is_no_subject(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Consul Restaurant Corp said it began an exchange offer.\nThe Minneapolis-based company, "
        "which it said is the largest franchisee of the chain, said it had planned to expand.",
    )
    assert {q.speaker for q in found} == {"Consul Restaurant Corp"}


def test_a_party_member_described_with_a_place_is_the_person_described(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "House Speaker James Wright said there will be no way to meet the targets.\n"
        '"There is no other way," the Texas Democrat told reporters.',
    )
    assert [q.speaker for q in found] == ["James Wright"] * 2


def test_the_paper_someone_was_quoted_in_is_where_not_who(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "General Benny Murdani was quoted in today's edition of the armed forces newspaper "
        "Harian AB as saying the warnings were only an appeal for vigilance.",
    )
    assert [(q.speaker, q.cue) for q in found] == [("Benny Murdani", "quoted as saying")]


def test_an_official_of_an_unnamed_group_is_anonymous(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "The U.S. Senate Agriculture Committee approved a measure on Tuesday.\nAn official "
        "from a leading conservation group, who asked not to be identified, said the panel's "
        "move was a mistake.",
    )
    assert found == []


def test_the_first_word_of_a_companys_name_is_that_company(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Microbiological Research Corp said it agreed to combine with DataGene Scientific "
        "Laboratories Inc.\nMicrobiological also said that, if the capital is raised, it will "
        "own 49 pct of the new company and DataGene holders will own 29 pct.\nIt said the rest "
        "will be held by Milex shareholders.",
    )
    assert [q.speaker for q in found] == ["Microbiological Research Corp"] * 3


def test_a_spokesman_of_a_name_with_a_plural_possessive_speaks_for_it(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "SYDNEY, April 8 - Good rains have boosted cane crops, an Australian Sugar Producers' "
        "Association spokesman said.\nThere will be some cane losses, the spokesman said.",
    )
    assert [q.speaker for q in found] == ["Australian Sugar Producers' Association"] * 2


@pytest.mark.parametrize(
    "body",
    [
        "Prime Minister Margaret Thatcher has made clear she does not expect to join before the "
        "election.",
        "Prime Minister Margaret Thatcher indicated she does not expect to join before the "
        "election.",
    ],
)
def test_making_clear_and_indicating_report_speech(entity_stage: EntityStage, body: str) -> None:
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.text) for q in found] == [
        ("Margaret Thatcher", "she does not expect to join before the election")
    ]


def test_a_body_before_a_title_qualifies_it_and_the_titled_person_speaks(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "World Bank president Barber Conable pledged the Bank's support to Indonesia, but said "
        "further deregulation was needed.\nTreasury Secretary James Baker spoke on Monday.\n"
        "The Treasury secretary also said that loan guarantees would be wrong.",
    )
    assert [q.speaker for q in found if q.cue == "said"] == ["Barber Conable", "James Baker"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Testifying at a House subcommittee hearing on livestock issues, Rep. Hal Daub "
            "(R-Nebr.), said the administration should push hard for greater beef imports.",
            "Hal Daub",
        ),
        (
            "Speaking at a news conference in Ottawa, Prime Minister Justin Trudeau said the "
            "talks would resume.",
            "Justin Trudeau",
        ),
    ],
)
def test_a_participle_opening_the_sentence_is_no_speaker(
    entity_stage: EntityStage, body: str, speaker: str
) -> None:
    found = _quotes(entity_stage, body)
    assert [q.speaker for q in found] == [speaker]


def test_a_place_before_a_group_of_traders_is_no_speaker(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "New York cocoa traders reacted with caution to the talks in London, saying there is "
        "still time for negotiations to break down.\nWashington has said it would respond, "
        "adding that talks would continue.",
    )
    assert [q.speaker for q in found] == ["Washington", "Washington"]


def test_an_unnamed_group_speaks_through_the_person_leading_it(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "The FBI arrested two men.\nFollowing the arrests, lawmakers on the House Select "
        'Committee on China, led by chairman Mike Gallagher, R-Wis., requested "additional '
        "information regarding the bureau's efforts.\"\nAcme Corp, led by John Smith, said it "
        "would bid.",
    )
    assert [q.speaker for q in found] == ["Mike Gallagher", "Acme Corp"]


def test_a_spokesman_of_a_head_noun_speaks_for_the_body_named_so(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "The Canadian Wheat Board has advised the federal government to cut initial prices, a "
        "board spokesman said.",
    )
    assert [q.speaker for q in found if q.cue == "said"] == ["Canadian Wheat Board"]


def test_analysts_of_a_named_body_speak_for_it(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Soybean acreage amounted to less than two mln acres, a USDA analyst said.\nThe market "
        "will fall, Goldman Sachs economists said.\nPrices will rise, analysts said.",
    )
    assert [q.speaker for q in found] == ["USDA", "Goldman Sachs"]


def test_the_group_is_the_group_an_indefinite_subject_introduced(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "A group of investment firms led by investor Natalie Koether said it is seeking "
        "control of Prime Medical Services Inc.\nIn a filing with the Securities and Exchange "
        "Commission, the group included a letter to Prime.\nThe group said it already holds "
        "17.5 pct of the shares.",
    )
    assert [q.speaker for q in found] == ["Natalie Koether"] * 2


def test_a_name_alone_after_a_closing_cue_speaks_not_the_first_of_a_list(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Acme Power said it will offer 500,000 shares.\nThe First Boston Corp, Drexel "
        "Burnham Lambert Inc and Merrill Lynch Capital Markets are the underwriters offering "
        "the stock, said Acme Power.\nThe stock is redeemable at any time, the company said.",
    )
    assert [q.speaker for q in found] == ["Acme Power"] * 3


def test_a_plural_noun_opening_a_sentence_before_a_place_is_no_name(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Eyewitnesses in the northern city of Zagreb reported far more police on the streets.\n"
        "Mr. Morgan of the Sierra Club said it was wrong.",
    )
    assert [q.speaker for q in found] == ["Morgan"]


def test_it_said_after_a_reported_clause_is_not_that_clauses_subject(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Sico Inc said it changed its name as part of a reorganization.\nThe company said it "
        "formed a new subsidiary, Sico Industries Inc.\nThe Toronto Paint Group is the largest "
        "paint maker in Canada, it said.\nSico Inc said because of the change, it believes costs "
        "will fall.",
    )
    assert {q.speaker for q in found} == {"Sico Inc"}


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        ("Press reports said Kaufhof wanted a stake of up to 12.5 pct in the shipping line.", []),
        (
            '"This product could open markets," Ways and Means chairman Dan Rostenkowski, an '
            "Illinois Democrat said.",
            ["Dan Rostenkowski"],
        ),
    ],
)
def test_press_reports_name_nobody_and_a_party_member_appositive_names_the_person(
    entity_stage: EntityStage, body: str, speakers: list[str]
) -> None:
    assert [q.speaker for q in _quotes(entity_stage, body)] == speakers


def test_a_state_body_named_by_what_it_is_speaks_as_written(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "LIMA, March 3 - Peru's trade deficit widened in January, central bank officials said.\n"
        "The government said it would cut spending.\nExports will recover, a finance ministry "
        "spokesman said.\nPrices will rise, a government official said.\nThe bank will "
        "lend more, Citibank said.\nRates will stay high, the central bank said.",
    )
    # "a government official" stays anonymous; "the central bank" is no commercial bank
    assert [q.speaker for q in found] == [
        "central bank",
        "government",
        "finance ministry",
        "Citibank",
        "central bank",
    ]


def test_it_after_a_reported_clause_is_the_body_that_spoke_last(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Corn sales rose to a record in the week, the U.S. Agriculture Department said.\n"
        "Japan added 689,700 tonnes to previous purchases.\nWheat sales fell by half from the "
        "previous week, it said.",
    )
    assert [q.speaker for q in found] == ["U.S. Agriculture Department"] * 2


def test_a_name_after_a_verb_and_the_is_no_subject_for_it(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Allegheny International Inc said it agreed to merge with an affiliate of First Boston "
        "Corp.\nAllegheny International's statement did not name the First Boston affiliate.\n"
        "It did say the offer will be conditioned on the tender of a majority.",
    )
    assert [q.speaker for q in found] == ["Allegheny International Inc"] * 2


def test_the_subject_of_a_relative_clause_speaks_not_its_antecedent(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Steelmakers presented the Executive Commission with a plan for the future of the "
        "industry which diplomats say it may be forced to accept.",
    )
    assert [q.speaker for q in found] == []


def test_a_body_before_a_role_and_a_name_qualifies_the_person_who_speaks(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "AUSTIN, Texas, March 4 - Texas Railroad Commissioner James Nugent, saying that the "
        "oilpatch cannot wait for Congress, urged lawmakers to adopt incentives.",
    )
    assert [q.speaker for q in found if q.cue == "saying"] == ["James Nugent"]


def test_a_state_body_opening_the_sentence_is_the_subject_of_a_later_cue(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Prices rose.\nThe government froze wages last month and said future rises must be "
        "linked to productivity.\nCentral bank officials met bankers and said rates would "
        "stay high.\nA government official visited the plant and said more strikes were "
        "likely.",
    )
    assert [q.speaker for q in found] == ["government", "central bank"]


def test_a_country_and_an_organisation_speak_together(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "GENEVA, March 4 - Canada and the European Community told a council meeting that the "
        "fee is illegal.",
    )
    assert [q.speaker for q in found] == ["Canada", "European Community"]


def test_a_plural_in_men_opening_a_sentence_after_a_dateline_is_no_name(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "WASHINGTON, March 4 - Congressmen from beef producing states urged the administration "
        "to press Japan to open its markets.",
    )
    assert [q.speaker for q in found] == []


def test_a_name_the_entity_stage_cut_after_of_is_the_whole_name(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Tin sales rose well above the agreed limit, the States of Malaya Chamber of Mines "
        "said.\nTaxes will rise, the Governor of Texas said.",
    )
    assert [q.speaker for q in found][:1] == ["States of Malaya Chamber of Mines"]
    assert "Governor of Texas" not in [q.speaker for q in found]


def test_a_consortium_and_a_committees_staff_speak_for_the_body_named_before(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "The Senate Agriculture Committee is expected to take up a bill tomorrow, committee "
        "staff said.\nThe European Airbus Industrie consortium has obtained 104 commitments for "
        "its planned jet, the consortium said.",
    )
    assert [q.speaker for q in found] == ["Senate Agriculture Committee", "Airbus Industrie"]


def test_sources_close_to_a_person_are_anonymous_and_a_titled_appositive_names_people(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Sources close to Finance Minister Edouard Balladur said he would welcome a rate cut.\n"
        "But two top German officials, State Secretaries Otto Schlecht and Hans Tietmeyer, "
        "told reporters Bonn saw no need for action.",
    )
    assert [q.speaker for q in found] == ["Otto Schlecht", "Hans Tietmeyer"]


def test_a_voice_at_a_named_body_after_the_cue_speaks_for_that_body(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        '"It\'s pure fiction," said one senior official at the Foreign Agricultural Service.\n'
        '"We are pleased," said a spokesman at the news conference.',
    )
    assert [q.speaker for q in found] == ["Foreign Agricultural Service"]


def test_a_place_after_a_preposition_and_an_article_names_no_speaker(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "A British naval source in the Gulf said today Iran had test-fired its new missiles.\n"
        "The Foreign Office said it was worried.",
    )
    assert [q.speaker for q in found] == ["Foreign Office"]


def test_a_companys_board_named_by_its_short_name_speaks_for_the_company(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "The directors of Hughes Tool Co said they would reject a merger with Baker Corp.\n"
        "The Hughes board last week indicated that it might cancel the merger with Baker.",
    )
    assert [q.speaker for q in found] == ["Hughes Tool Co", "Hughes Tool Co"]


def test_a_passive_participle_with_by_reports_nothing_of_what_it_follows(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Coupled with income tax cuts announced by Chancellor Nigel Lawson in his budget, the "
        "polls built pressure on the government.\nThe Treasury said it would sell more bonds.",
    )
    assert [q.speaker for q in found] == ["Treasury"]


def test_an_opening_adverb_and_its_comma_are_no_subject(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "Earlier, Yugoslav journalists, who asked to remain anonymous, told Reuters they had been "
        "barred from factories.\nMeanwhile, the Treasury said it would sell more bonds next week.",
    )
    assert [q.speaker for q in found] == ["Treasury"]


def test_a_bare_administration_or_government_is_the_one_named_before_with_its_qualifier(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "The Reagan administration opposes a securities tax, an administration official said.\n"
        "The House voted on the aid plan. The administration has said it intends to spend the "
        "money next month.\nA Philippine government agency approved the plant. Government "
        "sources said it would open in June.",
    )
    assert [q.speaker for q in found] == ["Reagan administration", "Reagan administration"]


def test_a_quantifier_opening_a_sentence_is_no_qualifier_of_a_state_body(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "Several top government officials told the farmers there was no reason to pay the tax.\n"
        "The West German government backs the farmers. Several top government officials told "
        "the association there was no reason to pay the tax.",
    )
    assert [q.speaker for q in found] == ["West German government"]


def test_a_capital_speaks_for_its_country_where_the_story_names_that_country(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "MIAMI, March 24 - The United States and Latin America will agree reforms. But Washington "
        "has previously said it would not agree to a nine billion dlr increase.\n"
        "The Soviet Union will cut its output. Moscow said the cut would be 10 pct of the total.",
    )
    assert [q.speaker for q in found] == ["United States", "Moscow"]


def test_a_government_spokesman_speaks_for_the_government_and_an_official_is_anonymous(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "BANGKOK, March 24 - The Cabinet approved a plan to buy two new planes for 126 mln dlrs, "
        "a government spokesman said.\nThe plan will cost more than expected, a government "
        "official said.",
    )
    assert [q.speaker for q in found] == ["government"]


def test_a_capital_by_an_older_name_speaks_for_its_country(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "PEKING, April 13 - China and Portugal signed an accord on Macao.\nPeking has said "
        "Chinese nationals in this category will be able to use their Portuguese passports.",
    )
    assert [q.speaker for q in found] == ["China"]


def test_a_body_and_its_short_form_in_apposition_after_the_clause_speak_as_the_body(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "WASHINGTON, April 1 - Farmers who split their farms to get around a cap on payments "
        "could add two billion dlrs to the cost of farm programs, the General Accounting Office, "
        "GAO, said.",
    )
    assert [(q.speaker, q.text[:7]) for q in found] == [("General Accounting Office", "Farmers")]


def test_a_short_form_the_entity_stage_missed_at_the_cue_is_the_name_it_resolved_elsewhere(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "SYDNEY, March 30 - <BTR Nylex Ltd> said it will raise its offer for <Borg-Warner "
        "(Australia) Ltd> (BWA) to five dlrs a share.\nBTR Nylex first bid for BWA in late "
        "January.\nBorg-Warner Corp, which owns 65 pct of BWA's shares, said it would not "
        "accept.\nBWA advised shareholders to ignore the offer and said other parties had "
        "expressed interest.",
    )
    assert [q.speaker for q in found][-1] == "Borg-Warner (Australia) Ltd"


def test_a_person_of_a_described_body_speaks_not_the_body(entity_stage: EntityStage) -> None:
    found = _quotes(
        entity_stage,
        "ZURICH, March 20 - Swiss banks are holding talks with church officials.\nJohn Smith of "
        'the Catholic charity Caritas told Reuters, "It is at least a small step forward."\n'
        "Ann Jones of the Australia and New Zealand Banking Group Ltd said rates would rise.",
    )
    assert [q.speaker for q in found] == ["John Smith", "Ann Jones"]


def test_a_hint_reports_what_was_hinted_and_a_preposition_opening_the_sentence_is_no_speaker(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "BONN, April 24 - Despite calls for lower interest rates, Bundesbank Vice-President "
        "Helmut Schlesinger has hinted that central bank policy may even have to be tightened.",
    )
    assert [(q.speaker, q.cue) for q in found] == [("Helmut Schlesinger", "hinted")]


def test_a_place_that_opens_the_name_of_the_company_the_story_names_speaks_as_the_company(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "TORONTO, April 8 - Dome Petroleum Ltd's plan to restructure its debt may force the "
        "company to sell its stake in <Encor Energy Corp Inc>, Dome said in a filing.\nDome "
        "said in the filing that the plan proposes payments to the lender.\nEncor shares had a "
        'market value of 313 mln dlrs. "The outcome cannot be predicted," the company said.',
    )
    assert {q.speaker for q in found} == {"Dome Petroleum Ltd"}


def test_a_speaking_place_that_opens_a_company_name_of_the_story_is_the_company() -> None:
    # the entity stage may leave the short name a place; as a speaker it is the company, where
    # it is no country or state
    body = (
        "TORONTO, April 8 - Dome Petroleum Ltd may sell its stake.\nDome said the plan was "
        "realistic.\nCanada said it would study the plan."
    )

    def mention(text: str, label: str, start: int = 0) -> EntityMention:
        at = body.index(text, start)
        return EntityMention(text, label, at, at + len(text), text)

    mentions = [
        mention("TORONTO", "location"),
        mention("Dome Petroleum Ltd", "org"),
        mention("Dome", "location", body.index("\nDome")),
        mention("Canada", "location"),
    ]
    assert [q.speaker for q in extract_quotes(body, mentions)] == ["Dome Petroleum Ltd", "Canada"]


def test_a_name_after_the_cue_ending_the_sentence_past_where_it_was_said_speaks(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "KUALA LUMPUR, April 8 - A fund will be launched next month, <Arab Malaysian Merchant "
        "Bank Bhd> (AMBB) said.\nThe fund, called <Malaysian Fund Inc>, will be sponsored by the "
        "merchant bank and a World Bank unit, said AMBB in a statement.",
    )
    assert {q.speaker for q in found} == {"Arab Malaysian Merchant Bank Bhd"}


def test_a_quantity_and_a_word_before_a_cue_word_in_s_make_it_a_noun(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "TOTOWA, N.J., April 17 - Acme Corp said it needs new financing.\nIt said it has asked "
        "the Securities and Exchange Commission and American Stock Exchange for an extension in "
        "filing 1986 annual reports while it tries to work out the new funding.",
    )
    assert {q.speaker for q in found} == {"Acme Corp"}


def test_a_person_before_an_unclosed_title_of_a_body_speaks_not_the_body(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "ADDIS ABABA, April 24 - Most African countries had carried out the reforms the "
        "recovery programmes recommended, Adebayo Adedji, Executive Secretary of the U.N.'s "
        "Economic Commission for Africa said.",
    )
    assert [q.speaker for q in found] == ["Adebayo Adedji"]


def test_sources_close_to_a_body_are_anonymous(entity_stage: EntityStage) -> None:
    text = (
        "ROME, April 27 - Representatives of the Group of Seven will meet in Sardinia next "
        "week, {} the Italian Foreign Ministry said.\nThe sources said the meeting would be "
        "informal."
    )
    assert [q.speaker for q in _quotes(entity_stage, text.format("sources close to"))] == []
    # the body's own voice speaks for it
    found = _quotes(entity_stage, text.format("a spokesman for"))
    assert [q.speaker for q in found][:1] == ["Italian Foreign Ministry"]


def test_the_voice_of_a_body_described_before_its_name_ends_the_reported_clause(
    entity_stage: EntityStage,
) -> None:
    found = _quotes(
        entity_stage,
        "TOKYO, June 2 - Japan planned to buy a supercomputer, a spokesman for the private "
        "business group Kansai Economic Federation told Reuters by telephone from Osaka.",
    )
    assert [(q.speaker, q.text) for q in found] == [
        ("Kansai Economic Federation", "Japan planned to buy a supercomputer")
    ]


def test_the_company_is_the_one_the_story_speaks_of_not_one_named_company(
    entity_stage: EntityStage,
) -> None:
    body = (
        "Tom Forte, an analyst at the Dana F. Besecker Company, said prices fell at Whole Foods. "
        "Whole Foods plans more than 300 such promotions in the next few months. The company "
        "also said it was lowering prices across the store."
    )
    found = [q for q in _quotes(entity_stage, body) if q.text.startswith("it was lowering")]
    assert [q.speaker for q in found] == ["Whole Foods"]


def test_a_short_label_ending_with_a_persons_name_before_a_colon_names_the_speaker(
    entity_stage: EntityStage,
) -> None:
    body = (
        "President Barack Obama has said the UK must stay in the EU.\n\n"
        'Media caption Barack Obama: "Great Britain has always been our best partner"'
    )
    found = [q for q in _quotes(entity_stage, body) if q.text.startswith("Great Britain")]
    assert [(q.speaker, q.cue) for q in found] == [("Barack Obama", ":")]


def test_declaring_an_act_is_no_quote_declaring_that_is(entity_stage: EntityStage) -> None:
    body = (
        "President Yoon Suk Yeol declared martial law around 10:30 p.m. Tuesday. "
        "Lee Jae-myung declared that the order was void."
    )
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.text) for q in found] == [("Lee Jae-myung", "the order was void")]


def test_where_a_participles_speaker_posted_is_not_who_speaks(entity_stage: EntityStage) -> None:
    body = "Senator Jane Doe went on Facebook saying that the bill was dead."
    found = _quotes(entity_stage, body)
    assert [(q.speaker, q.text) for q in found] == [("Jane Doe", "the bill was dead")]
