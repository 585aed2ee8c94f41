from django import template
from django.utils.html import format_html

from accounts.plates import plates_sentence, plates_text, user_plates
from training.units import format_load

register = template.Library()


@register.filter
def load(kg, unit):
    """{{ set.load_kg|load:user.unit }} → '45 lb'."""
    return format_load(kg, unit)


@register.filter
def set_summary(logged, unit):
    """'10 reps × 20 kg', 'hold 30 s, left', '10 reps, red band, RPE 7, “knee twinged”'."""
    return _summary(logged, unit, side=True)


@register.filter
def set_values(logged, unit):
    """The set's numbers without its leg, for a row that names the leg already."""
    return _summary(logged, unit, side=False)


def _summary(logged, unit, *, side):
    parts = []
    if logged.reps is not None:
        parts.append(f"{logged.reps} rep{'s' if logged.reps != 1 else ''}")
    if logged.load_kg is not None:
        parts[-1:] = (
            [f"{parts[-1]} × {format_load(logged.load_kg, unit)}"]
            if parts
            else [format_load(logged.load_kg, unit)]
        )
    if logged.hold_s is not None:
        parts.append(f"hold {logged.hold_s} s")
    if logged.band_id:
        parts.append(f"{logged.band.name.lower()} band")
    if side and logged.side != "both":
        parts.append(logged.side)
    if logged.rpe:
        parts.append(f"RPE {logged.rpe}")
    if getattr(logged, "note", ""):
        parts.append(f"“{logged.note}”")
    return ", ".join(parts)


@register.simple_tag
def plate_calculator(field, user):
    """The plates per side for the load in `field` (static/js/session.js keeps it in step
    as the load is typed), from the user's plate set."""
    bar, sizes = user_plates(user)
    value = field.value()
    text = plates_sentence(value, bar, sizes, user.unit) if value not in (None, "") else ""
    return format_html(
        '<p class="small mb-2 plate-calc" data-field="{}" data-bar="{}" data-plates="{}"'
        ' data-unit="{}" aria-live="polite">{}</p>',
        field.auto_id,
        f"{bar:f}",
        plates_text(sizes),
        user.unit,
        text,
    )
