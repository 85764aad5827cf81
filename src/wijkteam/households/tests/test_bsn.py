import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from wijkteam.households.bsn import generate_test_bsn, is_valid_bsn, validate_bsn


def test_known_valid_bsn_is_accepted() -> None:
    assert is_valid_bsn("111222333")


def test_sequential_number_is_refused() -> None:
    assert not is_valid_bsn("123456789")


@pytest.mark.parametrize("value", ["", "12345678a", "1234567890", "000000000", None, "11122233"])
def test_malformed_values_are_refused(value: str | None) -> None:
    assert not is_valid_bsn(value)


def test_generated_bsns_pass_and_one_digit_changed_fails() -> None:
    rng = random.Random(7)
    for _ in range(200):
        bsn = generate_test_bsn(rng)
        assert is_valid_bsn(bsn)
        assert bsn.startswith("9")
        changed = bsn[:3] + str((int(bsn[3]) + 1) % 10) + bsn[4:]
        assert not is_valid_bsn(changed)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_validity_matches_the_weighted_sum(number: int) -> None:
    digits = f"{number:09d}"
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    expected = number != 0 and sum(int(d) * w for d, w in zip(digits, weights)) % 11 == 0
    assert is_valid_bsn(digits) == expected


def test_validator_gives_a_message() -> None:
    with pytest.raises(ValidationError):
        validate_bsn("123456789")
    validate_bsn("111222333")
    validate_bsn("")
