"""Dutch full-text search over the social map that behaves the same on SQLite and PostgreSQL.

Each service gets normalised tokens (lowercase, accents stripped, Dutch-stemmed) in
:class:`ServiceToken`. A query is normalised the same way; every query word is expanded in
Python against the municipality's vocabulary (exact stem, compounds starting with the stem, and
for words without a hit: words within edit distance 1, also as a compound prefix). A service
matches when every query word matches. Three queries per search, whatever the result size.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer
from django.db import connection
from django.db.models import Count, Max, QuerySet

from wijkteam.socialmap.models import Service, ServiceToken

STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "voor",
        "in",
        "op",
        "met",
        "te",
        "bij",
        "aan",
        "of",
        "is",
        "die",
        "dat",
        "zijn",
        "naar",
        "om",
        "als",
        "ook",
        "er",
        "door",
        "tot",
        "over",
        "uit",
        "je",
        "u",
        "wij",
        "we",
        "hun",
        "niet",
        "wordt",
        "worden",
        "kan",
        "kunnen",
        "dit",
        "deze",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
MIN_PREFIX = 4  # a query word this long also finds compounds that start with it
# The classic Snowball Dutch stemmer (Porter's design), the one PostgreSQL's `dutch` text
# search configuration uses; the newer Snowball "dutch" strips ge- prefixes ("geldloket" ->
# "ldloket"), which breaks the prefix search for compound words.
_STEMMER = snowballstemmer.stemmer("dutch_porter")


def normalise(text: str) -> str:
    """Lowercase and strip accents: "Cliënt" -> "client"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball Dutch stem of a normalised word ("schulden" -> "schuld")."""
    if len(word) <= 3 or word.isdigit():
        return word
    return str(_STEMMER.stemWord(word))


def tokens(text: str) -> list[str]:
    """Stemmed, normalised words of a text, stop words left out."""
    return [stem(w) for w in _WORD.findall(normalise(text)) if w not in STOPWORDS]


def document_tokens(service: Service, provider_name: str = "") -> dict[str, int]:
    """token -> weight (3 for the name, 2 for provider/target groups, 1 for the rest)."""
    weights: dict[str, int] = {}
    parts = (
        (service.name, 3),
        (provider_name, 2),
        (service.target_groups, 2),
        (service.description, 1),
        (service.how_to_refer, 1),
        (service.address, 1),
    )
    for text, weight in parts:
        for token in tokens(text or ""):
            token = token[:60]
            weights[token] = max(weights.get(token, 0), weight)
    return weights


def index_services(services: Iterable[Service]) -> None:
    """(Re)build the tokens of these services in two queries plus one bulk insert."""
    services = list(services)
    if not services:
        return
    for chunk in chunked([s.pk for s in services]):
        ServiceToken.objects.filter(service_id__in=chunk).delete()
    rows = [
        (s.pk, s.municipality_id, tok, w)
        for s in services
        for tok, w in document_tokens(s, s.provider.name if s.provider_id else "").items()
    ]
    # A plain multi-row insert: model instances would cost more than the insert itself.
    table = connection.ops.quote_name(ServiceToken._meta.db_table)
    columns = "(service_id, municipality_id_copy, token, weight) VALUES (%s, %s, %s, %s)"
    sql = f"INSERT INTO {table} {columns}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def chunked(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


# --- vocabulary with a cheap freshness check ---------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]
    ordered: list[str]  # sorted, for prefix look-ups with bisect
    by_initial: dict[str, list[str]]  # typo candidates share the first letter

    @classmethod
    def build(cls, words: Iterable[str]) -> Vocabulary:
        unique = sorted(set(words))
        by_initial: dict[str, list[str]] = defaultdict(list)
        for word in unique:
            by_initial[word[:1]].append(word)
        return cls(frozenset(unique), unique, dict(by_initial))

    def starting_with(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.ordered, prefix)
        end = bisect.bisect_left(self.ordered, prefix + "\uffff")
        return self.ordered[start:end]


_VOCABULARY: dict[int, tuple[tuple[object, ...], Vocabulary]] = {}


def vocabulary(municipality_id: int) -> Vocabulary:
    """All distinct tokens of a municipality, cached per process until a service changes."""
    state = Service.objects.filter(municipality_id=municipality_id).aggregate(
        n=Count("id"), changed=Max("updated_at")
    )
    version = (state["n"], state["changed"])
    cached = _VOCABULARY.get(municipality_id)
    if cached is not None and cached[0] == version:
        return cached[1]
    words = Vocabulary.build(
        ServiceToken.objects.filter(municipality_id_copy=municipality_id).values_list(
            "token", flat=True
        )
    )
    _VOCABULARY[municipality_id] = (version, words)
    return words


def forget_vocabulary() -> None:
    _VOCABULARY.clear()


def within_one_edit(a: str, b: str) -> bool:
    """True when b is a, or a with one letter changed, added, removed or two swapped."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    return any(a[:i] == b[:i] and a[i:] == b[i + 1 :] for i in range(len(a) + 1))


def expand(word: str, vocab: Vocabulary) -> set[str]:
    """Vocabulary tokens a query word stands for."""
    found = {word} if word in vocab.words else set()
    if len(word) >= MIN_PREFIX:
        found.update(vocab.starting_with(word))
    if not found and len(word) >= MIN_PREFIX:
        n = len(word)
        found.update(
            t
            for t in vocab.by_initial.get(word[:1], ())
            if (abs(len(t) - n) <= 1 and within_one_edit(word, t))
            or (len(t) > n + 1 and any(within_one_edit(word, t[:k]) for k in (n - 1, n, n + 1)))
        )
    return found


@dataclass(frozen=True)
class Hit:
    service_id: int
    relevance: int


def rank(*, query: str, municipality_id: int, services: QuerySet[Service]) -> list[Hit]:
    """Services of ``services`` matching every query word: lightest type, relevance, name."""
    words = list(dict.fromkeys(tokens(query)))
    if not words:
        return []
    vocab = vocabulary(municipality_id)
    expansions = [expand(w, vocab) for w in words]
    if any(not e for e in expansions):
        return []
    owner: dict[str, list[int]] = defaultdict(list)
    for i, expansion in enumerate(expansions):
        for token in expansion:
            owner[token].append(i)
    rows = ServiceToken.objects.filter(
        municipality_id_copy=municipality_id, token__in=list(owner), service__in=services
    ).values_list("service_id", "token", "weight", "service__type_rank", "service__name")
    matched: dict[int, set[int]] = defaultdict(set)
    score: dict[int, int] = defaultdict(int)
    order: dict[int, tuple[int, str]] = {}
    for service_id, token, weight, type_rank, name in rows:
        matched[service_id].update(owner[token])
        score[service_id] += weight * (2 if token in words else 1)
        order[service_id] = (type_rank, name.lower())
    hits = [Hit(sid, score[sid]) for sid, m in matched.items() if len(m) == len(words)]
    hits.sort(key=lambda h: (order[h.service_id][0], -h.relevance, order[h.service_id][1]))
    return hits
