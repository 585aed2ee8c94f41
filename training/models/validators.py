"""The models' validators for dates and times (the bounds are in `training.bounds`).

They run wherever a model form or `full_clean()` does, the admin included; the
import and the restore check the same bounds before they write.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from training import bounds


def validate_session_day(value):
    """A session's date or a plan's first day: from 1900 to a year after today."""
    problem = bounds.day_problem(value, today=timezone.localdate())
    if problem:
        raise ValidationError(problem, code="day_out_of_range")


def validate_session_moment(value):
    """A session's start or finish: from 1900 to a day after now."""
    if value is not None and timezone.is_aware(value):
        problem = bounds.moment_problem(value, now=timezone.now())
        if problem:
            raise ValidationError(problem, code="moment_out_of_range")
