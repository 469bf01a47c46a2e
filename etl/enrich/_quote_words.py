"""The words and patterns the quote stage reads by, and how far its searches look.

- Labels and limits. Every search runs over a bounded window, so odd bodies (unbalanced quotes,
  200,000-word paragraphs) cost linear time.
- Word lists: determiners, pronouns, titles, nouns for roles, voices and bodies, the words that
  open or end a clause.
- Regexes: quotation marks, sentence ends, name runs, datelines, the signature of an embedded post.
- The cue data. The reporting cues ("said", "told", "according to") and the nouns that go with
  them live in `data/quote_cues.json`. `cue_words()` reads it on first use, so importing the
  stage reads no file; `cue_matches` finds the cues in a text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# --- labels and limits ---------------------------------------------------------------------------

PERSON, ORG, LOCATION = "person", "org", "location"

MAX_UNCLOSED = 3000  # an unclosed quote longer than this is a stray mark, not a quote
MAX_QUOTE = 20_000  # how far a closing mark is looked for
MAX_SINGLE = 2000  # ... and a closing ’, which apostrophes make expensive to look for
MAX_CLAUSE = 1500  # the longest reported clause kept, in characters
LEFT_WINDOW = 250  # how far before a cue its subject may start
RIGHT_WINDOW = 200  # how far after a cue an inverted subject or "according to" may run
POSSESSOR_WINDOW = 300  # how far back "his office" finds its person
ANTECEDENT_WINDOW = 2500  # how far back a pronoun or a description finds its name
TITLE_WINDOW = 20_000  # ... and a title ("US President Donald Trump" -> "the president")
MASK = "\x1f"
CLAUSE_MARKS = "”\"’'»;:"  # what a subject's clause may start after, besides the unit start

# --- word lists ----------------------------------------------------------------------------------

# The cue lists of `data/quote_cues.json` and what is made of them: `cue_words()`, below.

# Capitalised cues that are still verbs mid-sentence; "Reports" or "Notes" are headings.
CAPITALISED_CUES = {"said", "says", "told", "added", "according to"}
# Cues that are no speech before "to": "adding to the pressure", "agreed to a rescue".
NOT_BEFORE_TO = set("added adds adding agreed agrees called".split()) | {"went on"}
# Determiners that make the next word a noun: "the tweets", "his call", "its statement".
NOUN_DETERMINERS = set("the a an his her its their our my your these those".split())
BE = set("is was are were be been being".split())
NEGATIONS = set("not never n't no declined refused".split())
# Words between a subject and its cue: "Biden has also repeatedly said".
AUXILIARIES = set(
    """has have had also later then previously repeatedly again earlier recently once further
    first separately publicly privately simply only just quickly often frequently long already
    would could will may might did does do reportedly similarly likewise since even still
    flatly bluntly angrily proudly openly frankly initially subsequently ultimately finally
    immediately directly however meanwhile both itself himself herself themselves""".split()
)
TIME_WORDS = set(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week
    month year night morning afternoon evening weekend january february march april may june
    july august september october november december""".split()
)
TIME_LEADS = set("on in last this early late next".split())
LEADING_WORDS = set("but and however the so meanwhile also then still yet".split())
PRONOUNS = {"he": PERSON, "she": PERSON, "it": ORG}
# Which gender a pronoun cannot refer to, and the words that show a person's gender: a title
# right before the name ("Ms Bardien"), or a pronoun in a sentence about that person alone.
OTHER_GENDER = {"he": "f", "she": "m"}
GENDER_TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f"}
# Only subject and reflexive pronouns: "his" and "her" often belong to someone else ("Trump
# praised her speech").
GENDER_PRONOUNS = {
    **dict.fromkeys("he himself".split(), "m"),
    **dict.fromkeys("she herself".split(), "f"),
}
# A state speaks through these when the phrase names it ("US officials", "the Israeli delegation")
STATE_VOICES = set(
    """official officials diplomat diplomats representative representatives delegation
    delegations delegate delegates envoy envoys negotiator negotiators spokesman spokeswoman
    spokesperson""".split()
)
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it"}
ANONYMOUS_PRONOUNS = set("they we i you which that this".split())
DETERMINERS = set("the a an this that these those his her its their our another".split())
INDEFINITE = set("a an another one some two three four several many".split())
# Words that only ever open a prepositional phrase, never a clause ("Beyond Des Moines, the
# union's new leaders declared"): a name after one is no subject.
PURE_PREPOSITIONS = set(
    """beyond unlike besides despite amid among amongst throughout within without toward towards
    across behind beside alongside upon via against between inside outside""".split()
)
PREPOSITIONS = set("of for from at with in by on to about into over under like as".split())
# Prepositions that follow a participle opening a sentence ("Appearing before the court").
OPENING_WORDS = set(
    """before after against between among amid through during without within across behind
    near toward towards upon despite beside alongside""".split()
)
# Adverbs that open a sentence before its subject, set off by a comma ("Earlier, ...")
SENTENCE_ADVERBS = set(
    """earlier later meanwhile however separately also instead still nevertheless nonetheless
    moreover furthermore additionally previously subsequently afterwards overall similarly
    likewise finally""".split()
)
# "by" after a cue verb: a passive participle ("the plan, announced by President Moon")
PASSIVE_BY = re.compile(r"\s+by\b")
SMALL_WORDS = set("a an the of and in on for to with at by from or nor but".split())
# An after-part that starts with these is an adjunct ("in a statement", "on Tuesday, after
# years of debate"), not what was said.
ADJUNCT_STARTS = PREPOSITIONS | set("during after before alongside while when".split())
# A clause before ", X said" does not end on these: "when, in fact, he responded quickly".
CONNECTIVES = set(
    """when if because as after before while though although since but and or so than that
    where whether fact""".split()
)
SUBORDINATORS = set(
    "as when while after before if although though because since once until".split()
)
# Lower-case role words right before a name: "defensive captain Cam Heyward".
ROLE_WORDS = set(
    """captain chair co-author adviser advisor host judge coach analyst spokesman spokeswoman
    spokesperson secretary director chief head editor founder member reporter""".split()
)
TITLE_WORDS = set(
    """mr mrs ms dr prof gov sen rep rev gen president governor senator minister secretary
    judge mayor coach ambassador chairman ceo""".split()
)
# A named person or organisation speaks through these: "a spokesperson for the Foreign
# Office", "a Homeland Security fact sheet", "the chairman of the Conservative Party",
# "Ivana Trump's brief"; the source nouns of the cue data too (`CueWords.voices`).
_VOICE_NOUNS = set(
    """spokesman spokeswoman spokesperson spokespeople representative representatives official
    officials statement statements release sheet report filing letter website post email memo
    notice document announcement account tweet blog note brief secretary officer chairman
    chairwoman chair chief head leader director directors president ceo executive minister
    ministry office rep reps publicist communications analyst analysts economist economists
    specialist specialists staff source sources""".split()
)
# A definite description with one of these heads is the organisation the story is about ...
ORG_NOUNS = set(
    """company firm group airline carrier agency organisation organization bank startup retailer
    automaker network newspaper paper platform club team league party broadcaster
    charity insurer lender publisher magazine newsletter alliance bloc coalition exchange
    consortium""".split()
)
# ... with one of these an organisation whose name holds the noun ("the ministry"; "the zoo",
# "zoo officials": the Oakland Zoo) ...
ORG_HEADS = set(
    """ministry department office commission committee council court government administration
    cabinet union agency authority institute university board bureau association zoo museum
    aquarium hospital library college""".split()
)
# ... and with one of these the person who spoke last, when no name nearby carries the noun
# ("the actor said" after "Van Der Beek said").
PERSON_NOUNS = set(
    """actor actress singer star player president minister senator governor lawmaker congressman
    congresswoman executive founder coach manager chairman chairwoman candidate nominee leader
    premier mayor author writer ambassador official diplomat spokesman spokeswoman spokesperson
    chief economist analyst professor scientist researcher lawyer attorney judge rapper
    musician director businessman businesswoman billionaire entrepreneur driver quarterback
    striker captain champion secretary""".split()
)
# Words abbreviated with a period; the title abbreviations of the cue data too
# (`CueWords.abbreviations`).
_ABBREVIATED_WORDS = set(
    """mr mrs ms dr prof gov sen rep reps sens gen lt col maj capt adm sgt rev st jr sr inc corp
    co ltd no vs mt ft jan feb mar apr jun jul aug sep sept oct nov dec pres supt det cpl pvt
    insp""".split()
)
# Capitalised words that name nobody: a fallback name does not start with one ...
NOT_NAMES = (
    set(
        """he she it they we i you this that these those the a an but and or so yet then there
        here others some many most all both everyone nobody someone people who what when where
        why how however meanwhile still also his her their its our my one two in on at as if
        after before while according asked for with by from no yes of other another each
        every several few such""".split()
    )
    | TIME_WORDS
    | PURE_PREPOSITIONS  # "Despite calls for lower rates, X has hinted"
)
# ... and is not one of these plural nouns that open sentences ("Prosecutors said").
GROUP_NOUNS = set(
    """prosecutors investigators researchers scientists doctors voters activists lawmakers
    legislators supporters opponents leaders officers workers economists executives organizers
    organisers scholars advocates parents teachers students protesters protestors demonstrators
    authorities regulators diplomats negotiators insiders aides advisers advisors officials
    analysts experts critics sources residents witnesses observers police democrats republicans
    conservatives liberals tories militants rebels troops soldiers survivors victims families
    neighbors neighbours fans players coaches users customers consumers traders investors owners
    farmers locals citizens americans backers proponents defenders skeptics sceptics detractors
    members employees staff partners colleagues friends relatives""".split()
)

# A clause that opens with its subject: "added he would", "suggested there were", though
# "added a second goal" has no clause after it. So does a short noun phrase and a finite verb:
# "added the attack was retaliation".
NOMINATIVE = re.compile(
    r"\s+(?:(?:he|she|they|we|I)\s+[a-z]|there\s+(?:is|was|are|were|would|will|could|may|might"
    r"|had|has|have|should)\b"
    r"|(?:the|its|his|her|their|this)\s+(?:[a-z][\w’'-]*\s+){1,3}?(?:is|was|are|were|would|will"
    r"|could|may|might|had|has|have|should|must)\s)"
)
QUESTION = re.compile(r"\s+(?:why|whether|if|how|what|when|where|who|for)\s")
# Singular nouns for an unnamed person: "a resident said", "one woman told".
ANONYMOUS_PEOPLE = set(
    """man woman person source resident witness official officer worker student teacher
    neighbour neighbor friend relative mother father son daughter wife husband passenger
    bystander owner customer employee aide adviser advisor insider member survivor victim
    parent voter fan""".split()
)

# --- regexes -------------------------------------------------------------------------------------

TOKEN = re.compile(r"[\w’'-]+")
PARAGRAPH = re.compile(r"[^\n]+")
OPENER = re.compile("[“\"‘«']")
CLOSE_CURLY = re.compile("”|’’|''|\"|“")  # a doubled single mark closes too; “ means unclosed
CLOSE_STRAIGHT = re.compile('["”]')  # mixed marks happen: "Oz has a bully pulpit,” said X
CLOSE_SINGLE = re.compile(r"’(?=[\s.,;:!?)—–-]|\Z)")  # unlike the apostrophe of "don’t"
# British style quotes with straight marks ('We will not back down,' he said; the plan was 'a
# disgrace'.): an apostrophe closes one only after the quote's own punctuation or right before
# the sentence's, unlike "the players' union" or "rock 'n' roll".
OPEN_STRAIGHT_SINGLE = re.compile(r"(?:(?<=[\s(\[—–-])|^)'(?=\w)", re.M)
CLOSE_STRAIGHT_SINGLE = re.compile(r"(?<=[,.!?])'(?=[\s)—–-]|\Z)|(?<=\w)'(?=[.,;:!?](?:\s|\Z))")
BOUNDARY = re.compile(r"[.!?]+[\"”’'»)\]]*\s+")
# A word for walking back from a cue; commas, brackets, masked quotes and lone dashes are not.
WORD = re.compile(r"[^\s,;:()\x1f—–-][^\s,;:()\x1f]*")
# "al-Qabas", "el-Sisi": an Arabic article joined to a name
ARTICLE_JOINED = r"(?:al|el|ad|ash|as|at|ar)-[A-Z]"
NAME_WORD = re.compile(
    rf"(?:[A-Z]\.){{1,3}}|{ARTICLE_JOINED}[\w’'.-]*|[A-Z][\w’'.-]*"
    r"|(?:of|for|and|de|van|von|al|bin|la)"
)
NAME_RUN = re.compile(r"(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*\w(?=\s+[a-z])")
PHRASE_STOP = re.compile(
    r"[,;:!?\x1f“\"(]|\.(?=\s|\Z)|\s[—–-]+\s|\s(?:who|which|that|when|while|as|in|on|at|during"
    r"|after|before|via|through|because|since|about|to)\s"
)
PHRASE_STOP_LOOSE = re.compile(r"[,;:!?\x1f“\"(]|\.(?=\s|\Z)|\s[—–-]+\s")
THAT = re.compile(r"\bthat\b")
TOLD_OBJECT = re.compile(
    r"\s+(?:the\s+)?(?:[A-Z][\w.’'-]*[:,]?\s+){1,4}"
    r"|\s+(?:reporters|him|her|them|us|me|journalists|the\s+\w+)(?:,\s*|\s+)"
)
INTERPRETER = re.compile(r"\s+(?:through|via)\s+(?:an?\s+)?(?:interpreter|translator)\b")
DASH_ATTRIBUTION = re.compile(r"[ \t]*[―—–]+[ \t]*")
# The signature line of an embedded post: "— Jane Doe 🌈 (@janedoe) November 18, 2019".
EMBED_SIGNATURE = re.compile(
    r"[ \t]*[―—–-]+[ \t]*(?P<name>[^\n(@]{0,80}?)[ \t]*\(@\w{1,30}\)[ \t]+"
    r"[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},[ \t]+\d{4}[ \t]*\Z"
)
EMBED_NAME = re.compile(r"[^\W\d_][\w.’'-]*(?:[ \t]+[^\W\d_][\w.’'-]*)*")
APPOSITIVE = re.compile(r",[^,.;:\n“”\"]{1,120}")
APPOSITIVE_OPEN = re.compile(r"\.?\s*[,(]|\s+[—–-]+\s")
APPOSITIVE_CLOSE = re.compile(r"\s[—–-]+\s*\Z|\)\s*\Z")
PARTICIPLE_AFTER = re.compile(
    r"(?:,|[—–]|\s-|\b(?:and|while|after|before|by|for|also|when|in)"
    # "issued a report saying", "sent an email on Friday morning saying"
    r"|\b(?:statement|email|tweet|report|letter|release|memo|communique)"
    rf"(?:\s+(?:(?:{'|'.join(sorted(TIME_LEADS))})\s+)?"
    rf"(?i:{'|'.join(sorted(TIME_WORDS))})"
    r"(?:\s+(?:morning|afternoon|evening|night))?)?)\s*\Z"
)
LEAD = re.compile(r"[^\w\x1f]*(?:(?:But|And|So|Then|Still|Later|Earlier|Meanwhile|However),?\s+)?")
# "WASHINGTON – ", "KYIV, Ukraine (AP) — ", "TORONTO, March 2 - ": a dateline opening a
# paragraph names no subject
DATELINE = re.compile(
    r"[A-Z][A-Z.’' -]*[A-Z.](?:,\s*[A-Z][\w.’' ]{1,30}){0,2}\s*(?:\([^()\n]{1,30}\)\s*)?[—–-]+\s+"
    # "London, March 30 - ": a place in mixed case, where a date follows it
    r"|[A-Z][\w.’' ]{1,30},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*[—–-]+\s+"
)
# "said it had no comment", "said he could not comment on ...": a non-response reports nothing,
# as "declined to comment" does not
NO_COMMENT = re.compile(
    r"(?:(?:it|he|she|they|the\s+\w+|\w+)\s+)?(?:had|has|have|would\s+have|could|would|will|"
    r"can|did|was|is|were|are)\s*(?:no|not|n[’']t)\s+(?:immediate\s+|further\s+|official\s+)?"
    r"(?:comment(?=\s+(?:on|about|regarding)\b|\s*[.,;:]|\s*\Z)|be\s+commenting|commenting)",
    re.IGNORECASE,
)
# The gap between two coordinated names: the last holds "and" ("Canada and the EC", "Egypt &
# Jordan"); one before it in a list may be a comma alone ("Egypt, Jordan and Saudi Arabia").
_AND = r",?\s*\band\s+(?:the\s+)?|\s*&\s*"
AND_GAP = re.compile(rf"(?:{_AND})\Z")
LIST_GAP = re.compile(rf"(?:{_AND}|,\s*)\Z")
POSSESSIVE = re.compile(r"[’']s?\Z")


def singular(noun: str) -> str:
    """A plural noun's singular, by the regular rule: "companies" -> "company", "firms" ->
    "firm"."""
    return noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")


# A time phrase that ends its clause right after a cue: "said Sunday, marking ...".
TIME_ADJUNCT = re.compile(
    rf"(?i:(?:(?:{'|'.join(sorted(TIME_LEADS))})\s+)?(?:{'|'.join(sorted(TIME_WORDS))})"
    r"(?:\s+(?:morning|afternoon|evening|night))?)(?:\s*,|\s*\Z)"
)
POSSESSIVE_AFTER = re.compile(r"[’'](?:s\b|\s)")
# A name joined to a lower-case word modifies the noun after it: "the Minneapolis-based company".
JOINED_AFTER = re.compile(r"-[a-z]")
# A place that qualifies a group of private people: "New York cocoa traders reacted ...". A
# state's own voices ("US officials", "Chicago police") are left to the rules for those.
_STATE_AGENTS = STATE_VOICES | set("police troops soldiers authorities".split())
_PRIVATE_GROUPS = "|".join(sorted(GROUP_NOUNS - _STATE_AGENTS))
PLACE_OF_GROUP = re.compile(rf"[ \t]+(?:[a-z][\w-]*[ \t]+){{0,2}}(?:{_PRIVATE_GROUPS})\b")
# "in a Telegram post", "on X", "via WhatsApp": what comes next is where it was said, not who.
MEDIUM_BEFORE = re.compile(r"\b(?:in|on|via|through)\s+(?:(?:a|an|the|its|his|her|their)\s+)?\Z")
# the kinds of publication a title stands beside ("the journal Nature Astronomy", "the Observer
# newspaper")
OUTLET_NOUNS = frozenset({"journal", "magazine", "newspaper", "weekly", "daily"})
# the parts of a company that are companies of their own: "Raytheon Co's Stearns Catalytic
# unit", "NEC Electronics Inc, a unit of NEC Corp"
UNIT_NOUNS = "unit|subsidiary|division|affiliate|arm"
# "according to a memo seen by Reuters": who saw a document is not who speaks through it; nor
# is where it appeared ("according to a paper published in the journal Nature Astronomy")
READER_BEFORE = re.compile(
    r"\b(?:seen|obtained|reviewed|viewed|read)\s+by\s+(?:the\s+)?\Z"
    r"|\b(?:published|printed|posted|appeared|aired)\s+(?:online\s+)?in\s+(?:the\s+)?"
    rf"(?:(?:{'|'.join(sorted(OUTLET_NOUNS))})\s+)?\Z"
)


# --- cue data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CueWords:
    """The cue lists of `data/quote_cues.json` (what each list is: its "_source") and the sets and
    patterns made of them."""

    # Cue phrases of several words ("according to"), and the first words of those.
    phrase: re.Pattern[str]
    phrase_first: set[str]
    # "Gov." is a governor: the short titles before a name, for "the governor said".
    title_abbreviations: dict[str, str]
    # One-word cues, and among them (data: evaluative) verbs that judge rather than report:
    # speech only with a quote ("Trump attacked “the hateful ideology ...”", "Japan branded North
    # Korea an “outlaw nation”").
    verbs: frozenset[str]
    # Cues that report speech only with a quote next to them: "Trump called it “a disgrace”", but
    # "she called the police", "the shares continued to fall" (the evaluative verbs too).
    quote_only: frozenset[str]
    # Cues that give an indirect quote only before "that" or after the clause ("X added that ...",
    # "..., X added"): "Messi added a second goal", "she wrote a book", "Nadal claimed the title",
    # "Garrett responded by hitting him".
    needs_that: frozenset[str]
    # Cues whose speaker may follow them: "“...,” said Arturo Sarukhan".
    invertible: frozenset[str]
    # A participle whose subject was spoken to or about, with the preposition after it:
    # "Minister accused of lying", "Residents urged to stay indoors" (data: receiver_participles).
    receiver_participles: dict[str, re.Pattern[str]]
    # Cues only with a data or source noun in their subject, "Statistics Bureau figures show":
    # the cues, and the nouns.
    data_verbs: frozenset[str]
    data_subjects: frozenset[str]
    # The writings a source speaks through ("report", "statement"; data: source_nouns), and the
    # writing a cue's speaker said it in, before the clause with no "that": "said in a
    # statement it would ...", "said in its annual report yesterday the economy ...".
    writings: frozenset[str]
    said_in: re.Pattern[str]
    # Who was told, up to an audience noun and the names and days after it: "told a news
    # conference in Caracas on Monday", "told reporters", "told the annual meeting of shareholders".
    told_audience: re.Pattern[str]
    # "according to a new report by X": the writing a source speaks through, then the source.
    source_by: re.Pattern[str]
    # `_VOICE_NOUNS`, and the writings and figures of the source and data nouns: "a study by the
    # Urban Institute concluded", "according to Census Bureau data": the institute, the bureau.
    voices: set[str]
    # `_ABBREVIATED_WORDS` and the short titles.
    abbreviations: set[str]
    # "the Philippine government", "Inner Mongolia health authority": a named place's body speaks.
    institution_nouns: frozenset[str]
    # ... but "the Conservatives have said" is the party (data: party_nouns).
    party_nouns: frozenset[str]
    # ... and their singulars a member: "the Democrat said" is the person, as "the senator" is
    member_nouns: frozenset[str]
    # "prosecutors said": the prosecuting body the text names, whose name holds one of these words.
    group_bodies: dict[str, list[str]]
    # "the union": a body whose name holds the noun or one of these words ("... Flight
    # Attendants"), by kind noun (data: kind_names)
    kind_names: dict[str, re.Pattern[str]]
    # "X and his colleagues": the people a named person leads or works with (data: associate_nouns)
    associates: re.Pattern[str]


def _base_forms(verbs: frozenset[str]) -> list[str]:
    """The base forms of the one-word cues whose past is a cue too: "argue" of "argues" and
    "argued", "stress" of "stresses", "deny" of "denies"; and "say" and "tell"."""
    bases = {"say", "tell"}
    for verb in verbs:
        if not verb.endswith("s") or " " in verb:
            continue
        if verb.endswith("ies"):
            base = verb[:-3] + "y"  # "denies"
        elif verb.endswith(("sses", "shes", "ches", "xes", "zzes")):
            base = verb[:-2]  # "stresses"
        else:
            base = verb[:-1]
        past = base[:-1] + "ied" if base.endswith("y") else base.removesuffix("e") + "ed"
        if past in verbs:
            bases.add(base)
    return sorted(bases)


def _told_audience(nouns: list[str]) -> re.Pattern[str]:
    one = f"(?i:{'|'.join(sorted(nouns))})"
    noun = rf"{one}(?:\s+{one})*"  # "a news conference", "a subcommittee hearing"
    name = r"[A-Z0-9][\w.’'&-]*(?:\s+(?:(?:of|and|for|de|the|&)\s+)?[A-Z0-9][\w.’'&-]*)*"
    # where the audience ends: the sentence, a clause's subject, "that", a quotation
    ends = (
        r"(?=\s*[.,;:\"“]|\s*\Z|\s+(?:the|an?|his|her|its|their|he|she|it|they|we|I|that"
        r"|here|today|yesterday|on|in|at|last|this)\b)"
    )
    return re.compile(
        r"\s+(?:"
        rf"(?:a|an|the|his|her|its|their|this)\s+(?:[\w.’'&-]+\s+){{0,4}}?{noun}"
        rf"|(?:(?!(?:him|her|them|us|me|you|it)\b)[\w.’'&-]+\s+){{0,2}}?{noun}"
        r")\b"
        # "of local businessmen", "in Caracas", "on Tokyo financial markets", "here", "on Monday"
        rf"(?:\s+(?:of|in|at|on|for|from|with)\s+(?:[\w.’'&-]+\s+){{0,3}}?[\w.’'&-]+{ends}"
        rf"|\s+(?:of|in|at|on|for|from|with)\s+(?:the\s+)?{name}"
        r"|\s+(?:here|today|yesterday|tonight|last\s+[A-Z]\w+))*"
        r"(?:,\s*|\s+|(?=[.;:!?]|\Z))"
    )


@cache
def cue_words() -> CueWords:
    """The cue data, read on first use: importing the stage reads no file."""
    cues = json.loads(
        (Path(__file__).resolve().parent / "data" / "quote_cues.json").read_text("utf-8")
    )
    verbs = frozenset(cues["verbs"])
    attempts = [f"{a} to {base}" for a in cues["attempt_verbs"] for base in _base_forms(verbs)]
    phrases: list[str] = cues["phrases"] + attempts
    phrase_re = "|".join(p.replace(" ", r"\s+") for p in phrases)
    evaluative = frozenset(cues["evaluative"])
    data_verbs = frozenset(cues["data_verbs"])
    source_nouns = "|".join(sorted(cues["source_nouns"]))
    party_nouns = frozenset(cues["party_nouns"])
    return CueWords(
        phrase=re.compile(rf"(?i:{phrase_re})(?![\w’'-])"),
        phrase_first={p.split()[0] for p in phrases},
        title_abbreviations=cues["title_abbreviations"],
        verbs=verbs | evaluative | data_verbs,
        quote_only=frozenset(cues["quote_only"]) | evaluative,
        needs_that=frozenset(cues["needs_that"]) | frozenset(attempts),
        invertible=frozenset(cues["invertible"]),
        receiver_participles={
            verb: re.compile(rf"\s+(?:{'|'.join(words)})\b")
            for verb, words in cues["receiver_participles"].items()
        },
        data_verbs=data_verbs,
        data_subjects=frozenset(cues["data_nouns"]) | frozenset(cues["source_nouns"]),
        writings=frozenset(cues["source_nouns"]),
        said_in=re.compile(
            r"\s+in\s+(?:a|an|the|its|his|her|their)\s+(?:[\w.&’'-]+\s+){0,3}?"
            rf"(?:{source_nouns})"
            r"(?:\s+(?:yesterday|today|on\s+[A-Z]\w+))?\s+"
            r"(?=(?:it|he|she|they|we|I|there|the|an?|its|his|her|their|this|these|those)\s"
            r"|[A-Z“\"])"
        ),
        told_audience=_told_audience(cues["audience_nouns"]),
        source_by=re.compile(
            rf"\s+(?:an?|the)\s+(?:[a-z][\w-]*\s+){{0,3}}?(?:{source_nouns})\s+(?:published\s+)?"
            r"(?:by|in|from)\s+"
        ),
        voices=_VOICE_NOUNS | set(cues["source_nouns"]) | set(cues["data_nouns"]),
        abbreviations=_ABBREVIATED_WORDS | set(cues["title_abbreviations"]),
        institution_nouns=frozenset(cues["institution_nouns"]),
        party_nouns=party_nouns,
        member_nouns=frozenset(singular(n) for n in party_nouns),
        group_bodies=cues["group_bodies"],
        kind_names={
            kind: re.compile(rf"(?i)(?<![\w-])(?:{'|'.join(map(re.escape, words))})(?![\w-])")
            for kind, words in cues["kind_names"].items()
        },
        associates=re.compile(
            r"(?:,?\s+and|\s*&)\s+(?:his|her|their)\s+(?:[a-z-]+\s+)?"
            rf"(?:{'|'.join(sorted(cues['associate_nouns']))})"
        ),
    )


def cue_matches(masked: str, start: int, end: int) -> list[re.Match[str]]:
    """Cue words and phrases: a word scan and a set lookup, much faster than one alternation of
    every cue."""
    cue_lists = cue_words()
    found: list[re.Match[str]] = []
    for word in TOKEN.finditer(masked, start, end):
        folded = word.group().casefold()
        if found and word.start() < found[-1].end():
            continue  # a word of the phrase just found ("going on to say")
        if folded in cue_lists.phrase_first and (
            phrase := cue_lists.phrase.match(masked, word.start(), end)
        ):
            found.append(phrase)
        elif folded in cue_lists.verbs:
            found.append(word)
    return found
