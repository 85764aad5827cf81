"""Writes of the result logic: keyword-only, atomic, checked against the policy, logged.

Every change also writes a ``Change`` row (who changed what, shown on the page) and an
access-log row. Only the newest version of a series is changed; a new version copies it.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.core import conflicts
from wijkteam.organisations.models import Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.results import COMMENT, EDIT
from wijkteam.privacy.services import access_log_record
from wijkteam.results.mkba import ASSUMED_COSTS
from wijkteam.results.mkba_data import INDEX_SERIES, OWN_SERIES
from wijkteam.results.models import (
    LINKABLE,
    Change,
    Comment,
    Element,
    ElementKind,
    IndexChoice,
    IndexValue,
    Link,
    Observation,
    OutcomeKind,
    OutcomeOption,
    Reading,
    ResultLogic,
    SignalKind,
    UnitCost,
    series,
)
from wijkteam.steering.indicators import INDICATORS
from wijkteam.steering.tables import Period


def _log(actor: Actor, event: str, logic: ResultLogic, what: str, action: str = EDIT) -> None:
    decision = policy.require_scope(actor, action, municipality=logic.municipality)
    access_log_record(
        actor=actor,
        event=event,
        object_type="results.resultlogic",
        object_id=logic.pk,
        decision=decision,
        purpose=what[:200],
    )
    Change.objects.create(logic=logic, by=actor.user, at=timezone.now(), what=what[:300])


def _require_newest(logic: ResultLogic) -> None:
    newest = ResultLogic.objects.filter(series(logic)).aggregate(v=Max("version")).get("v")
    if logic.version != newest:
        raise ValidationError(_("This is an earlier version; only the newest version is changed."))


@transaction.atomic
def logic_create(
    *, actor: Actor, municipality: Municipality, team: Team | None, title: str
) -> ResultLogic:
    policy.require_scope(actor, EDIT, municipality=municipality)
    if team is not None and team.municipality_id != municipality.pk:
        raise ValidationError(_("That team does not belong to this municipality."))
    if ResultLogic.objects.filter(municipality=municipality, team=team).exists():
        raise ValidationError(
            _("There is a result logic for this already; make a new version of it instead.")
        )
    logic = ResultLogic.objects.create(
        municipality=municipality,
        team=team,
        title=title.strip(),
        created_by=actor.user,
        created_at=timezone.now(),
    )
    _log(actor, AccessEvent.CREATE, logic, _("Result logic made"))
    return logic


@transaction.atomic
def logic_new_version(*, actor: Actor, logic: ResultLogic) -> ResultLogic:
    """Copy the newest version (elements, links, observations) into the next version."""
    policy.require_scope(actor, EDIT, municipality=logic.municipality)
    # Lock the series' newest row so two people making a new version at once get v+1 and v+2
    # is impossible: the second waits and then finds it is no longer the newest.
    locked = ResultLogic.objects.select_for_update().get(pk=logic.pk)
    _require_newest(locked)
    copy = ResultLogic.objects.create(
        municipality_id=locked.municipality_id,
        team_id=locked.team_id,
        version=locked.version + 1,
        title=locked.title,
        created_by=actor.user,
        created_at=timezone.now(),
    )
    mapping: dict[int, Element] = {}
    for element in locked.elements.order_by("pk"):
        old_pk = element.pk
        mapping[old_pk] = Element.objects.create(
            logic=copy,
            kind=element.kind,
            title=element.title,
            description=element.description,
            indicator_key=element.indicator_key,
            signal_kind=element.signal_kind,
            threshold=element.threshold,
            updated_by=actor.user,
            updated_at=timezone.now(),
        )
        Observation.objects.bulk_create(
            Observation(
                element=mapping[old_pk],
                period=o.period,
                value=o.value,
                note=o.note,
                recorded_by_id=o.recorded_by_id,
                recorded_at=o.recorded_at,
            )
            for o in Observation.objects.filter(element_id=old_pk)
        )
    Link.objects.bulk_create(
        Link(
            source=mapping[link.source_id], target=mapping[link.target_id], rationale=link.rationale
        )
        for link in Link.objects.filter(source__logic=locked)
    )
    _log(
        actor,
        AccessEvent.CREATE,
        copy,
        _("Version %(number)s made from version %(previous)s")
        % {"number": copy.version, "previous": locked.version},
    )
    return copy


def _check_element(indicator_key: str, signal_kind: str, threshold: Decimal | None) -> None:
    errors: dict[str, str] = {}
    if indicator_key and indicator_key not in INDICATORS:
        errors["indicator_key"] = _("That indicator is not in the catalogue.")
    if signal_kind in (SignalKind.ABOVE, SignalKind.BELOW) and threshold is None:
        errors["threshold"] = _("A signal on a threshold needs the threshold.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def element_create(
    *,
    actor: Actor,
    logic: ResultLogic,
    kind: str,
    title: str,
    description: str = "",
    indicator_key: str = "",
    signal_kind: str = "",
    threshold: Decimal | None = None,
) -> Element:
    policy.require_scope(actor, EDIT, municipality=logic.municipality)
    _require_newest(logic)
    if kind not in ElementKind.values:
        raise ValidationError({"kind": _("Choose an effect, a result or an approach.")})
    if kind == ElementKind.APPROACH:
        indicator_key, signal_kind, threshold = "", "", None  # approaches are not measured
    _check_element(indicator_key, signal_kind, threshold)
    element = Element.objects.create(
        logic=logic,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        indicator_key=indicator_key,
        signal_kind=signal_kind,
        threshold=threshold,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    _log(actor, AccessEvent.CREATE, logic, _("Added: %(title)s") % {"title": element.title})
    return element


@transaction.atomic
def element_update(
    *,
    actor: Actor,
    element: Element,
    lock_version: int,
    title: str,
    description: str,
    indicator_key: str,
    signal_kind: str,
    threshold: Decimal | None,
) -> None:
    """Conflict-safe: raises ``ConflictError`` when someone saved the element since."""
    logic = element.logic
    policy.require_scope(actor, EDIT, municipality=logic.municipality)
    _require_newest(logic)
    if element.kind == ElementKind.APPROACH:
        indicator_key, signal_kind, threshold = "", "", None
    _check_element(indicator_key, signal_kind, threshold)
    conflicts.update_versioned(
        Element,
        pk=element.pk,
        lock_version=lock_version,
        user=actor.user,
        title=title.strip(),
        description=description.strip(),
        indicator_key=indicator_key,
        signal_kind=signal_kind,
        threshold=threshold,
    )
    _log(actor, AccessEvent.UPDATE, logic, _("Changed: %(title)s") % {"title": title.strip()})


@transaction.atomic
def link_create(*, actor: Actor, source: Element, target: Element, rationale: str) -> Link:
    logic = source.logic
    policy.require_scope(actor, EDIT, municipality=logic.municipality)
    _require_newest(logic)
    if target.logic_id != source.logic_id or LINKABLE.get(ElementKind(source.kind)) != target.kind:
        raise ValidationError(_("Link an approach to a result, or a result to an intended effect."))
    if not rationale.strip():
        raise ValidationError({"rationale": _("Say in a sentence why this helps.")})
    if Link.objects.filter(source=source, target=target).exists():
        raise ValidationError(_("These two are linked already."))
    link = Link.objects.create(source=source, target=target, rationale=rationale.strip())
    _log(
        actor,
        AccessEvent.CREATE,
        logic,
        _("Linked: %(source)s to %(target)s") % {"source": source.title, "target": target.title},
    )
    return link


@transaction.atomic
def comment_add(*, actor: Actor, element: Element, text: str) -> Comment:
    """Professionals and policy staff comment on any version (a comment changes no figure)."""
    logic = element.logic
    policy.require_scope(actor, COMMENT, municipality=logic.municipality)
    if not text.strip():
        raise ValidationError({"text": _("Write a comment first.")})
    comment = Comment.objects.create(
        element=element, author=actor.user, text=text.strip(), created_at=timezone.now()
    )
    _log(
        actor,
        AccessEvent.CREATE,
        logic,
        _("Comment on: %(title)s") % {"title": element.title},
        action=COMMENT,
    )
    return comment


def _period(slug: str) -> str:
    try:
        return Period.from_slug(slug).slug
    except ValueError:
        raise ValidationError(
            {
                "period": _(
                    "Give the period as a year, a quarter or a month: 2026, 2026-Q3, 2026-09."
                )
            }
        ) from None


@transaction.atomic
def observation_record(
    *, actor: Actor, element: Element, period: str, value: Decimal, note: str = ""
) -> Observation:
    """A manual figure for one period; recording the same period again replaces it."""
    logic = element.logic
    policy.require_scope(actor, EDIT, municipality=logic.municipality)
    _require_newest(logic)
    if element.kind == ElementKind.APPROACH:
        raise ValidationError(_("Approaches get no figures; give them to a result or effect."))
    slug = _period(period)
    observation, _created = Observation.objects.update_or_create(
        element=element,
        period=slug,
        defaults={
            "value": value,
            "note": note.strip(),
            "recorded_by": actor.user,
            "recorded_at": timezone.now(),
        },
    )
    _log(
        actor,
        AccessEvent.UPDATE,
        logic,
        _("Figure for %(period)s: %(title)s") % {"period": slug, "title": element.title},
    )
    return observation


@transaction.atomic
def reading_record(
    *,
    actor: Actor,
    logic: ResultLogic,
    period: str,
    reading: str,
    conclusion: str,
    adjust_policy: str = "",
    adjust_work: str = "",
    adjust_support: str = "",
) -> Reading:
    policy.require_scope(actor, EDIT, municipality=logic.municipality)
    slug = _period(period)
    errors = {}
    if not reading.strip():
        errors["reading"] = _("Write down how the steering group reads the figures.")
    if not conclusion.strip():
        errors["conclusion"] = _("Write down what the steering group concludes.")
    same_series = Reading.objects.filter(series(logic, "logic__"), period=slug)
    if same_series.exists():
        errors["period"] = _("This period has a reading already.")
    if errors:
        raise ValidationError(errors)
    row = Reading.objects.create(
        logic=logic,
        period=slug,
        reading=reading.strip(),
        conclusion=conclusion.strip(),
        adjust_policy=adjust_policy.strip(),
        adjust_work=adjust_work.strip(),
        adjust_support=adjust_support.strip(),
        recorded_by=actor.user,
        recorded_at=timezone.now(),
    )
    _log(actor, AccessEvent.CREATE, logic, _("Reading of %(period)s") % {"period": slug})
    return row


@transaction.atomic
def unit_cost_set(
    *,
    actor: Actor,
    municipality: Municipality,
    key: str,
    amount: Decimal,
    unit: str,
    year: int,
    price_level: int,
    source: str,
) -> UnitCost:
    """The municipality's own figure for a unit cost: a new version, earlier ones are kept
    (a report names the version it used)."""
    decision = policy.require_scope(actor, EDIT, municipality=municipality)
    shipped = UnitCost.objects.filter(municipality__isnull=True, key=key).order_by("-version")
    base = shipped.first()
    assumed = ASSUMED_COSTS.get(key)
    if base is None and assumed is None:
        raise ValidationError(_("That unit cost is unknown."))
    errors = {}
    if amount <= 0:
        errors["amount"] = _("Give an amount above zero.")
    if not source.strip():
        errors["source"] = _("Say where the figure comes from.")
    if price_level < 2000 or year < 2000:
        errors["price_level"] = _("Give a year from 2000 on.")
    if errors:
        raise ValidationError(errors)
    own = UnitCost.objects.select_for_update().filter(municipality=municipality, key=key)
    version = (own.aggregate(v=Max("version"))["v"] or 0) + 1
    row = UnitCost.objects.create(
        municipality=municipality,
        key=key,
        version=version,
        item=base.item if base is not None else str(assumed[0] if assumed else key),
        amount=amount,
        unit=unit.strip()
        or (base.unit if base is not None else str(assumed[1] if assumed else "")),
        year=year,
        price_level=price_level,
        source=source.strip(),
        verified=True,
    )
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="results.unitcost",
        object_id=row.pk,
        decision=decision,
        purpose=f"own unit cost {key} v{version}",
    )
    return row


@transaction.atomic
def outcome_option_add(
    *, actor: Actor, municipality: Municipality, label: str, kind: str, unit_cost_key: str = ""
) -> OutcomeOption:
    """Add an entry to the municipality's own "what was prevented" list. The first own entry
    starts the own list as a copy of the shipped one, so nothing silently disappears."""
    from django.utils.text import slugify

    from wijkteam.results.prevented import option_label

    decision = policy.require_scope(actor, EDIT, municipality=municipality)
    errors = {}
    if not label.strip():
        errors["label"] = _("Give the outcome a name.")
    if kind not in OutcomeKind.values:
        errors["kind"] = _("Choose prevented or achieved.")
    if unit_cost_key and not UnitCost.objects.filter(key=unit_cost_key).exists():
        errors["unit_cost_key"] = _("That unit cost is unknown.")
    if errors:
        raise ValidationError(errors)
    own = OutcomeOption.objects.filter(municipality=municipality)
    if not own.exists():
        OutcomeOption.objects.bulk_create(
            OutcomeOption(
                municipality=municipality,
                key=o.key,
                label=option_label(o),
                kind=o.kind,
                unit_cost_key=o.unit_cost_key,
                position=o.position,
            )
            for o in OutcomeOption.objects.filter(municipality__isnull=True)
        )
    base = slugify(label)[:34] or "outcome"
    key, number = base, 1
    while own.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    position = (own.aggregate(p=Max("position"))["p"] or 0) + 1
    option = OutcomeOption.objects.create(
        municipality=municipality,
        key=key,
        label=label.strip(),
        kind=kind,
        unit_cost_key=unit_cost_key,
        position=position,
    )
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="results.outcomeoption",
        object_id=option.pk,
        decision=decision,
        purpose=f"own outcome {key}",
    )
    return option


@transaction.atomic
def index_value_set(
    *, actor: Actor, municipality: Municipality, year: int, value: Decimal, source: str
) -> IndexValue:
    """One year of the municipality's own index series: a new version, earlier ones are kept
    (as for its own unit costs)."""
    decision = policy.require_scope(actor, EDIT, municipality=municipality)
    errors = {}
    if value <= 0:
        errors["value"] = _("Give an index value above zero.")
    if not source.strip():
        errors["source"] = _("Say where the index value comes from.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Give a year from 2000 to 2100.")
    if errors:
        raise ValidationError(errors)
    own = IndexValue.objects.select_for_update().filter(
        municipality=municipality, series=OWN_SERIES, year=year
    )
    version = (own.aggregate(v=Max("version"))["v"] or 0) + 1
    row = IndexValue.objects.create(
        municipality=municipality,
        series=OWN_SERIES,
        year=year,
        version=version,
        value=value,
        source=source.strip(),
        verified=True,  # the municipality's own figure, as its own unit costs
    )
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="results.indexvalue",
        object_id=row.pk,
        decision=decision,
        purpose=f"own index {year} v{version}",
    )
    return row


@transaction.atomic
def index_series_choose(*, actor: Actor, municipality: Municipality, series: str) -> IndexChoice:
    """The index series the municipality's MKBA uses from now on (a new row: who chose what
    and when stays visible)."""
    decision = policy.require_scope(actor, EDIT, municipality=municipality)
    if series not in INDEX_SERIES:
        raise ValidationError({"series": _("That index series is unknown.")})
    choice = IndexChoice.objects.create(
        municipality=municipality, series=series, chosen_by=actor.user, chosen_at=timezone.now()
    )
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="results.indexchoice",
        object_id=choice.pk,
        decision=decision,
        purpose=f"index series {series}",
    )
    return choice
