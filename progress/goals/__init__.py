"""SMART goals, read from the log: where each stands, whether it is on track, and
whether a new one looks realistic.

Every metric is a number that only counts upward in the log:

| metric          | value                                   | read from                  |
| --------------- | --------------------------------------- | -------------------------- |
| load for N reps | the heaviest load (kg) for N reps or more | personal records           |
| e1RM            | the best Epley estimate (kg)             | personal records           |
| reps            | the most reps in one set                 | personal records           |
| hold            | the longest hold (s)                     | personal records           |
| stage           | the most sets met at the stage's reps    | progression events (met)   |
| exercise        | the furthest step of the chain logged    | logged sets × chain steps  |
| sessions        | weeks in a row with enough sessions      | finished sessions per week |

`read_goals` reads any number of goals in at most four queries, one per
source, each a single aggregate with one set of conditional columns per goal;
the size of the log changes none of that.

The trend is the gain over the last eight weeks (four, where the log is
younger), per week; a log that gained nothing over it shows 0, a stall. With a
log younger than four weeks, the rules' usual pace stands in, and the wording
says so (`PACE`). A goal is:

- achieved: the target was reached on or before the deadline;
- missed: the deadline has passed without it (reached late is still missed);
- on track: the trend, carried on to the deadline, reaches the target;
- at risk: it does not.

The deadline day itself still counts: a goal is missed from the day after (for
sessions a week, from the Monday after: the deadline's week counts whole).
"""

from progress.goals.chart import chart
from progress.goals.judging import (
    AMBITIOUS,
    PACE,
    Assessment,
    Progress,
    Rate,
    Status,
    Verdict,
    assess,
    explain,
    fraction,
    pace,
    progress,
    rate,
    status,
)
from progress.goals.reading import RECORD_KINDS, WINDOWS, Reading, chain_for, read_goals, series
from progress.goals.words import amount, describe, per_week

__all__ = [
    "AMBITIOUS",
    "PACE",
    "RECORD_KINDS",
    "WINDOWS",
    "Assessment",
    "Progress",
    "Rate",
    "Reading",
    "Status",
    "Verdict",
    "amount",
    "assess",
    "chain_for",
    "chart",
    "describe",
    "explain",
    "fraction",
    "pace",
    "per_week",
    "progress",
    "rate",
    "read_goals",
    "series",
    "status",
]
