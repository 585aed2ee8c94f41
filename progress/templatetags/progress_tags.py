from django import template

from progress.goals import describe

register = template.Library()


@register.filter
def record_text(record, unit):
    """{{ record|record_text:user.unit }} → 'Heaviest for 5 reps: 225 lb (was 215 lb)'."""
    return record.describe(unit)


@register.filter
def goal_title(goal, unit):
    """{{ goal|goal_title:user.unit }} → 'Romanian deadlift: 70 kg for 8 reps'."""
    return describe(goal, unit)
