"""Finnish (and light Swedish and English) text analysis for search and similarity.

A document becomes a mapping of index terms to weights (:func:`analyse`); a
search string becomes a list of :class:`QueryTerm` (:func:`query_terms`). Both
go through the same word analysis, so a query matches a document whenever they
share a term.

Terms are lowercase letters and digits with diacritics removed (ä→a, ö→o,
å→a, é→e), so a query typed without umlauts matches too. Finnish words are
lemmatised with Voikko; every plausible base form of an ambiguous word is kept.
Compounds also yield their parts and, for compounds of three or more parts,
their shorter inner compounds ("työhyvinvointikysely" → "työhyvinvointi",
"hyvinvointikysely", "työ", "hyvinvointi", "kysely"). Words Voikko does not
know are tried with restored umlauts ("tyohyvinvoinnin"), then kept as they are
plus a suffix-stripped stem.

Weights of one occurrence:

- ``LEMMA_WEIGHT`` (1.0): a word's base form, or an unknown word itself;
- ``PART_WEIGHT`` (0.5): a compound part or inner compound;
- ``GENERIC_PART_WEIGHT`` (0.15): a part that is a generic head such as
  "palvelu" or "työ" (``data.heads``), which says little about the topic;
- ``STEM_WEIGHT`` (0.7): the suffix-stripped stem of an unknown word.

Occurrences in a document add up and are damped: a sum ``s`` above 1 becomes
``1 + ln s``. Stopwords are dropped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from . import morphology
from .data.heads import GENERIC_HEADS
from .data.stopwords import DETECTION_WORDS, STOPWORDS
from .fuzzy import FuzzyIndex, deletion_keys, edit_distance, fuzzy_candidates, max_edits
from .morphology import Analysis

__all__ = [
    "GENERIC_PART_WEIGHT",
    "LEMMA_WEIGHT",
    "MAX_QUERY_TERMS",
    "PART_WEIGHT",
    "STEM_WEIGHT",
    "FuzzyIndex",
    "QueryTerm",
    "analyse",
    "deletion_keys",
    "detect_language",
    "edit_distance",
    "fold",
    "fuzzy_candidates",
    "max_edits",
    "query_terms",
    "similarity",
    "top_terms",
]

LEMMA_WEIGHT = 1.0
PART_WEIGHT = 0.5
GENERIC_PART_WEIGHT = 0.15
STEM_WEIGHT = 0.7

LANGUAGES = ("fi", "sv", "en")
MAX_QUERY_TERMS = 32
MAX_WORD_LENGTH = 64
# Unknown words with at most this many a/o letters are retried with ä/ö.
MAX_UMLAUT_POSITIONS = 5
# A "sosiaali-" prefix joins the head of a compound at most this many words later.
PREFIX_REACH = 3

# Voikko word classes that carry no topic: conjunctions, pronouns, negation verb,
# adpositions, interjections and numerals.
_FUNCTION_CLASSES = frozenset({"sidesana", "asemosana", "kieltosana", "suhdesana", "huudahdussana", "lukusana"})
_QUERY_OPERATORS = frozenset({"and", "or", "not", "near"})

# Letters and digits (with any combining marks), joined by hyphens, colons or apostrophes;
# a trailing hyphen marks the first half of "sosiaali- ja terveyspalvelut".
_TOKEN_RE = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+(?:[-:'’](?:[^\W_][\u0300-\u036f]*)+)*-?")
_SPECIAL_LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th"})

# Endings stripped from unknown words (folded), longest first, with their replacements.
_FINNISH_ENDINGS = (
    "itten iden issa ista ihin illa ilta ille ssa sta lla lta lle ksi tta seen hin ien jen den ten"
    " na ta en in an on un yn n t a"
)
_SWEDISH_ENDINGS = "arnas ernas ornas arna erna orna heten andet ande ende ens ets ar er or en et na s"


def _endings(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((ending, "") for ending in sorted(text.split(), key=len, reverse=True))


_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "fi": _endings(_FINNISH_ENDINGS),
    "sv": _endings(_SWEDISH_ENDINGS),
    "en": (
        ("sses", "ss"),
        ("shes", "sh"),
        ("ches", "ch"),
        ("xes", "x"),
        ("ies", "y"),
        ("ss", "ss"),
        ("us", "us"),
        ("is", "is"),
        ("ing", ""),
        ("ed", ""),
        ("s", ""),
    ),
}
_MIN_STEM = {"fi": 4, "sv": 3, "en": 3}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ``text``, strip its diacritics and keep only letters and digits."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL_LETTERS))
    return "".join(char for char in text if char.isalnum())


_FOLDED_STOPWORDS = {language: frozenset(fold(word) for word in words) for language, words in STOPWORDS.items()}
_GENERIC = frozenset(fold(word) for word in GENERIC_HEADS)


@dataclass(frozen=True, slots=True)
class _Word:
    """Analysis of one word form, shared by documents and queries."""

    lemmas: tuple[str, ...] = ()
    variants: tuple[tuple[str, float], ...] = ()
    parts: tuple[tuple[str, float], ...] = ()
    head: str = ""


_EMPTY = _Word()


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One thing a query looks for: any of ``alternatives``, counted with ``weight``.

    ``word`` is the folded query word the term comes from. ``fuzzy`` tells
    that typo tolerance may be tried when none of the alternatives is indexed;
    it is set on a word's main term, not on its compound parts.
    """

    word: str
    alternatives: tuple[str, ...]
    weight: float
    fuzzy: bool


def _part_weight(term: str) -> float:
    return GENERIC_PART_WEIGHT if term in _GENERIC else PART_WEIGHT


def _voikko_analyses(word: str) -> list[Analysis]:
    """Voikko analyses of ``word``, simplified (see ``morphology``)."""
    return morphology.analyses(word)


def _umlaut_analyses(word: str) -> list[Analysis]:
    """Analyses of ``word`` with some of its a/o letters turned to ä/ö, fewest changes first."""
    if not word.isascii() or not word.isalpha():
        return []
    positions = [index for index, char in enumerate(word) if char in "ao"]
    if not positions or len(positions) > MAX_UMLAUT_POSITIONS:
        return []
    for count in range(1, len(positions) + 1):
        found: list[Analysis] = []
        for chosen in combinations(positions, count):
            letters = list(word)
            for index in chosen:
                letters[index] = "ä" if letters[index] == "a" else "ö"
            found.extend(_voikko_analyses("".join(letters)))
        if found:
            return found
    return []


def _stem(folded: str, language: str) -> str:
    minimum = _MIN_STEM[language]
    for suffix, replacement in _SUFFIXES[language]:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= minimum:
            return folded[: len(folded) - len(suffix)] + replacement
    return folded


def _unknown_word(folded: str, language: str) -> _Word:
    stem = _stem(folded, language)
    variants = ((stem, STEM_WEIGHT),) if stem != folded else ()
    return _Word(lemmas=(folded,), variants=variants)


def _from_analyses(analyses: list[Analysis], stopwords: frozenset[str]) -> _Word:
    content = [analysis for analysis in analyses if analysis[0] not in _FUNCTION_CLASSES]
    if any(word_class == "teonsana" for word_class, _, _ in content):
        # "näkevät" is a verb form or a participle; the verb reading is enough.
        content = [analysis for analysis in content if not analysis[2]]
    if not content:
        return _EMPTY
    fewest = min(len(parts) for _, parts, _ in content)
    lemmas: dict[str, None] = {}
    parts: dict[str, float] = {}
    heads: list[str] = []
    for _, pieces, _ in content:
        if len(pieces) != fewest:
            continue
        lemma = fold("".join(form for form, _, _ in pieces[:-1]) + pieces[-1][1])
        if lemma and lemma not in stopwords:
            lemmas[lemma] = None
        if len(pieces) < 2:
            continue
        heads.append(fold(pieces[-1][1]))
        for _, baseform, word_class in pieces:
            term = fold(baseform)
            if len(term) < 2 or term in stopwords or (word_class == "etuliite" and len(term) < 4):
                continue
            parts[term] = max(parts.get(term, 0.0), _part_weight(term))
        for start in range(len(pieces) - 1):
            for end in range(start + 2, len(pieces) + 1):
                if end - start == len(pieces):
                    continue
                inner = pieces[start:end]
                term = fold("".join(form for form, _, _ in inner[:-1]) + inner[-1][1])
                parts[term] = max(parts.get(term, 0.0), _part_weight(term))
    if not lemmas and not parts:
        return _EMPTY
    return _Word(
        lemmas=tuple(lemmas),
        parts=tuple((term, weight) for term, weight in parts.items() if term not in lemmas),
        head=heads[0] if heads else "",
    )


def _hyphenated(token: str, language: str) -> _Word:
    """A hyphenated word Voikko does not know as a whole ("HR-palvelut")."""
    pieces = [(piece, _analyse_word(piece, language)) for piece in token.split("-") if piece]
    pieces = [(piece, word) for piece, word in pieces if word.lemmas]
    if not pieces:
        return _EMPTY
    if len(pieces) == 1:
        return pieces[0][1]
    modifier = fold("".join(piece for piece, _ in pieces[:-1]))
    head = pieces[-1][1]
    lemmas = tuple(modifier + lemma for lemma in head.lemmas)
    parts: dict[str, float] = {}
    for _, word in pieces:
        for lemma in word.lemmas:
            parts[lemma] = max(parts.get(lemma, 0.0), _part_weight(lemma))
        for term, weight in word.parts:
            parts[term] = max(parts.get(term, 0.0), weight)
    return _Word(
        lemmas=lemmas,
        parts=tuple((term, weight) for term, weight in parts.items() if term not in lemmas),
        head=head.lemmas[0],
    )


@lru_cache(maxsize=100_000)
def _analyse_word(token: str, language: str) -> _Word:
    """Analysis of one lowercase token; cached, as word forms repeat a lot.

    A Voikko lookup costs about a millisecond or more in pure Python; a cached
    word costs microseconds. Each cached form takes about a kilobyte.
    """
    if len(token) > MAX_WORD_LENGTH:
        return _EMPTY
    folded = fold(token)
    stopwords = _FOLDED_STOPWORDS[language]
    if len(folded) < 2 or folded in stopwords or not any(char.isalpha() for char in folded):
        return _EMPTY
    if token.endswith("-"):
        # The first half of "sosiaali- ja terveyspalvelut"; analyse() joins it with the head.
        return _Word(parts=((folded, _part_weight(folded)),))
    if language != "fi":
        return _unknown_word(folded, language)
    analyses = _voikko_analyses(token)
    if not analyses and ":" in token:
        # "HR:n", "EU:ssa": the case ending after a colon belongs to an abbreviation.
        return _analyse_word(token.split(":", 1)[0], language)
    if not analyses and "-" in token:
        return _hyphenated(token, language)
    if not analyses:
        analyses = _umlaut_analyses(token)
    if not analyses:
        return _unknown_word(folded, language)
    return _from_analyses(analyses, stopwords)


def _tokens(text: str) -> Iterator[str]:
    for match in _TOKEN_RE.finditer(unicodedata.normalize("NFC", text)):
        yield match.group().casefold()


def _resolve_language(text: str, language: str | None) -> str:
    return language if language in LANGUAGES else detect_language(text)


def _damp(total: float) -> float:
    return total if total <= 1.0 else 1.0 + math.log(total)


def analyse(text: str, language: str | None = "fi") -> dict[str, float]:
    """Weighted index terms of a document.

    ``language`` is "fi", "sv" or "en"; anything else (such as "auto") detects it.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    language = _resolve_language(text, language)
    totals: dict[str, float] = {}
    prefix = ""
    prefix_reach = 0
    for token in _tokens(text):
        word = _analyse_word(token, language)
        if token.endswith("-") and word.parts:
            prefix, prefix_reach = word.parts[0][0], PREFIX_REACH
        elif prefix:
            prefix_reach -= 1
            if word.head:
                term = prefix + word.head
                totals[term] = totals.get(term, 0.0) + LEMMA_WEIGHT
                prefix = ""
            elif prefix_reach <= 0:
                prefix = ""
        for term in word.lemmas:
            totals[term] = totals.get(term, 0.0) + LEMMA_WEIGHT
        for term, weight in word.variants:
            totals[term] = totals.get(term, 0.0) + weight
        for term, weight in word.parts:
            totals[term] = totals.get(term, 0.0) + weight
    return {term: _damp(total) for term, total in totals.items()}


def query_terms(q: str, language: str | None = "fi") -> list[QueryTerm]:
    """Terms of a search string: one per word, then the parts of its compounds.

    A word's term matches any of its lemmas, the stem of an unknown word and
    the folded word itself.

    Any input is accepted; punctuation, operators and markup are ignored and
    at most ``MAX_QUERY_TERMS`` terms are returned.
    """
    if not isinstance(q, str):
        q = "" if q is None else str(q)
    language = _resolve_language(q, language)
    main: dict[tuple[str, ...], QueryTerm] = {}
    parts: dict[str, QueryTerm] = {}
    for token in _tokens(q):
        if len(main) >= MAX_QUERY_TERMS:
            break
        folded = fold(token)
        if folded in _QUERY_OPERATORS:
            continue
        word = _analyse_word(token, language)
        if not word.lemmas:
            alternatives: tuple[str, ...] = ()
        else:
            alternatives = tuple(dict.fromkeys((*word.lemmas, *(term for term, _ in word.variants), folded)))
        if alternatives and alternatives not in main:
            main[alternatives] = QueryTerm(folded, alternatives, LEMMA_WEIGHT, fuzzy=True)
        for term, weight in word.parts:
            known = parts.get(term)
            if known is None or known.weight < weight:
                parts[term] = QueryTerm(folded, (term,), weight, fuzzy=False)
    covered = {alternative for term in main.values() for alternative in term.alternatives}
    extra = [term for key, term in parts.items() if key not in covered]
    return [*main.values(), *extra][:MAX_QUERY_TERMS]


def detect_language(text: str) -> str:
    """Guess "fi", "sv" or "en" from common function words; Finnish when unsure."""
    if not isinstance(text, str):
        return "fi"
    counts = dict.fromkeys(LANGUAGES, 0)
    for index, match in enumerate(_TOKEN_RE.finditer(text[:5000])):
        if index >= 300:
            break
        word = fold(match.group())
        for language in LANGUAGES:
            if word in DETECTION_WORDS[language]:
                counts[language] += 1
    lowered = text[:5000].casefold()
    if "ä" in lowered or "ö" in lowered:
        counts["fi"] += 1
    if "å" in lowered:
        counts["sv"] += 1
    best = max(LANGUAGES, key=lambda language: counts[language])
    return best if counts[best] > counts["fi"] else "fi"


def similarity(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two weighted term mappings, from 0 to 1."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    if dot <= 0.0:
        return 0.0
    norm_a = math.sqrt(sum(weight * weight for weight in a.values()))
    norm_b = math.sqrt(sum(weight * weight for weight in b.values()))
    return min(1.0, dot / (norm_a * norm_b))


def top_terms(terms: Mapping[str, float], n: int = 20) -> dict[str, float]:
    """The ``n`` heaviest terms, heaviest first (ties alphabetically)."""
    ranked = sorted(terms.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked[: max(n, 0)])


def _format_weight(weight: float) -> str:
    return f"{weight:.2f}".rstrip("0").rstrip(".")
