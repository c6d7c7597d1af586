"""The compiled patterns that find time expressions, one :class:`Rule` per family.

Each rule's regex uses named groups that :mod:`normalize` reads. Patterns are compiled once
at import. Month and weekday names are matched case-sensitively (Title or UPPER case) so
"may", "march" or "sun" as ordinary words are not dates; function words are matched in any
case through scoped ``(?i:...)`` groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import NUMBER, NUMBER_WORD_ANY_CASE, ORDINALS, alternation


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]


def _cased(words: list[str]) -> str:
    forms: list[str] = []
    for w in words:
        forms += [w.capitalize(), w.upper()]
    return alternation(forms)


_MONTH_FULL = [
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
]  # fmt: skip
_MONTH_ABBR = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
_WEEKDAY_FULL = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]

# A month name with a day or year after it may be abbreviated ("Nov. 14", "Sept 30").
MONTH = rf"(?:{_cased(_MONTH_ABBR)})\.?(?=\s)|(?:{_cased(_MONTH_FULL)})"
MONTH_FULL = _cased(_MONTH_FULL)
WEEKDAY = _cased(_WEEKDAY_FULL)
WEEKDAY_ANY = rf"(?:{WEEKDAY})|(?:{_cased(_WEEKDAY_ABBR)})\.?"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[0-9]|20)\d\d"
ORDINAL = alternation(ORDINALS)
_DAY_PREFIX = rf"(?:(?P<wd>{WEEKDAY_ANY}),?\s+)?"
_NO_DIGIT_AFTER = r"(?!\d|:\d)"
# "March 21-22": a range of days, read as its first day.
_DAY_RANGE = rf"(?:[-\u2013](?:{DAY}))?"

MOD = (
    r"(?i:(?P<mod>early|mid|late|earlier|later|the\s+end\s+of|the\s+beginning\s+of|"
    r"the\s+start\s+of|the\s+middle\s+of|the\s+turn\s+of|the\s+rest\s+of|the\s+close\s+of|"
    r"the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+latter\s+half\s+of|"
    r"end\s+of|beginning\s+of|start\s+of|middle\s+of|end-|mid-))"
)
_MOD_PREFIX = rf"(?:{MOD}[\s-]*)?"
REL = (
    r"(?i:(?P<rel>last|next|this|past|coming|previous|the\s+past|the\s+last|the\s+next|"
    r"the\s+previous|the\s+prior|the\s+coming|the\s+following|the\s+current|this\s+past|"
    r"current|that|the))"
)
UNIT_SG = r"second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|millennium"
UNIT_PL = (
    r"seconds|minutes|hours|days|weeks|fortnights|months|quarters|years|decades|centuries|millennia"
)
_AMOUNT = (
    rf"(?P<n>{NUMBER}|(?i:several|a\s+few|few|many|(?:a\s+)?couple\s+of|a\s+couple|a\s+number\s+of|"
    r"dozens\s+of|hundreds\s+of|thousands\s+of|a\s+dozen|a\s+half|an|a))"
)
_APPROX = (
    r"(?i:(?P<approx>about|around|approximately|roughly|nearly|almost|more\s+than|less\s+than|"
    r"fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|over|under|"
    r"some|just|only|barely|within|well\s+over|close\s+to|upwards\s+of|a\s+little\s+over|"
    r"a\s+little\s+more\s+than|just\s+over|just\s+under)\s+)?"
)
_LEAD = (
    r"(?i:(?P<lead>the\s+past|the\s+last|the\s+next|the\s+first|the\s+final|the\s+latest|"
    r"the\s+previous|the\s+coming|the\s+following|the\s+remaining|the\s+prior|the\s+other|"
    r"the|past|last|next|first|another|an\s+additional|additional|each\s+of\s+the\s+past|"
    r"each\s+of\s+the\s+last)\s+)?"
)
# "two to three weeks", "12-18 months", "one or two days": the low end of a range.
_RANGE_LOW = rf"(?:(?P<low>{NUMBER})(?:\s*[-\u2013]\s*|\s+(?i:to|or)\s+)(?=[\w]))?"
CLOCK = (
    r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<min>[0-5]\d))?\s?(?P<ampm>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))"
    r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|BST|CET|CEST|ET|PT)\b)?"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<min24>[0-5]\d)(?:\s*(?P<tz24>GMT|UTC|BST|CET|CEST|[ECMP][SD]T)\b|"
    r"\s*(?i:hours|hrs|h)\b|\s+(?i:local\s+time)\b)"
    r"|(?P<word>(?i:noon|midday|midnight))"
    r"|(?P<oc>1[0-2]|[1-9]|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
    r"\s+o'clock"
)


def _rule(name: str, pattern: str, flags: int = 0) -> Rule:
    return Rule(name, re.compile(rf"(?<![\w$£€.-])(?:{pattern})(?![\w-]|\.\d)", flags))


RULES: tuple[Rule, ...] = (
    _rule(
        "iso",
        rf"(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?:[T ](?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::\d\d)?)?",
    ),
    _rule(
        "numeric",
        rf"(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>{YEAR}|\d\d)",
    ),
    _rule(
        "mdy",
        rf"{_DAY_PREFIX}(?P<month>{MONTH})\s+(?P<d>{DAY}){_DAY_RANGE}(?:,\s*|\s+)(?P<y>{YEAR})"
        rf"{_NO_DIGIT_AFTER}",
    ),
    _rule(
        "dmy",
        rf"{_DAY_PREFIX}(?P<d>{DAY})\s+(?i:of\s+)?(?P<month>{MONTH}),?\s+(?P<y>{YEAR})"
        rf"{_NO_DIGIT_AFTER}",
    ),
    _rule(
        "md",
        rf"{_DAY_PREFIX}(?P<month>{MONTH})\s+(?P<d>{DAY})"
        rf"(?:{_DAY_RANGE}(?=[\s,.;:)]|$))?{_NO_DIGIT_AFTER}(?!\s*%)",
    ),
    _rule(
        "week_of",
        rf"(?i:the\s+)?(?i:week\s+of)\s+(?P<month>{MONTH})\s+(?P<d>{DAY})(?:,?\s+(?P<y>{YEAR}))?"
        rf"{_NO_DIGIT_AFTER}",
    ),
    _rule("dm", rf"{_DAY_PREFIX}(?P<d>{DAY})\s+(?i:of\s+)?(?P<month>{MONTH_FULL})"),
    _rule(
        "month_year",
        rf"{_MOD_PREFIX}(?P<month>{MONTH})(?:\s+(?i:of))?,?\s+(?P<y>{YEAR}){_NO_DIGIT_AFTER}",
    ),
    _rule(
        "month",
        rf"{_MOD_PREFIX}(?:(?P<rel>(?i:last|next|this|past|coming|previous))\s+)?"
        rf"(?P<month>{MONTH_FULL}|Sept\.|Aug\.|Dec\.|Nov\.|Oct\.|Jan\.|Feb\.)(?!\s*\d)"
        r"(?:\s+(?P<rely>(?i:last|this|next))\s+(?i:year))?",
    ),
    _rule(
        "decade",
        rf"(?:(?i:the)\s+)?{_MOD_PREFIX}(?P<dec>(?:1[0-9]|20)\d0|'\d0|(?i:twenties|thirties|"
        r"forties|fifties|sixties|seventies|eighties|nineties))(?:'?s)?(?<=[s0])",
    ),
    _rule(
        "century",
        rf"(?:(?i:the)\s+)?{_MOD_PREFIX}(?P<c>\d{{1,2}}(?:st|nd|rd|th)|(?i:{ORDINAL}))"
        r"[\s-](?i:century)",
    ),
    _rule(
        "year",
        rf"(?:(?i:the\s+year)\s+)?{_MOD_PREFIX}(?:(?P<fiscal>(?i:fiscal(?:\s+year)?|FY|"
        rf"calendar(?:\s+year)?))\s*)?(?P<y>{YEAR})(?!\s*(?:%|(?i:percent|per\s+cent)))",
    ),
    _rule(
        "season",
        rf"{_MOD_PREFIX}(?:{REL}\s+)?(?P<season>(?i:spring|summer|fall|autumn|winter))"
        rf"(?:\s+(?i:of\s+)?(?P<y>{YEAR})|\s+(?P<rely>(?i:last|this|next))\s+(?i:year))?",
    ),
    _rule(
        "quarter",
        rf"(?:(?i:the)\s+)?(?:{REL}\s+)?(?:(?P<y1>{YEAR})(?:'s)?\s+)?"
        r"(?:(?P<relyq>(?i:this|last|next))\s+(?i:year's)\s+)?(?i:fiscal\s+)?"
        r"(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final))[\s-]+"
        r"(?i:fiscal[\s-]+)?(?i:quarter|period)(?!s)"
        rf"(?:\s+(?i:of\s+)?(?:(?i:fiscal\s+)?(?P<y2>{YEAR})|(?P<rely>(?i:this|last|next))\s+"
        r"(?i:year)|(?i:the\s+(?:fiscal\s+)?year)))?"
        rf"|(?P<qq>Q[1-4])(?:\s+(?P<y3>{YEAR}))?",
    ),
    _rule(
        "half",
        rf"(?:(?i:the)\s+)?(?P<hf>(?i:first|second|last|1st|2nd))[\s-](?i:half)"
        rf"(?:\s+(?i:of\s+)?(?:(?P<y>{YEAR})|(?P<rely>(?i:this|last|next))\s+(?i:year)|"
        r"(?i:the\s+year))|(?=\s+(?i:results|profit|earnings|sales|revenue|growth)))",
    ),
    _rule(
        "weekday",
        r"(?:(?P<pre>(?i:early|late|earlier|later))\s+)?(?:(?P<rel>(?i:last|next|this|past|"
        r"coming|this\s+past|the\s+past|the\s+coming|the\s+following|the\s+previous))\s+)?"
        rf"(?P<wd>{WEEKDAY})"
        r"(?:,?\s+(?P<part>(?i:morning|afternoon|evening|night|overnight)))?",
    ),
    _rule(
        "weekday_part",
        rf"(?P<part>(?i:morning|afternoon|evening|night))\s+(?i:on\s+)?(?P<wd>{WEEKDAY})",
    ),
    _rule(
        "relday",
        r"(?i:(?:(?P<pre>early|late|earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow|"
        r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
        r"(?:\s+(?P<part>morning|afternoon|evening|night))?)",
    ),
    _rule(
        "relpart",
        r"(?i:(?:(?P<pre>early|late|earlier|later)\s+)?(?P<w>this|last|tomorrow|yesterday|"
        r"the)\s+(?P<part>morning|afternoon|evening|night))",
    ),
    _rule(
        "relunit",
        rf"{_MOD_PREFIX}(?:(?P<rel>(?i:last|next|this|past|coming|previous|the\s+past|"
        r"the\s+last|the\s+next|the\s+previous|the\s+prior|the\s+coming|the\s+following|"
        r"the\s+current|this\s+past|current|the\s+same|the|that))\s+)"
        r"(?P<unit>(?i:week|weekend|month|year|quarter|decade|century|fiscal\s+year))"
        r"(?:\s+(?P<then>(?i:before|after|earlier|later|prior|ago)))?",
    ),
    _rule(
        "year_end",
        r"(?i:(?:the\s+)?(?P<w>full\s+year|year[-\s]end|year's\s+end))(?![-\s]+(?i:ago|earlier))",
    ),
    _rule(
        "ago",
        rf"{_APPROX}{_AMOUNT}\s+(?:(?i:more|full|long)\s+)?"
        rf"(?P<unit>(?i:{UNIT_PL}|{UNIT_SG}))\s+"
        r"(?P<dir>(?i:ago|earlier|later|from\s+now|hence)|(?i:before|after)"
        r"(?=\s*[,.;:!?)\"'”]|\s*$|\s+(?i:and|when|but|in|on|at|to|with|as)))",
    ),
    _rule(
        "year_ago",
        r"(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?"
        r"(?P<which>(?i:year-ago|year-earlier|year\s+ago|year\s+earlier|prior-year|latest|"
        r"most\s+recent))\s+(?:(?i:fiscal)\s+)?(?P<unit>(?i:quarter|period|fiscal\s+year|"
        r"year|month|week))|(?P<adj>(?i:year-ago|year-earlier))",
    ),
    _rule(
        "spoken_year",
        r"(?:(?i:the\s+year)\s+)?(?P<hi>(?i:nineteen|twenty))[\s-]+(?P<lo>(?i:(?:ten|eleven|twelve|thirteen|fourteen|"
        r"fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|"
        r"seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
        r"hundred|oh[\s-](?:one|two|three|four|five|six|seven|eight|nine)))"
        r"|(?:(?P<theyear>(?i:the\s+year))\s+)?(?i:two\s+thousand)(?:(?:\s+and)?\s+(?P<lo2>(?i:one|two|three|four|five|six|seven|"
        r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
        r"nineteen|twenty)))?",
    ),
    _rule(
        "ago_vague",
        rf"(?P<unit>(?i:{UNIT_PL}))\s+(?P<dir>(?i:ago|earlier|later))",
    ),
    _rule(
        "duration",
        rf"{_APPROX}{_LEAD}{_RANGE_LOW}{_AMOUNT}(?P<sep>[\s-]+)(?:(?i:more|additional|full|straight|consecutive|"
        r"long|trading|business|working|calendar|solid|extra|whole)\s+)?"
        rf"(?P<unit>(?i:{UNIT_PL}|{UNIT_SG}))(?P<half>\s+(?i:and\s+a\s+half))?"
        r"(?P<more>\s+(?i:or\s+so|or\s+more))?",
    ),
    _rule(
        "half_unit",
        rf"{_APPROX}(?i:(?:an?\s+)?half(?:\s+an?|-an?)?[\s-]+)(?P<unit>(?i:{UNIT_SG}))(?![\s-]long)",
    ),
    _rule(
        "adjective_duration",
        rf"(?P<n>\d+(?:\.\d+)?|{NUMBER_WORD_ANY_CASE}|(?i:several|multi|half|one-and-a-half|"
        r"two-and-a-half))-(?P<unit>(?i:second|minute|hour|day|week|month|year|decade|"
        r"century))(?P<old>-(?i:old|long))?(?:\s+(?P<noun>(?i:term|period|stint|tenure)))?",
    ),
    _rule(
        "vague_duration",
        r"(?P<lead>(?i:recent|the\s+past|the\s+last|the\s+next|the\s+coming|coming|"
        r"the\s+following|the\s+first|the\s+early|the\s+remaining|in\s+recent|the|for|over|"
        r"in|within|after|from)\s+)?"
        r"(?P<unit>(?i:years|months|weeks|days|decades|hours|minutes|centuries))"
        r"(?P<ahead>\s+(?i:ahead|to\s+come))?",
    ),
    _rule(
        "unit_long",
        r"(?P<unit>(?i:day|week|month|year|decade|decades|years|months|weeks|hours|hour))"
        r"-?(?i:long)",
    ),
    _rule(
        "set",
        r"(?P<every>(?i:every|each|per|a))\s+(?:(?P<n>(?i:other|two|three|four|five|six|"
        r"\d+))\s+)?"
        rf"(?P<unit>(?i:second|minute|hour|day|night|morning|evening|week|weekend|month|"
        rf"quarter|year|summer|winter|spring|fall|autumn)s?|{WEEKDAY}|{MONTH_FULL})",
    ),
    _rule(
        "set_adverb",
        r"(?P<adv>(?i:daily|nightly|weekly|monthly|annually|yearly|hourly|biweekly|"
        r"fortnightly|semiannually|bimonthly))",
    ),
    _rule(
        "set_weekday",
        rf"(?P<wd>{WEEKDAY})(?:s(?:\s+(?P<part>(?i:mornings|nights|evenings|afternoons)))?"
        r"|\s+(?P<part2>(?i:mornings|nights|evenings|afternoons)))",
    ),
    _rule(
        "clock",
        rf"(?:(?P<approx>(?i:about|around|approximately|shortly\s+after|shortly\s+"
        rf"before|just\s+after|just\s+before))\s+)?(?:{CLOCK})",
    ),
    _rule(
        "clock_date",
        rf"(?:{CLOCK}),?\s+(?:(?P<wd>{WEEKDAY})|(?P<rd>(?i:today|yesterday|tomorrow))|"
        rf"(?P<month>{MONTH})\s+(?P<d>{DAY}))",
    ),
    _rule(
        "ref",
        r"(?i:(?P<w>now|currently|nowadays|at\s+present|presently|the\s+present(?!\s+\w+ing)|"
        r"recently|recent|lately|the\s+past|the\s+(?:near|foreseeable|distant|immediate)\s+future|"
        r"the\s+future|these\s+days|the\s+time\s+being|current))",
    ),
    _rule(
        "holiday",
        r"(?P<hol>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))?|"
        r"Thanksgiving(?:\s+Day)?|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|"
        r"Independence\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Halloween|"
        r"Valentine's\s+Day|Boxing\s+Day|Election\s+Day)"
        rf"(?:\s+(?P<y>{YEAR}))?",
    ),
    _rule(
        "relative_day",
        r"(?i:(?P<rel>the|that|a|one|the\s+previous|the\s+prior|the\s+next|the\s+following|"
        r"the\s+same|that\s+same)\s+(?P<unit>day|night|morning|evening|afternoon)"
        r"(?:\s+(?P<dir>before|after|earlier|later|prior))?)",
    ),
)

RULE_ORDER: dict[str, int] = {rule.name: i for i, rule in enumerate(RULES)}
