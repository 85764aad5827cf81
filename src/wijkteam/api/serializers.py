from __future__ import annotations

import re
from typing import Any

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings
from rest_framework.utils.serializer_helpers import ReturnDict

from wijkteam.accounts.models import Membership, User
from wijkteam.core import limits
from wijkteam.organisations.models import Area, HomeOrganisation, Team


class LimitedListSerializer(serializers.ListSerializer):
    """A list of nested objects whose maximum (``max_length``) the OpenAPI schema states too.

    ``ListField`` documents its maximum as ``maxItems`` through a validator; a nested
    serializer with ``many=True`` checks its ``max_length`` itself, before this validator
    would run, so the validator only makes the limit visible to clients.
    """

    def get_validators(self) -> list[Any]:
        validators = list(super().get_validators())
        maximum = getattr(self, "max_length", None)
        if maximum is not None:
            validators.append(MaxLengthValidator(maximum))
        return validators


def nested_list(serializer: type[serializers.Serializer], *, max_length: int, **kwargs: Any) -> Any:
    """``serializer(many=True)`` with a maximum number of items, refused with a Dutch message."""
    return serializer(many=True, max_length=max_length, **kwargs)  # type: ignore[call-arg]


class StrictIntegerField(serializers.IntegerField):
    """A whole number as a JSON number (or a string of digits), nothing else.

    DRF's IntegerField strips a trailing ".000" before converting, so "12.000" inhabitants
    (Dutch thousands separator) was read as 12, and 12.0, "12.5 " or true were bent into
    numbers too. A figure someone typed with separators is refused with a Dutch message.
    """

    default_error_messages = {
        **serializers.IntegerField.default_error_messages,
        "invalid": gettext_lazy(
            "Give a whole number without dots, commas or spaces, for example 12000."
        ),
    }

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not (
            isinstance(data, int) or (isinstance(data, str) and _DIGITS.fullmatch(data))
        ):
            self.fail("invalid")
        return super().to_internal_value(data)


_DIGITS = re.compile(r"-?[0-9]{1,18}")


def _strict_integers(fields: Any) -> Any:
    """Every integer field of a strict serializer is a StrictIntegerField.

    Done here, once, so that a serializer written with ``serializers.IntegerField`` (or an
    integer model field mapped by ModelSerializer) cannot let "12.000" through: the class of
    a plain IntegerField is swapped for the strict subclass, which adds no state of its own
    besides its message.
    """
    for field in fields.values():
        if type(field) is serializers.IntegerField:
            field.__class__ = StrictIntegerField
            # Error messages are collected when a field is made: take the strict one too.
            field.error_messages["invalid"] = StrictIntegerField.default_error_messages["invalid"]
    return fields


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo never silently drops data.

    A body that is not a JSON object (a list, a number, ``null``) gets one plain message
    instead of DRF's "No data provided" (never translated) or "expected a dictionary".
    """

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            # DRF would say "expected a dictionary, but got str": words for programmers.
            message = _("Send the data as one JSON object with the fields of this request.")
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid"
            )
        if isinstance(data, dict):
            # ``format`` is DRF's own query parameter (?format=json), never a field of ours.
            unknown = sorted(set(data) - set(self.fields) - {api_settings.URL_FORMAT_OVERRIDE})
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)

    def get_fields(self) -> Any:
        return _strict_integers(super().get_fields())

    class Meta:
        list_serializer_class = LimitedListSerializer

    @property
    def errors(self) -> Any:
        errors = super().errors
        if self.parent is None and not isinstance(getattr(self, "initial_data", {}), dict):
            message = _("Send the data as one JSON object with the fields of this request.")
            errors = ReturnDict(
                {api_settings.NON_FIELD_ERRORS_KEY: [ErrorDetail(message, code="invalid")]},
                serializer=self,
            )
        return errors


class AreaSerializer(StrictSerializer, serializers.ModelSerializer):
    inhabitants = serializers.IntegerField(min_value=0, max_value=2_000_000)

    class Meta:
        model = Area
        fields = ["id", "name", "neighbourhoods", "inhabitants"]
        extra_kwargs = {"neighbourhoods": {"max_length": limits.AREA_NEIGHBOURHOODS_TEXT}}


class HomeOrganisationSerializer(StrictSerializer, serializers.ModelSerializer):
    class Meta:
        model = HomeOrganisation
        fields = ["id", "name", "kind"]


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.get_full_name")
    home_organisation = serializers.CharField(source="home_organisation.name", default=None)

    class Meta:
        model = Membership
        fields = [
            "id",
            "name",
            "role",
            "secrecy_status",
            "function_title",
            "fte",
            "home_organisation",
        ]


class TeamSerializer(serializers.ModelSerializer):
    areas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Team
        fields = ["id", "name", "areas", "organisation_model", "variant", "is_active"]


class TeamDetailSerializer(serializers.Serializer):
    team = TeamSerializer()
    members = MemberSerializer(many=True)


class MembershipSerializer(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name", default=None)

    class Meta:
        model = Membership
        fields = [
            "id",
            "team",
            "role",
            "secrecy_status",
            "function_title",
            "fte",
            "valid_from",
            "valid_until",
        ]


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "memberships",
        ]

    def get_memberships(self, obj: User) -> list[dict[str, Any]]:
        return MembershipSerializer(self.context["memberships"], many=True).data  # type: ignore[return-value]
