"""Routines, the schedule, sessions and logged sets, imports of other apps' logs, restores."""

from training.models.imports import Import
from training.models.log import (
    MAX_LOAD_KG,
    MAX_SET_NOTE,
    LoggedSet,
    LoggedSetQuerySet,
    Session,
    SessionQuerySet,
)
from training.models.plans import (
    CalendarFeed,
    Routine,
    RoutineEntry,
    RoutineEntryManager,
    RoutineManager,
    RoutineQuerySet,
    Schedule,
    describe_target,
    new_feed_token,
)
from training.models.restores import Restore

__all__ = [
    "MAX_LOAD_KG",
    "MAX_SET_NOTE",
    "CalendarFeed",
    "Import",
    "LoggedSet",
    "LoggedSetQuerySet",
    "Routine",
    "RoutineEntry",
    "RoutineEntryManager",
    "RoutineManager",
    "Restore",
    "RoutineQuerySet",
    "Schedule",
    "Session",
    "SessionQuerySet",
    "describe_target",
    "new_feed_token",
]
