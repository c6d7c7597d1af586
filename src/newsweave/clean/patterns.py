"""Regular-expression families for page chrome, each with the short reason code it reports.

Every family is matched against one stripped line. A family has a word limit: chrome is
short, so a long prose paragraph that merely mentions "cookies" or "subscribe" is never
cut by a pattern alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE


@dataclass(frozen=True)
class Family:
    reason: str
    pattern: re.Pattern[str]
    max_words: int


def _f(reason: str, pattern: str, max_words: int = 14) -> Family:
    return Family(reason, re.compile(pattern, _I), max_words)


_CREDIT_WORDS = (
    r"(?:photo|photos|photograph|image|images|picture|pic|illustration|video|credit|foto)"
)
_AGENCIES = (
    r"(?:getty(?: images)?|afp|reuters|ap|ap photo|associated press|epa|pool|shutterstock|"
    r"istock(?:photo)?|alamy|bloomberg|xinhua|ani|pti|efe|dpa|anadolu|sipa|rex|zuma|"
    r"the new york times|nyt|wire ?image|unsplash|pexels|handout|file)"
)

# Families, checked in order; the first that matches gives the reason.
FAMILIES: tuple[Family, ...] = (
    _f(
        "navigation",
        r"^skip to (?:the )?(?:main )?(?:content|navigation|nav|menu|search|footer|"
        r"site index|article|main)",
    ),
    _f(
        "navigation",
        r"^(?:back to (?:top|gallery|home)|return to top|go to (?:home ?page|top)|"
        r"(?:main )?menu(?:sections)?|close(?: menu)?|open menu|toggle navigation|"
        r"site (?:index|map|information navigation)|home|search|next|previous|"
        r"(?:next|previous|prev) (?:article|post|story|page)\b.*|image \d+ of \d+|\d+ (?:/|of) \d+|"
        r"log ?in|log ?out|sign ?in|sign ?out|register|my account|toggle|expand|collapse)"
        r"[\s:»«>›←→.…]*$",
        8,
    ),
    _f(
        "audio-player",
        r"(?:getting your .{0,40}player ready|^listen to (?:this|the) "
        r"(?:article|story|podcast|episode)|^(?:audio|listen)(?: player)?[:.]?$|"
        r"^\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?$|^(?:play|pause|mute|unmute)(?: video| audio)?$|"
        r"^(?:now playing|up next|watch(?: now)?|video)\b.{0,60}$)",
        10,
    ),
    _f("copyright", r"^(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}|copyright)", 45),
    _f("photo-credit", rf"\(\s*{_CREDIT_WORDS}s?\b[^()]{{0,200}}\)\s*$", 80),
    _f("photo-credit", rf"^(?:{_CREDIT_WORDS}s?\s*(?:by|:|credit:?|©)|©\s*\w)", 20),
    _f(
        "photo-credit",
        rf"\b(?:source|credit|photo|image|picture)s?\s*:\s*[^.]{{0,80}}"
        rf"(?:/\s*|,\s*|\b){_AGENCIES}\)?\s*$",
        80,
    ),
    _f("photo-credit", rf"\(\s*[^()]{{0,80}}/\s*{_AGENCIES}\s*\)\s*$", 80),
    _f("photo-credit", r"credit\.\.\.|(?:image|photo) (?:copyright|caption|source)\b", 80),
    _f(
        "caption",
        r"^(?:caption|hide caption|toggle caption|enlarge this image|view (?:image|photo|"
        r"gallery)|gallery|slideshow|photos?|images?|\d+ (?:photos|images))[:.]?$",
        6,
    ),
    _f(
        "update-note",
        r"^\(\s*(?:updates?|updated|corrects?|adds|recasts|rewrites|refiles|"
        r"repeats|changes|fixes|edits)\b[^()]{0,200}\)\.?$",
        40,
    ),
    _f(
        "related-links",
        r"^(?:related(?: articles?| stories| content| posts| coverage| news| "
        r"links| reading| topics)?|read more|read next|see also|more (?:from|on|about|in|news|"
        r"stories|videos?|articles)\b.*|more stories like this|most (?:read|popular|viewed|shared|"
        r"emailed|commented)\b.*|recommended(?: for you| stories| reading)?|trending(?: now| "
        r"stories)?|you (?:may|might) (?:also )?(?:like|enjoy|be interested)\b.*|"
        r"further reading|also read|read also|top stories|latest(?: news| stories| posts)?|"
        r"popular(?: posts| stories| now)?|editor'?s? picks?|don'?t miss|in case you missed it|"
        r"what to read next|around the web|from the web|promoted stories|sponsored stories|"
        r"recent posts|related posts|more like this|keep reading|continue reading)\b",
        10,
    ),
    _f(
        "related-links",
        r"^(?:related|read more|see also|also read|read also|more|watch|"
        r"listen|recommended|must read)\s*[:|»›>-]\s*\S",
        30,
    ),
    _f("related-links", r"more stories like this are available on|^more stories like this\b", 20),
    _f(
        "copyright",
        r"(?:©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b|"
        r"\bmay not be (?:published|reproduced|copied|republished)\b)",
        45,
    ),
    _f(
        "sign-off",
        r"^(?:(?:best|kind|warm|warmest|with best)\s+)?regards\s*[,.]?$|"
        r"^(?:sincerely|yours (?:truly|sincerely)|cheers|best wishes)\s*[,.]?$",
        5,
    ),
    _f(
        "sign-off",
        r"\b(?:will|to) (?:continue to )?keep you (?:updated|posted|informed)\b|"
        r"\bthanks? (?:you )?for reading\b",
        60,
    ),
    _f(
        "contact",
        r"\b(?:please (?:contact|email|e-mail|reach out)|for (?:more|further) "
        r"information,? (?:please )?(?:contact|visit|call|email)|reach (?:the )?(?:reporters?|"
        r"writers?|authors?) (?:at|on)|send (?:us )?(?:tips|news tips)|contact us)\b",
        45,
    ),
    _f("contact", r"^(?:e-?mail|tel|phone|fax)?\s*:?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$", 6),
    _f(
        "contact",
        r"^follow (?:him|her|them|us|me|the author|\w+ \w+) on (?:twitter|facebook|"
        r"instagram|linkedin)\b",
        40,
    ),
    _f(
        "share",
        r"^(?:share(?: this| on| via| article| story| the story| this (?:article|story|"
        r"post))?|tweet|email|e-mail|print|pin|pin it|facebook|twitter|linkedin|whatsapp|"
        r"pinterest|reddit|flipboard|telegram|messenger|sms|copy(?: the)? link|link copied|"
        r"click to (?:share|email|print)\b.*|comment|save|bookmark|shares?|\d+ shares?)"
        r"[\s:!.…]*$",
        8,
    ),
    _f(
        "share",
        r"\b(?:share (?:this|it) (?:with|on)|click to share on|opens in new window|"
        r"share on (?:facebook|twitter|linkedin|whatsapp)|like us on facebook|follow us on)\b",
        25,
    ),
    _f(
        "newsletter",
        r"\b(?:sign up|sign-up|signup|subscribe|subscription|subscribers?|newsletters?|"
        r"in your inbox|to your inbox|delivered (?:to|straight to) your|unsubscribe|"
        r"get (?:the|our) latest|e-?mail address)\b",
        30,
    ),
    _f(
        "cookie",
        r"\b(?:cookies?|privacy (?:policy|notice|statement|settings)|terms (?:of|and) "
        r"(?:use|service|conditions|sale)|terms & conditions|ad ?choices|do not sell|gdpr|"
        r"consent)\b",
        40,
    ),
    _f(
        "advertisement",
        r"^(?:advertisement|advertising|advert|ad|ads|sponsored(?: content| by)?|"
        r"paid (?:content|post|partner)|promoted(?: content)?|partner content|"
        r"continue reading(?: the main story| below)?|story continues below(?: advertisement)?|"
        r"article continues (?:below|after)(?: advertisement)?|scroll to continue.*|"
        r"supported by|presented by|powered by.*)[\s:.…]*$",
        8,
    ),
    _f("source-link", r"^\(?\s*(?:source\s*:\s*)?(?:https?://|www\.)\S+\s*\)?$", 6),
    _f(
        "comments",
        r"^(?:\d+\s*)?(?:comments?|responses?|replies)\s*(?:\(\d+\))?$|"
        r"^(?:leave a (?:comment|reply)|post a comment|add a comment|view comments|show comments|"
        r"join the (?:conversation|discussion)|you must be logged in\b.*|you must log in\b.*|"
        r"comments? (?:are )?closed\b.*|\d+ comments?\b.*)",
        14,
    ),
    _f(
        "comments",
        r"^\S+(?: \S+)? (?:says|said|wrote|writes)\s*:$|"
        r"^\d+ (?:responses|comments|replies|thoughts) (?:to|on)\b",
        40,
    ),
    _f("tags", r"^(?:tags?|tagged|filed under|topics?|categories|category|keywords)\s*:", 40),
    _f(
        "byline",
        r"^(?:by|written by|posted by|reporting by|words by|von|por|par|oleh)\s+"
        r"[A-Z\u00c0-\u024f][\w.'’-]*(?:\s+(?:[A-Z\u00c0-\u024f][\w.'’-]*|and|&|de|van|von|da|"
        r"del|,))*[\s,|]*(?:(?:\w{3,9}\.? \d{1,2},? \d{4}|\d{1,2} \w{3,9} \d{4}).*)?$",
        14,
    ),
)

# Where readers' comments begin: their prose is not the article.
COMMENTS_START = re.compile(
    r"^\S+(?: \S+)? (?:says|said|wrote|writes)\s*:$|^\d+ (?:responses|comments|replies|thoughts) "
    r"(?:to|on)\b|^(?:leave a reply|comments are closed|\d+ comments?)\s*$",
    _I,
)

# A headline cut short by the page: "... with improved Alexa suppor..."
TRUNCATED = re.compile(r"\w(?:\.\.\.|…)$")

# A line that is only a date or a time ("November 19, 2019 at 6:34 am", "20 June 2023").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATELINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published|modified|date)\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+"
    r"\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
    r"(?:\s*(?:at|,|-|\|)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4})?)?\s*\|?$",
    _I,
)
# "1 hour ago", "7 hours ago"
RELATIVE_TIME = re.compile(
    r"^(?:about |updated )?\d+\s*(?:min|mins|minutes?|hours?|hrs?|days?|"
    r"weeks?|months?|years?)\s+ago$",
    _I,
)


def chrome_reason(text: str, words: int) -> str | None:
    """The reason code of the first chrome family that ``text`` (one stripped line) matches."""
    if not text:
        return None
    if words <= 12 and (DATELINE.match(text) or RELATIVE_TIME.match(text)):
        return "dateline"
    for fam in FAMILIES:
        if words <= fam.max_words and fam.pattern.search(text):
            return fam.reason
    return None


# A trailing parenthetical that is only a link, e.g. "... encouraged. (https://example.org/x)".
TRAILING_LINK = re.compile(r"\s*\(\s*(?:source\s*:\s*)?https?://[^\s()]+\s*\)\s*$", _I)

# A closing salutation: what follows it on the page is a signature, not article text.
CLOSING = re.compile(
    r"^(?:(?:best|kind|warm|warmest|with best)\s+)?regards\s*[,.]?$|"
    r"^(?:sincerely|yours (?:truly|sincerely)|best wishes)\s*[,.]?$",
    _I,
)
