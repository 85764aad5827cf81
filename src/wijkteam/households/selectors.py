"""Reads of households through the access policy: find one, list and search them, and its
members with their relations. Lists and searches log one access-log row naming every
household shown; a single household's read is logged by the page that shows it (the
household file, a form page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connections, router
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int, as_date
from wijkteam.households.models import Household, Member, MemberRelationKind, age_of
from wijkteam.households.work import work
from wijkteam.privacy import emergency, policy
from wijkteam.privacy.policy import AccessDenied, Actor, Decision
from wijkteam.privacy.rules import casework as rules
from wijkteam.privacy.services import log_list_read


class WithPhase(TypedDict):
    phase: str | None  # the phase of the household's latest work (casework), or None


if TYPE_CHECKING:  # WithAnnotations takes the TypedDict for the type checker only
    from django_stubs_ext import WithAnnotations

    VisibleHousehold = WithAnnotations[Household, WithPhase]


@dataclass(frozen=True)
class HouseholdRow:
    """A household as a list or a search shows it."""

    pk: int
    name: str
    team_id: int
    team_name: str
    phase: str | None
    phase_label: str = ""
    # Found by what the actor may not see behind it ("bsn", "address" or "member"): the row
    # says that a household exists in its team instead of naming it. "" otherwise.
    masked: str = ""

    @property
    def id(self) -> int:
        return self.pk


@dataclass
class MemberView:
    """A member as the household file shows it. Without the contact right the date of
    birth, phone and e-mail are not read: they are None and empty here."""

    pk: int
    first_name: str
    last_name: str
    bsn: str
    language: str
    interpreter_needed: bool
    date_of_birth: dt.date | None = None
    phone: str = ""
    email: str = ""
    # (label, other member): "Parent of" Anna, in the order they were recorded.
    relation_list: list[tuple[str, MemberView]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.pk

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def age(self) -> int | None:
        return age_of(self.date_of_birth)


def _household_find_query(
    *, household_id: int, user_id: int, today: dt.date
) -> QuerySet[Household]:
    households = Household.objects.select_related("team").filter(pk=household_id)
    return rules.with_involvement(households, user_id, today).order_by("pk")[:1]


# SQL built once per connection (core/compiled.py): only the ids and the day change.
_HOUSEHOLD_FIND = CompiledQuery(
    _household_find_query,
    household_id=Slot(1, 2, as_big_int),
    user_id=Slot(3, 4, as_big_int),
    today=Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date),
)


def household_find(*, actor: Actor, household_id: int) -> tuple[Household, Decision]:
    """The household with the policy's decision for the actor (AccessDenied when they may
    not see it at all). Not logged here: the caller logs what it shows."""
    found = _HOUSEHOLD_FIND.instances(
        router.db_for_read(Household),
        household_id=household_id,
        user_id=actor.user.pk,
        today=timezone.localdate(),
    )
    household = found[0] if found else None
    if household is None:
        raise AccessDenied("no such household")
    return household, policy.require(actor, policy.Action.VIEW, household)


CONTACT_FIELDS = frozenset({"date_of_birth", "phone", "email"})
_MEMBER_FIELDS = ("id", "first_name", "last_name", "bsn", "language", "interpreter_needed")


def _member_names(contact: bool) -> list[str]:
    return [*_MEMBER_FIELDS, *(sorted(CONTACT_FIELDS) if contact else [])]


def _members_query(contact: bool) -> Any:
    def build(*, household_id: int) -> QuerySet[Member, tuple[Any, ...]]:
        return (
            Member.objects.filter(household_id=household_id)
            .order_by(*(["date_of_birth"] if contact else []), "pk", "relations_from__pk")
            .values_list(
                *_member_names(contact), "relations_from__kind", "relations_from__to_member_id"
            )
        )

    return build


_MEMBERS = CompiledQuery(_members_query(False), household_id=Slot(1, 2, as_big_int))
_MEMBERS_WITH_CONTACT = CompiledQuery(_members_query(True), household_id=Slot(1, 2, as_big_int))


def members_with_relations(*, household: Household, contact: bool) -> list[MemberView]:
    """The members of a household the caller may see (identity level) and their relations to
    each other, in one query. Without ``contact`` (the policy's CONTACT action) the date of
    birth, phone and e-mail are not even read."""
    names = _member_names(contact)
    query = _MEMBERS_WITH_CONTACT if contact else _MEMBERS
    rows = query.rows(router.db_for_read(Member), household_id=household.pk)
    members: dict[int, MemberView] = {}
    relations: dict[int, list[tuple[str, int]]] = {}
    width = len(names)
    for row in rows:
        pk = row[0]
        if pk not in members:
            values = dict(zip(names[1:], row[1:width], strict=True))
            members[pk] = MemberView(pk=pk, **values)
            relations[pk] = []
        kind, to_member_id = row[width], row[width + 1]
        if kind:
            relations[pk].append((kind, to_member_id))
    for pk, member in members.items():
        member.relation_list.extend(
            (str(MemberRelationKind(kind).label), members[to_pk])
            for kind, to_pk in relations[pk]
            if to_pk in members
        )
    return list(members.values())


def household_list(*, actor: Actor) -> QuerySet[VisibleHousehold]:
    """Households the actor sees at any level, with the phase of their latest work, by name.
    Not logged: narrow it and log what is shown (the selectors below do)."""
    return _with_phase(rules.households_visible_to(actor))


def _with_phase(households: QuerySet[Household]) -> QuerySet[VisibleHousehold]:
    return (
        households.select_related("team")
        .annotate(phase=work().latest_phase())
        .order_by("name", "pk")
    )


def _row(household: VisibleHousehold, masked: str = "") -> HouseholdRow:
    phase = household.phase
    return HouseholdRow(
        pk=household.pk,
        name=household.name,
        team_id=household.team_id,
        team_name=household.team.name,
        phase=phase,
        phase_label=work().phase_label(phase) if phase else "",
        masked=masked,
    )


def household_search(*, actor: Actor, query: str = "", limit: int = 100) -> list[HouseholdRow]:
    """Visible households matching a name, address, or a member's whole BSN, date of birth
    or name, with their phase; the read is logged. A civil servant's teams show only in the
    results of a search."""
    visible = rules.households_visible_to(actor)
    query = query.strip()
    if query:
        # The masking below asks the policy per row: give it the involvement flag with the
        # rows, and the emergency grants in one query, instead of two queries per row.
        visible = rules.with_involvement(visible.filter(_search_filter(query, visible)), actor.user)
    if not rules.is_search(query):  # no search, or one letter: that is browsing
        visible = visible.exclude(team_id__in=rules.search_only_team_ids(actor))
    found = list(_with_phase(visible)[:limit])
    if query:
        emergency.remember_active(actor, [h.pk for h in found])
    rows = [_row(h, _masked_match(actor, h, query)) for h in found]
    _log_households_shown(actor, rows)
    return rows


def household_list_read(*, actor: Actor, limit: int = 500) -> list[HouseholdRow]:
    """The households list of the API: visible households with their phase; logged. Without a
    search, so a civil servant's teams are left out (they search in the UI)."""
    return household_list_page(actor=actor, offset=0, limit=limit)[0]


def household_list_page(
    *, actor: Actor, offset: int, limit: int
) -> tuple[list[HouseholdRow], bool]:
    """One page of that list (``limit`` households from ``offset``, by name and id) and
    whether more follow; the read of exactly the households on the page is logged."""
    households = household_list(actor=actor)
    shown = households.exclude(team_id__in=rules.search_only_team_ids(actor))
    found = [_row(h) for h in shown[offset : offset + limit + 1]]
    _log_households_shown(actor, found[:limit])
    return found[:limit], len(found) > limit


def _log_households_shown(actor: Actor, found: list[HouseholdRow]) -> None:
    """One access-log row naming every household the list or search result showed."""
    log_list_read(
        actor=actor,
        object_type="households.household.list",
        object_id=",".join(str(h.pk) for h in found[:10])[:64],
        shown=[(h.pk, h.team_id) for h in found],
    )


def _date_of_birth(query: str) -> dt.date | None:
    """A date as the team types it: 15-03-2012, 15/3/2012 or 2012-03-15."""
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(query, fmt).date()
        except ValueError:
            continue
    return None


TRIGRAM = 3  # the substring length the trigram indexes serve
MAX_LISTED_MATCHES = 2000  # more matches: start from the visible households (_search_filter)


def _search_filter(query: str, visible: QuerySet[Household]) -> Q:
    """Which of the ``visible`` households a search finds, in the form the database serves
    best:

    - Few matches (at most MAX_LISTED_MATCHES, the usual case: a BSN, a date of birth, a
      name): read them first as ids through the search indexes, so the database then fetches
      just these households by primary key and checks visibility on them.
    - Many matches city-wide (a common family name, the start of one, a street): start from
      the visible households instead of collecting thousands of matches of other teams. The
      household's own name and street are tested on the visible rows; members are looked for
      among the visible households' members only (PostgreSQL: the members' household index
      under the visibility's BitmapOr, not every member of the city whose name matches; "de J"
      at 200,000 households 203 -> 26 ms). On SQLite each visible household is checked itself,
      its members through their household.
    """
    matching = _matching_household_ids(query)
    ids = list(matching[: MAX_LISTED_MATCHES + 1])
    if len(ids) <= MAX_LISTED_MATCHES:
        return Q(pk__in=set(ids))
    match = Q(name__icontains=query) | Q(street_address__icontains=query)
    members = _member_match(query, indexed=False)
    if members is None:
        return match
    if _vendor(Household) == "sqlite":
        return match | Q(Exists(members.filter(household_id=OuterRef("pk"))))
    among_visible = members.filter(household__in=visible.values("pk"))
    return match | Q(pk__in=among_visible.values("household_id"))


def _matching_household_ids(query: str) -> QuerySet[Any]:
    """Ids of the households (of any team: the caller intersects them with the visible ones)
    whose name or street contains the query, or with a member found by it, through the
    search indexes (households migration 0004). UNION ALL: a limit stops it early."""
    if _uses_fts(query):
        by_household = Household.objects.filter(pk__in=_fts("household_search", [query]))
    else:  # PostgreSQL: the trigram indexes serve these icontains (UPPER(col) LIKE UPPER(%q%))
        by_household = Household.objects.filter(
            Q(name__icontains=query) | Q(street_address__icontains=query)
        )
    ids = by_household.order_by().values_list("pk", flat=True)
    members = _member_match(query)
    if members is None:
        return ids
    return ids.union(members.order_by().values_list("household_id", flat=True), all=True)


def _uses_fts(query: str) -> bool:
    """SQLite's FTS5 trigram tables serve substrings of at least three characters."""
    return len(query) >= TRIGRAM and _vendor(Household) == "sqlite"


def _vendor(model: type[Any]) -> str:
    return connections[router.db_for_read(model)].vendor


FTS_QUERIES = {  # SQLite's FTS5 trigram tables (households migration 0004)
    "household_search": "SELECT rowid FROM household_search WHERE household_search MATCH %s",
    "member_search": "SELECT rowid FROM member_search WHERE member_search MATCH %s",
}


def _fts(table: str, words: list[str]) -> RawSQL:
    """Rowids of the FTS5 trigram rows containing every word (each of at least three
    characters) as a substring, case-insensitively: the same rows as ``icontains``."""
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return RawSQL(FTS_QUERIES[table], [phrases])  # noqa: S611 - fixed SQL, the words a parameter


def _member_match(query: str, *, indexed: bool = True) -> QuerySet[Member] | None:
    """Members found by a search: a whole BSN (exact), a date of birth, or a name (every
    word in the first or last name, at least the search's minimum length). ``indexed``:
    through SQLite's FTS5 table (for a search over all members, not per household)."""
    if query.isdigit() and len(query) == 9:
        return Member.objects.filter(bsn=query)
    born = _date_of_birth(query)
    if born is not None:
        return Member.objects.filter(date_of_birth=born)
    if not rules.is_search(query):
        return None
    words = query.split()
    members = Member.objects.all()
    long_words = [w for w in words if len(w) >= TRIGRAM]
    if long_words and indexed and _uses_fts(query):
        members = members.filter(pk__in=_fts("member_search", long_words))
        words = [w for w in words if len(w) < TRIGRAM]
    for word in words:
        members = members.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return members


def _masked_match(actor: Actor, household: Household, query: str) -> str:
    """No name behind a BSN or an address: a household found by a member's BSN or by its
    address, not by its name, is shown by name only to whom may see its residents (the
    identity right); to the others (metadata only) the page says that a household exists in
    its team. Returns "bsn" or "address" for such a row, "" otherwise. The policy decides
    only for these rows (a BSN search finds one or two), never for the whole list."""
    if not query or query.lower() in household.name.lower():
        return ""
    actions = policy.decide(actor, household).actions
    if _date_of_birth(query) is not None:
        # Found by a date of birth: only for whom may see it (contact details).
        return "" if rules.CONTACT in actions else "member"
    if rules.IDENTITY in actions:
        return ""
    if query.isdigit() and len(query) == 9:
        return "bsn"
    if household.street_address and query.lower() in household.street_address.lower():
        return "address"
    return "member"
