"""Who holds which office, as an article states it ("Foreign Minister Qin Gang").

Three forms are read from the parse: a title right before a person ("Treasury Secretary
Janet Yellen"), an appositive after the name ("Wang Yi, China's highest-ranking diplomat")
and an appositive before it ("the Director of the ... Office, Wang Yi"). ``office_of`` maps a
role to a normalised office and its family, so "Sen." = "Senator" and "Defense Secretary" =
"Secretary of Defense"; a role with no office in it ("top foreign policy official") is a
description and has no office.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.analyze.nlp import doc_text
from newsweave.model import Mention, RoleClaim

Doc = Any  # a spaCy Doc


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that can make up a title written before a name (capitalised in that position).
TITLE_WORDS = _words(
    """president vice prime minister secretary sen. senator rep. representative gov. governor
    lt. lieutenant gen. general col. colonel maj. major capt. captain sgt. sergeant adm. admiral
    attorney speaker leader majority minority whip house senate state councilor councillor
    director deputy assistant chief foreign defense defence finance treasury commerce energy
    interior labor justice homeland security health education transportation agriculture
    veterans affairs housing trade mayor chairman chairwoman chair premier ambassador judge
    justice congressman congresswoman commissioner spokesman spokeswoman press adviser advisor
    national central commission committee office party communist ccp general-secretary
    pentagon diplomat envoy first lady special counsel u.s. us former acting then- interim
    department of the for and top"""
)
HEADS = _words(
    """president minister secretary sen. senator rep. representative gov. governor lt. general
    gen. col. colonel maj. capt. captain sgt. adm. admiral speaker leader whip councilor
    councillor director mayor chairman chairwoman chair premier ambassador judge justice
    congressman congresswoman commissioner spokesman spokeswoman adviser advisor diplomat
    envoy official counsel lawmaker chief"""
)
NAME_TITLES = _words(
    "mr. mrs. ms. dr. president sen. senator rep. gov. secretary minister director"
)
RX_APPOSITIVE_END = re.compile(r"[,.;:()\"“”]|\s(?:who|which|said|says|and|was|is|has|had)\s")
RX_FORMER = re.compile(
    r"\b(?:former|ex-)\s*(?:(?:Democratic|Republican|U\.S\.|US|state|longtime)\s+)?$", re.I
)
STALE = re.compile(r"\b(?:former|ex-|then-|late|outgoing|incoming|onetime|future)\b", re.I)


@dataclass(frozen=True)
class Office:
    """A normalised office: ``key`` ("secretary of defense") and its ``family`` ("cabinet")."""

    key: str
    family: str


_ABBREV = {
    "sen.": "senator", "sen": "senator", "rep.": "representative", "rep": "representative",
    "gov.": "governor", "gov": "governor", "lt.": "lieutenant", "gen.": "general",
    "col.": "colonel", "maj.": "major", "capt.": "captain", "sgt.": "sergeant",
    "adm.": "admiral", "congressman": "representative", "congresswoman": "representative",
    "councillor": "councilor", "defence": "defense", "chairwoman": "chairman", "chair": "chairman",
}  # fmt: skip
_DEPARTMENTS = (
    "state|defense|treasury|commerce|energy|interior|labor|homeland security|health|"
    "education|transportation|agriculture|veterans affairs|housing|health and human services"
)
_TOP_US_DIPLOMAT = r"\btop (?:u\.?s\.?|american|us) diplomat\b|\bamerica's top diplomat\b"
_CFAC_DIRECTOR = "director of the central foreign affairs commission office"
_COUNTRY = re.compile(r"^(?:u\.?s\.?|chinese|american|russian|british|israeli) ")
_FAMILY_RULES: tuple[tuple[str, str, str], ...] = (
    # (regex on the normalised role, office key or "\\g<n>" template, family)
    (_TOP_US_DIPLOMAT, "secretary of state", "cabinet"),
    (r"\bpentagon chief\b", "secretary of defense", "cabinet"),
    (r"\bvice president\b", "vice president", "executive"),
    (r"\b(?:deputy|vice) prime minister\b", "deputy prime minister", "minister"),
    (r"\b(?:deputy|vice|junior) minister\b", "deputy minister", "minister"),
    (r"\b(?:deputy|assistant|under) secretary\b", "deputy secretary", "cabinet"),
    (r"\bprime minister\b", "prime minister", "minister"),
    (r"\bpremier\b", "prime minister", "minister"),
    (r"\bforeign affairs (?:commission|office)\b", _CFAC_DIRECTOR, "minister"),
    (r"\bstate councilor\b", "state councilor", "minister"),
    (r"\b(\w+) minister\b", "minister of {0}", "minister"),
    (r"\bminister of (?:the )?(\w+)\b", "minister of {0}", "minister"),
    (rf"\bsecretary of (?:the )?({_DEPARTMENTS})\b", "secretary of {0}", "cabinet"),
    (rf"\b({_DEPARTMENTS}) secretary\b", "secretary of {0}", "cabinet"),
    (r"\battorney general\b", "attorney general", "cabinet"),
    (r"\bspeaker\b", "speaker", "leadership"),
    (r"\b(majority|minority) (leader|whip)\b", "{0} {1}", "leadership"),
    (r"\bsenator\b", "senator", "legislator"),
    (r"\brepresentative\b", "representative", "legislator"),
    (r"\blieutenant governor\b", "lieutenant governor", "governor"),
    (r"\bgovernor\b", "governor", "governor"),
    (r"\bmayor\b", "mayor", "mayor"),
    (r"\bchief justice\b", "chief justice", "judiciary"),
    (r"\bjustice\b", "justice", "judiciary"),
    (r"\bpresident\b", "president", "executive"),
    (r"\b(general|colonel|major|captain|sergeant|admiral|lieutenant)\b", "{0}", "rank"),
)


def normalize_role(role: str) -> str:
    """Lowercase, abbreviations spelled out, country qualifiers and articles dropped."""
    words = []
    for w in re.sub(r"[’]", "'", role).lower().replace(",", " ").split():
        words.append(_ABBREV.get(w, w))
    text = " ".join(words)
    text = re.sub(r"^(?:the|a|an|his|her|its)\s+", "", text)
    return text.strip()


def office_of(role: str) -> Office | None:
    """The office a role names, or ``None`` for a description ("China's top diplomat")."""
    text = normalize_role(role)
    text = text.replace("defence", "defense")
    for pattern, key, family in _FAMILY_RULES:
        m = re.search(pattern, text)
        if m:
            groups = [g or "" for g in m.groups()]
            groups = [_COUNTRY.sub("", g) for g in groups]
            if family == "minister" and "{0}" in key and groups and groups[0] in ("prime", "the"):
                continue
            return Office(key.format(*groups).strip(), family)
    return None


def _person_mentions(mentions: Sequence[Mention]) -> list[Mention]:
    return [m for m in mentions if m.label == "PERSON"]


def _strip_inner_title(doc: Doc, m: Mention) -> tuple[int, str]:
    """A mention such as "Councilor Wang Yi": where the name itself begins, and the title."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m.start, ""
    title_end = m.start
    for k, tok in enumerate(span[:-1]):
        dept = len(span) - k > 2 and _department_word(doc, tok.i)  # leave a two-word name
        if tok.text.lower() in TITLE_WORDS or dept:
            title_end = tok.idx + len(tok.text)
        else:
            break
    if title_end == m.start:
        return m.start, ""
    rest = doc_text(doc)[title_end : m.end]
    return title_end + len(rest) - len(rest.lstrip()), doc_text(doc)[m.start : title_end]


def _title_before(
    doc: Doc, start: int, need_head: bool = True, single: bool = False
) -> tuple[int, int] | None:
    """The title written right before the name starting at ``start`` (char range);
    ``single``: the name is one word."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    i = span.start - 1
    prev = doc[i]
    first_name = prev.pos_ == "PROPN" and prev.text[:1].isupper() and not prev.is_sent_start
    if single and i > 0 and first_name and prev.text.lower() not in TITLE_WORDS:
        i -= 1  # "Minister of Transport Tomas Verhoek" with the mention "Verhoek"
    last = i
    first = None
    while i >= 0:
        tok = doc[i]
        low = tok.text.lower()
        connector = low in ("of", "the", "for", "and")
        is_title = low in TITLE_WORDS and (tok.text[:1].isupper() or connector)
        is_title = is_title or _department_word(doc, i)
        is_place = tok.ent_type_ in ("GPE", "NORP") or tok.text in ("'s", "’s")
        if not (is_title or is_place) or (tok.is_sent_start and connector):
            break
        first = i
        i -= 1
    if first is None:
        return None
    toks = doc[first : last + 1]
    # drop leading connectors and places that are not followed by a title
    while len(toks) and (toks[0].text.lower() in ("of", "the", "for", "and", "'s", "’s")):
        toks = toks[1:]
    if not len(toks) or (need_head and not any(t.text.lower() in HEADS for t in toks)):
        return None
    if toks[-1].text.lower() in ("of", "the", "for", "and"):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _department_word(doc: Doc, i: int) -> bool:
    """A capitalised word of a department name after "Minister of" ("Minister of Transport
    and Maritime Affairs"): within four words after a head title word and "of"."""
    tok = doc[i]
    if not tok.text[:1].isupper() or tok.ent_type_ == "PERSON" or tok.is_sent_start:
        return False
    for j in range(i - 1, max(-1, i - 5), -1):
        low = doc[j].text.lower()
        if low == "of":
            return j > 0 and doc[j - 1].text.lower() in HEADS
        if not (doc[j].text[:1].isupper() or low in ("and", "the", "&")):
            return False
    return False


def _appositive_after(doc: Doc, end: int) -> tuple[int, int] | None:
    """ ", the Senate majority leader," right after a name."""
    text = doc_text(doc)
    m = re.match(r",\s+", text[end : end + 3])
    if not m:
        return None
    s = end + m.end()
    stop = RX_APPOSITIVE_END.search(text[s : s + 90])
    if not stop:
        return None
    e = s + stop.start()
    phrase = text[s:e]
    words = phrase.lower().split()
    if not words or len(words) > 9 or not any(w in HEADS for w in words):
        return None
    possessive = "'s" in phrase or "’s" in phrase
    if not (words[0] in ("the", "a", "an") or possessive or phrase[:1].isupper()):
        return None
    if words[-1] not in HEADS and not re.search(r"\b(?:of|for)\b", phrase.lower()):
        return None
    return s, e


def _appositive_before(doc: Doc, start: int) -> tuple[int, int] | None:
    """ "the Director of the ... Office, Wang Yi" right before a name."""
    text = doc_text(doc)
    head = text[max(0, start - 160) : start]
    m = re.search(r",\s*$", head)
    if not m:
        return None
    body = head[: m.start()]
    cut = max(body.rfind(c) for c in ',.;:"“”')
    cand = body[cut + 1 :]
    d = re.search(r"\b(?:the|its)\s+(?=[A-Za-z])", cand, re.I)
    if not d:
        return None
    phrase = cand[d.start() :].rstrip()
    words = phrase.lower().split()
    if len(words) > 16 or not any(w in HEADS for w in words):
        return None
    s = start - len(head) + cut + 1 + d.start()
    return s, s + len(phrase)


def _role_text(text: str) -> str:
    role = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I)


def find_roles(doc: Doc, mentions: Sequence[Mention]) -> list[RoleClaim]:
    """Role claims for the PERSON mentions of ``doc`` (titles before, appositives around)."""
    text: str = doc_text(doc)
    out: list[RoleClaim] = []
    seen: set[tuple[str, int, int]] = set()

    def add(m: Mention, s: int, e: int, role_s: int, role_e: int) -> None:
        role = _role_text(text[role_s:role_e])
        if not any(w in HEADS for w in role.lower().split()):
            return  # "the", "US top": no title word
        if role.lower().split()[-1] in ("of", "the", "for", "and"):
            return  # a cut title ("Minister of")
        lead = re.match(r"(?:former|ex-)\s*", role, re.I)
        if lead:  # "Former Senator Paul Grant"
            role = role[lead.end() :]
            role_s += lead.end()
        past = RX_FORMER.search(text[max(0, role_s - 30) : role_s])
        if past:  # "former Democratic Rep. Joe Lieberman": a past office, kept as such
            role = f"former {role}"
            s = min(s, role_s - len(past.group(0)))
        elif STALE.search(text[max(0, role_s - 8) : role_e]):
            return
        key = (m.entity, role_s, role_e)
        if key in seen:
            return
        seen.add(key)
        out.append(RoleClaim(person=m.canonical, entity=m.entity, role=role, start=s, end=e))

    for m in _person_mentions(mentions):
        name_start, inner = _strip_inner_title(doc, m)
        single = " " not in text[name_start : m.end].strip()
        before = _title_before(doc, m.start, need_head=not inner, single=single)
        if inner:
            s = before[0] if before else m.start
            add(m, s, m.end, s, name_start)
        elif before:
            add(m, before[0], m.end, before[0], before[1])
        after = _appositive_after(doc, m.end)
        if after:
            add(m, m.start, after[1], after[0], after[1])
        if not before and not inner:
            pre = _appositive_before(doc, m.start)
            if pre:
                add(m, pre[0], m.end, pre[0], pre[1])
    return sorted(out, key=lambda r: (r.start, r.end))
