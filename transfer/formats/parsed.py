"""What an export reads as (the sessions, their sets, the errors), and the limits of a value."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from decimal import Decimal

MAX_ROWS = 100_000
MAX_REPS = 1000
MAX_SECONDS = 3600
MAX_DURATION = 24 * 3600  # a Strong workout's length, in seconds
KG = "kg"
LB = "lb"
MAX_LOAD = {KG: Decimal(1000), LB: Decimal("2204.6")}
UNITS = {"kg": KG, "kgs": KG, "lb": LB, "lbs": LB}
EXPORT_AGAIN = "Export it again from the app and import the file as it is."


class Format(enum.StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"

    @property
    def label(self) -> str:
        return {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}[self.value]


@dataclass(frozen=True)
class ParsedSet:
    line: int
    exercise: str
    kind: str
    side: str
    reps: int | None
    weight: Decimal | None
    unit: str | None
    seconds: int | None
    rpe: int | None
    note: str


@dataclass(frozen=True)
class ParsedSession:
    key: str
    date: datetime.date
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    title: str
    notes: str
    sets: tuple[ParsedSet, ...]


@dataclass(frozen=True)
class ParsedFile:
    format: Format
    delimiter: str
    unit: str | None
    needs_unit: bool
    rows: int
    sessions: tuple[ParsedSession, ...]
    left_out: dict[str, int]


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class ImportFileError(Exception):
    """The file cannot be imported; `errors` says why, in line order (0: the whole file)."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda error: error.line)
        super().__init__(" ".join(f"Line {e.line}: {e.message}" for e in self.errors[:3]))
