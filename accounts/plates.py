"""The plate calculator's numbers: the user's bar and plates, and the plates per side.

A user's plate set is text in their unit ("25 20 15 10 5 2.5 1.25"); empty means a
standard set. The calculator loads the biggest plates first, a pair at a time, and
says how far off it is when the plates cannot make the load exactly.
"""

from decimal import Decimal, InvalidOperation

DEFAULT_PLATES = {
    "kg": ("25", "20", "15", "10", "5", "2.5", "1.25"),
    "lb": ("45", "35", "25", "10", "5", "2.5"),
}
DEFAULT_BAR = {"kg": Decimal("20"), "lb": Decimal("45")}
MAX_PLATE = Decimal("100")
MAX_SIZES = 12


def parse_plates(text: str) -> list[Decimal]:
    """The sizes in `text`, biggest first, each once; ValueError for anything else."""
    sizes = set()
    for word in text.replace(",", " ").split():
        try:
            size = Decimal(word)
        except InvalidOperation as error:
            raise ValueError(word) from error
        if not size.is_finite() or not Decimal("0.1") <= size <= MAX_PLATE:
            raise ValueError(word)
        sizes.add(size.normalize())
    if len(sizes) > MAX_SIZES:
        raise ValueError("too many")
    return sorted(sizes, reverse=True)


def plates_text(sizes) -> str:
    return " ".join(f"{size:f}" for size in sizes)


def user_plates(user) -> tuple[Decimal, list[Decimal]]:
    """The user's bar and plates in their unit (a standard set where they chose none)."""
    unit = user.unit
    try:
        sizes = parse_plates(user.plates) if user.plates else []
    except ValueError:
        sizes = []
    sizes = sizes or [Decimal(s) for s in DEFAULT_PLATES[unit]]
    bar = user.bar_weight if user.bar_weight is not None else DEFAULT_BAR[unit]
    return Decimal(bar).normalize(), sizes


def per_side(load, bar: Decimal, sizes: list[Decimal]) -> tuple[list[Decimal], Decimal] | None:
    """The plates on each side for `load` (biggest first) and what they leave unloaded
    in all; None when the load is lighter than the bar."""
    load = Decimal(str(load))
    if load < bar:
        return None
    side = (load - bar) / 2
    plates = []
    for size in sizes:
        while side >= size:
            plates.append(size)
            side -= size
    return plates, side * 2


def plates_sentence(load, bar: Decimal, sizes: list[Decimal], unit: str) -> str:
    """'Per side: 20 + 10 + 2.5 (bar 20 kg)', as the card shows it under the load."""
    try:
        load = Decimal(str(load))
    except InvalidOperation:
        return ""
    if not load.is_finite():
        return ""
    loaded = per_side(load, bar, sizes)
    if loaded is None:
        return f"Lighter than the bar ({bar:f} {unit})."
    plates, left = loaded
    if not plates:
        text = f"Just the bar ({bar:f} {unit})"
    else:
        text = f"Per side: {' + '.join(f'{p:f}' for p in plates)} (bar {bar:f} {unit})"
    if left:
        text += f"; {left.normalize():f} {unit} more than your plates make"
    return text + "."
