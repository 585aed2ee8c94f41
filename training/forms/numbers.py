"""Number fields whose every refusal says, in words, what to type.

Django's own messages count digits ("Ensure that there are no more than 5 digits
before the decimal point"); a person typing a load needs "More than 1000 kg?".
Each field here answers too small, too big, too many decimals and not a number
with a sentence about the thing itself, in the user's unit for a load.
"""

from decimal import Decimal

from django import forms

from training.models import MAX_LOAD_KG
from training.units import from_kg, to_kg

NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*"}
DECIMAL = {"inputmode": "decimal"}
LOAD_PLACES = Decimal("0.01")


def number_field(label, *, min_value, max_value, message, required=False, help_text=""):
    """A whole number from `min_value` to `max_value`; `message` answers anything else."""
    return whole_number_field(
        label,
        min_value=min_value,
        max_value=max_value,
        too_small=message,
        too_big=message,
        invalid=message,
        required=required,
        help_text=help_text,
    )


def whole_number_field(
    label=None,
    *,
    min_value,
    max_value,
    too_small,
    too_big,
    invalid,
    required=False,
    help_text="",
    widget=forms.NumberInput,
):
    """A whole number, each way of getting it wrong with its own message.

    `invalid` covers words and decimals ("ten", "8.5"): a count of reps or
    seconds is whole. `widget` is the widget's class.
    """
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        required=required,
        help_text=help_text,
        widget=widget(attrs=NUMERIC),
        error_messages={"min_value": too_small, "max_value": too_big, "invalid": invalid},
    )


def load_field(label=None, *, required=False, widget=forms.NumberInput):
    """A load as typed, in the user's unit: `load_in_kg` checks its size and decimals.

    No `max_digits` here: Django's digit counts would answer before the size check,
    and in words about digits.
    """
    return forms.DecimalField(
        label=label,
        min_value=0,
        required=required,
        widget=widget(attrs={**DECIMAL, "step": "0.25"}),
        error_messages={
            "min_value": "A load cannot be negative.",
            "invalid": "Enter the load as a number, such as 22.5.",
        },
    )


def load_limit(unit: str) -> Decimal:
    """The heaviest load the log takes, in `unit` (1000 kg, 2204.62 lb)."""
    return from_kg(Decimal(MAX_LOAD_KG), unit)


def load_in_kg(value: Decimal, unit: str) -> Decimal:
    """A load typed in `unit`, in kilograms as stored; too big or too precise is refused.

    The size is checked first, on the number as typed, so a huge number is never
    converted (and never told it has too many decimals).
    """
    limit = load_limit(unit)
    if value > limit or to_kg(value, unit) > MAX_LOAD_KG:
        raise forms.ValidationError(
            f"More than {limit} {unit}? Check the number.", code="max_value"
        )
    if value != value.quantize(LOAD_PLACES):
        raise forms.ValidationError(
            f"Loads go to 2 decimal places at most, such as 22.25 {unit}.",
            code="max_decimal_places",
        )
    return to_kg(value, unit)
