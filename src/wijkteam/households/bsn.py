"""The Dutch citizen service number (BSN) and its 11-check (elfproef)."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _checksum(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))


def is_valid_bsn(value: str | int | None) -> bool:
    """True for a nine-digit number that passes the 11-check.

    The weighted sum (weights 9 down to 2, and -1 for the last digit) must be divisible by
    11. 111222333 passes; 123456789 does not. An all-zero number is refused.
    """
    if value is None:
        return False
    digits = str(value).strip()
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits  # eight-digit BSNs are written without their leading zero
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    return _checksum(digits) % 11 == 0


def validate_bsn(value: str) -> None:
    if value and not is_valid_bsn(value):
        raise ValidationError(
            _("This is not a valid BSN: it must have nine digits and pass the 11-check."),
            code="invalid_bsn",
        )


def generate_test_bsn(rng: random.Random | None = None) -> str:
    """A number that passes the 11-check, for tests and demo data.

    Starts with 9 so it falls outside the ranges handed out so far; never use it for a
    real person.
    """
    rng = rng or random.Random()  # noqa: S311 - test data, not secrets
    while True:
        head = "9" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        partial = sum(int(d) * w for d, w in zip(head, _WEIGHTS[:8], strict=True))
        last = partial % 11
        if last <= 9:
            candidate = head + str(last)
            if is_valid_bsn(candidate):
                return candidate
