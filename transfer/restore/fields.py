"""Reading one object of a backup, value by value, noting each problem with where it is.

`_Reader` checks each value's type and range as the database would take it;
`_Plan` (`plan.py`, `progress.py`) reads the document's rows through it.
"""

import datetime
import json
import re
from decimal import Decimal

from django.utils import timezone

from training import bounds

MAX_PROBLEMS = 10
SMALL = 32767
MAX_DECIMAL = 999999
_DECIMAL = re.compile(r"[0-9]{1,7}(\.[0-9]{1,4})?", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_MISSING = object()
ANY_EXERCISE = "an exercise of the catalog or of the backup"


class BackupError(Exception):
    """A backup that cannot be restored, with every reason found (up to `MAX_PROBLEMS`)."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


class _TooMany(Exception):
    pass


class _OutOfRange(ValueError):
    """A value of the right shape outside what Hamstrong keeps; its message says why."""


LONE_SURROGATE = (
    "holds a character that is not text: half of a UTF-16 pair (such as \\ud800) with no other half"
)


def readable_text(text: str) -> bool:
    """False for a string JSON's escapes gave a lone surrogate, which no database stores."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


class _Reader:
    """Reads one object of the document, noting each problem with where it is."""

    def __init__(self, problems: list[str], where: str, data):
        self.problems, self.where = problems, where
        self.is_object = isinstance(data, dict)
        self.data = data if self.is_object else {}
        self.ok = self.is_object
        if not self.is_object:
            self._note(f"{where}: must be an object ({{…}}), not {_shown(data)}.")

    def _note(self, text: str) -> None:
        self.problems.append(text)
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany

    def refuse(self, message: str) -> None:
        """A problem of the whole object, such as two of its fields that disagree."""
        self.ok = False
        self._note(f"{self.where}: {message}")

    def bad(self, key: str, message: str) -> None:
        self.ok = False
        self._note(f"{self.where}: “{key}” {message}.")

    def take(self, key: str, expected: str, convert, *, null=False):
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if self.is_object:
                self.bad(key, "is missing")
            return None
        if value is None and null:
            return None
        if isinstance(value, str) and not readable_text(value):
            self.bad(key, LONE_SURROGATE)
            return None
        try:
            return convert(value)
        except _OutOfRange as error:
            self.bad(key, str(error))
            return None
        except (ValueError, TypeError, KeyError):
            self.bad(key, f"must be {expected}, not {_shown(value)}")
            return None

    def integer(self, key, low, high, *, null=False):
        def convert(value):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError
            return value

        return self.take(key, f"a whole number from {low} to {high}", convert, null=null)

    def text(self, key, max_length=None, *, required=False):
        def convert(value):
            if not isinstance(value, str) or "\x00" in value:
                raise ValueError
            if (max_length and len(value) > max_length) or (required and not value.strip()):
                raise ValueError
            return value

        expected = "text" if not required else "some text"
        if max_length:
            expected += f" of at most {max_length} characters"
        return self.take(key, expected, convert)

    def choice(self, key, choices, *, null=False):
        def convert(value):
            if value not in choices.values:
                raise ValueError
            return value

        allowed = ", ".join(f"“{v}”" for v in choices.values)
        return self.take(key, f"one of {allowed}", convert, null=null)

    def boolean(self, key, *, null=False):
        def convert(value):
            if not isinstance(value, bool):
                raise ValueError
            return value

        return self.take(key, "true or false", convert, null=null)

    def day(self, key, *, null=False, planned=False):
        """A date; `planned` for a session's or a plan's (at most a year ahead)."""

        def convert(value):
            if not isinstance(value, str) or not _DATE.fullmatch(value):
                raise ValueError
            day = datetime.date.fromisoformat(value)
            if planned:
                problem = bounds.day_problem(day, today=timezone.localdate())
            else:
                problem = bounds.any_day_problem(day)
            if problem:
                raise _OutOfRange(problem.removesuffix("."))
            return day

        return self.take(key, "a date as YYYY-MM-DD", convert, null=null)

    def moment(self, key, *, null=False):
        def convert(value):
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            moment = datetime.datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError
            problem = bounds.moment_problem(moment, now=timezone.now())
            if problem:
                raise _OutOfRange(problem.removesuffix("."))
            return moment

        return self.take(key, "a time in ISO 8601 with its offset", convert, null=null)

    def decimal(self, key, high, *, positive=False, null=False):
        def convert(value):
            if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
                raise ValueError
            number = Decimal(value)
            if number > high or (positive and number <= 0):
                raise ValueError
            return number

        low = "more than 0" if positive else "from 0"
        expected = f"a number {low} to {high} as a string with at most 4 decimals (“62.5”)"
        return self.take(key, expected, convert, null=null)

    def lookup(self, key, table: dict, what: str, *, null=False):
        def convert(value):
            if not isinstance(value, str):
                raise ValueError
            return table[value]

        return self.take(key, f"the name of {what}", convert, null=null)

    def slugs(self, key, table: dict, what: str) -> list:
        def convert(value):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError
            return [table[v] for v in value]

        return self.take(key, f"a list of {what}", convert) or []

    def ref(self, key, refs: dict, what: str) -> str | None:
        """The row's own reference, new in the document."""

        def convert(value):
            if not isinstance(value, str) or not value or len(value) > 100 or value in refs:
                raise ValueError
            return value

        return self.take(key, f"a reference no other {what} of the backup has", convert)
