from dataclasses import replace

from django import template

from progress.goals import describe
from progress.stages import returning_from_injury, routine_locked_stages

register = template.Library()


@register.filter
def record_text(record, unit):
    """{{ record|record_text:user.unit }} → 'Heaviest for 5 reps: 225 lb (was 215 lb)'."""
    return record.describe(unit)


@register.filter
def goal_title(goal, unit):
    """{{ goal|goal_title:user.unit }} → 'Romanian deadlift: 70 kg for 8 reps'."""
    return describe(goal, unit)


@register.simple_tag
def locked_stages(routine, user, session=None, rows=None):
    """{% locked_stages routine user session rows as locked %}: the routine's ladder
    exercises the user has not earned yet, each with the exercise that unlocks it (the
    session page has them already, from its targets; the routine page its entries)."""
    known = getattr(session, "locked_stages", None)
    if known is not None:
        # Read without the user's profile: whether the override is offered is theirs.
        refused = returning_from_injury(user)
        return [replace(stage, can_override=not (refused and stage.advanced)) for stage in known]
    if routine is None or not getattr(user, "is_authenticated", False):
        return []
    entries = [row.entry for row in rows] if rows else None  # the routine page's entries
    return routine_locked_stages(routine, user, entries)
