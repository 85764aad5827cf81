"""Instrument versions: find the current one, copy to a draft, edit texts, publish."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.services import log_change
from wijkteam.teamdesign.loader import load_instrument
from wijkteam.teamdesign.models import (
    Block,
    Choice,
    Competence,
    DesignInstrument,
    Question,
    ReflectionItem,
)


def instrument_current(*, municipality: Municipality) -> DesignInstrument:
    """The newest published version for this municipality, else the newest shipped one.

    The shipped version is loaded by a data migration; should it be missing (a test database
    flushed by a transactional test), it is loaded again here.
    """
    published = DesignInstrument.objects.filter(published_at__isnull=False)
    own = published.filter(municipality=municipality).order_by("-version", "-pk").first()
    if own is not None:
        return own
    shipped = published.filter(municipality__isnull=True).order_by("-version", "-pk").first()
    if shipped is None:
        shipped = load_instrument(apps.get_model)
    return shipped


def _copy(obj: Model, **changes: Any) -> Any:
    obj.pk = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return obj


@transaction.atomic
def instrument_draft_create(*, actor: Actor, municipality: Municipality) -> DesignInstrument:
    """Copy the current version into a new, unpublished version for this municipality."""
    policy.require(actor, Action.MANAGE, municipality)
    draft = DesignInstrument.objects.filter(
        municipality=municipality, published_at__isnull=True
    ).first()
    if draft is not None:
        return draft
    source = instrument_current(municipality=municipality)
    highest = (
        DesignInstrument.objects.filter(code=source.code).aggregate(v=Max("version"))["v"] or 0
    )
    source_id = source.pk
    new: DesignInstrument = _copy(
        DesignInstrument.objects.get(pk=source_id),
        municipality=municipality,
        version=highest + 1,
        published_at=None,
    )
    for block in Block.objects.filter(instrument_id=source_id):
        questions = list(Question.objects.filter(block=block).prefetch_related("choices"))
        new_block = _copy(block, instrument=new)
        for question in questions:
            choices = list(question.choices.all())
            new_question = _copy(question, block=new_block)
            for choice in choices:
                _copy(choice, question=new_question)
    for item in ReflectionItem.objects.filter(instrument_id=source_id):
        _copy(item, instrument=new)
    for competence in Competence.objects.filter(instrument_id=source_id):
        _copy(competence, instrument=new)
    log_change(actor, new, policy.require(actor, Action.MANAGE, new), event=AccessEvent.CREATE)
    return new


EDITABLE_TEXTS: dict[type[Model], tuple[str, ...]] = {
    Block: ("title_nl", "title_en", "intro_nl", "intro_en"),
    Question: ("text_nl", "text_en", "help_nl", "help_en"),
    Choice: ("label_nl", "label_en"),
    ReflectionItem: (
        "title_nl",
        "title_en",
        "explanation_nl",
        "explanation_en",
        "evidence_hint_nl",
        "evidence_hint_en",
    ),
    Competence: ("label_nl", "label_en", "help_nl", "help_en"),
}


def _instrument_of(obj: Model) -> DesignInstrument:
    """The instrument the part belongs to, read fresh (its published state may have changed)."""
    lookup: dict[str, Any]
    if isinstance(obj, Question):
        lookup = {"blocks__questions": obj}
    elif isinstance(obj, Choice):
        lookup = {"blocks__questions__choices": obj}
    elif isinstance(obj, Block | Competence | ReflectionItem):
        lookup = {"pk": obj.instrument_id}
    else:
        raise TypeError(f"{type(obj).__name__} is no part of an instrument")
    return DesignInstrument.objects.select_for_update().get(**lookup)


@transaction.atomic
def instrument_texts_update(*, actor: Actor, obj: Model, texts: dict[str, str]) -> Model:
    """Change the texts of one part of a draft version; published versions stay as they are."""
    instrument = _instrument_of(obj)
    decision = policy.require(actor, Action.MANAGE, instrument)
    if instrument.is_published:
        raise ValidationError(_("A published version cannot be changed. Make a new draft first."))
    fields = EDITABLE_TEXTS[type(obj)]
    for name, value in texts.items():
        if name not in fields:
            raise ValidationError(_("This text cannot be changed here."))
        setattr(obj, name, value.strip())
    if not getattr(obj, fields[0]):
        raise ValidationError(_("The Dutch text is required."))
    obj.save(update_fields=[name for name in texts])
    log_change(actor, instrument, decision)
    return obj


@transaction.atomic
def instrument_publish(*, actor: Actor, instrument: DesignInstrument) -> DesignInstrument:
    """Publish a draft: new designs use it; existing designs keep their own version."""
    decision = policy.require(actor, Action.MANAGE, instrument)
    if instrument.is_published:
        raise ValidationError(_("This version is already published."))
    instrument.published_at = timezone.now()
    instrument.save(update_fields=["published_at"])
    log_change(actor, instrument, decision)
    return instrument
