from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from training.units import format_load, from_kg, to_kg


def test_kilograms_are_stored_as_typed():
    assert to_kg(Decimal("62.5"), "kg") == Decimal("62.5000")
    assert from_kg(Decimal("62.5000"), "kg") == Decimal("62.5")


def test_pounds_are_converted_exactly_enough_to_show_back_the_same_number():
    assert to_kg(Decimal("135"), "lb") == Decimal("61.2350")
    assert format_load(Decimal("61.2350"), "lb") == "135 lb"
    assert format_load(Decimal("100.0000"), "kg") == "100 kg"
    assert format_load(None, "kg") == ""


@given(st.decimals(min_value=0, max_value=2204, places=2))
def test_any_load_typed_in_pounds_comes_back_unchanged(value):
    assert from_kg(to_kg(value, "lb"), "lb") == value


@given(st.decimals(min_value=0, max_value=1000, places=2))
def test_any_load_typed_in_kilograms_comes_back_unchanged(value):
    assert from_kg(to_kg(value, "kg"), "kg") == value
