"""Loads: entered and shown in the user's unit, stored in kilograms.

Kilograms are kept to 4 decimal places, enough that any load typed in pounds
to 0.01 lb converts back to the same number when shown.
"""

from decimal import ROUND_HALF_UP, Decimal

KG = "kg"
LB = "lb"
KG_PER_LB = Decimal("0.45359237")
STORE = Decimal("0.0001")
SHOW = Decimal("0.01")


def stored(value: Decimal) -> Decimal:
    """`value` rounded to the 4 places of the stored columns (loads, goal baselines, records).

    Every computed value (a conversion, a division, an aggregate read back) passes
    through here before it is saved, so it always fits its column.
    """
    return Decimal(value).quantize(STORE, rounding=ROUND_HALF_UP)


def to_kg(value: Decimal, unit: str) -> Decimal:
    """A load typed in `unit`, as stored."""
    return stored(value * KG_PER_LB if unit == LB else value)


def from_kg(kg: Decimal, unit: str) -> Decimal:
    """A stored load in `unit`, rounded to 0.01 with trailing zeros dropped (20.5, not 20.50)."""
    value = kg / KG_PER_LB if unit == LB else kg
    shown = value.quantize(SHOW, rounding=ROUND_HALF_UP).normalize()
    # normalize() writes 100 as 1E+2; quantize back to a plain exponent.
    return shown.quantize(Decimal(1)) if shown == shown.to_integral() else shown


def format_load(kg: Decimal | None, unit: str) -> str:
    if kg is None:
        return ""
    return f"{from_kg(kg, unit)} {unit}"
