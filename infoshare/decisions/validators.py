"""Validators for the identifiers a decision record holds."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

NHS_NUMBER_PATTERN = re.compile(r"^[0-9]{10}$")


def normalise_nhs_number(value: str) -> str:
    """Spaces and hyphens are allowed when typed (e.g. 943 476 5919); stored as 10 digits."""
    return re.sub(r"[\s-]", "", value or "")


def format_nhs_number(value: str) -> str:
    """An NHS number as people read it, in groups of 3, 3 and 4 digits: 943 476 5919."""
    digits = normalise_nhs_number(value)
    if not NHS_NUMBER_PATTERN.match(digits):
        return value or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def nhs_number_is_valid(value: str) -> bool:
    """The NHS number's modulus 11 check digit.

    Multiply the first nine digits by 10 down to 2, add them up, and take the remainder
    after dividing by 11. The check digit is 11 minus the remainder (11 becomes 0); a
    result of 10 means the number is not valid. Ten of one digit (0000000000, 9999999999)
    pass that check but are never issued: they are placeholders typed for "not known".
    """
    if not NHS_NUMBER_PATTERN.match(value) or len(set(value)) == 1:
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number_is_valid(value):
        raise ValidationError(
            "Enter a valid NHS number, like 943 476 5919: 10 digits with a correct check digit",
            code="invalid_nhs_number",
        )
