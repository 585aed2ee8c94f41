"""Routines, the schedule, sessions and logged sets, and imports of other apps' logs."""

from training.models.imports import Import
from training.models.log import MAX_LOAD_KG, LoggedSet, LoggedSetQuerySet, Session, SessionQuerySet
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

__all__ = [
    "MAX_LOAD_KG",
    "CalendarFeed",
    "Import",
    "LoggedSet",
    "LoggedSetQuerySet",
    "Routine",
    "RoutineEntry",
    "RoutineEntryManager",
    "RoutineManager",
    "RoutineQuerySet",
    "Schedule",
    "Session",
    "SessionQuerySet",
    "describe_target",
    "new_feed_token",
]
