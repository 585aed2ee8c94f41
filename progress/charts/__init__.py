"""Chart data for the progress pages, aggregated in the database.

Each selector here costs a fixed number of queries whatever the size of the
log (its docstring says how many): the database groups sets by training day
and sessions by ISO week with `values().annotate()`, and Python only converts
loads to the user's unit, fills empty weeks over a bounded range and lays the
rows out for the chart and its table. An exercise's "All time" is grouped by
week, then by month, once the history is long (`exercise.BY_DAY_MONTHS`), so the
number of points stays bounded.

By topic: the chart format (`chart`), one exercise's charts per training day
(`exercise`), its progression timeline (`timeline`), and sessions per week with
the exercises reached (`weekly`).

The chart format
----------------
`Chart.data()` is what a template hands to `json_script`; static/js/charts.js
draws it on the `<canvas data-chart-source="ID">` whose ID names the script.
`templates/progress/includes/chart.html` renders the canvas, the script and a
table of the same numbers from one `Chart`. Any page can build its own::

    {
      "type": "line",                  # or "bar": the chart's base type
      "labels": ["2026-03-02", ...],   # ISO dates, one per point
      "x": [1772409600000, ...],       # the same dates as ms since the epoch (UTC
                                       # midnight): the x axis is time, so gaps show
      "per": "day",                    # or "week", "month": what one point stands for
      "datasets": [
        {
          "label": "Top load (kg)",
          "data": [80.5, null, ...],   # one number per label; null draws no point
          "style": "line",             # see below
          "axis": "y",                 # or "y2", the right-hand axis
          "notes": ["...", null, ...]  # optional: a text per point, shown in the tooltip
        }
      ],
      "y_label": "kg",                 # the axis title; every key below is optional
      "y_min": 0,
      "y_max": null,
      "y_integer": false,              # whole-number ticks (sets, reps, sessions)
      "y_names": {"3": "Red"},         # names for values on ticks and in tooltips
      "y2_label": "sets",              # the same keys again for the right-hand axis,
      "y2_min": 0, "y2_max": null,     # drawn only when a dataset uses it
      "y2_integer": true, "y2_names": null,
      "step": false                    # lines as steps: a stage holds until it changes
    }

Dataset styles:

- ``line``: a line through the points;
- ``bar``: bars (a bar and a line mix in one chart);
- ``target``: a dashed line without points, such as a goal's target: repeat the
  value on every label;
- ``band``: a ``target`` that also shades the area down to the dataset just
  before it: a ``target`` at 2 then a ``band`` at 3 draw the 2–3 band;
- ``records``: points only, no line: a value on the days that set a record,
  null elsewhere, with what the record was in ``notes``.
"""

from progress.charts.chart import (
    BAND,
    BAR,
    DAY,
    LINE,
    MONTH,
    RECORDS,
    TARGET,
    WEEK,
    Axis,
    Chart,
    Series,
    Table,
    timestamp,
)
from progress.charts.exercise import (
    CHARTED_STATUSES,
    DEFAULT_RANGE,
    RANGES,
    ChartRange,
    ExerciseCharts,
    chart_range,
    exercise_charts,
)
from progress.charts.timeline import progression_timeline
from progress.charts.weekly import (
    WEEK_CHOICES,
    WEEKLY_BAND,
    Reached,
    exercises_reached,
    weekly_sessions,
    weeks_choice,
)

__all__ = [
    "BAND",
    "BAR",
    "CHARTED_STATUSES",
    "DAY",
    "DEFAULT_RANGE",
    "LINE",
    "MONTH",
    "RANGES",
    "RECORDS",
    "TARGET",
    "WEEK",
    "WEEKLY_BAND",
    "WEEK_CHOICES",
    "Axis",
    "Chart",
    "ChartRange",
    "ExerciseCharts",
    "Reached",
    "Series",
    "Table",
    "chart_range",
    "exercise_charts",
    "exercises_reached",
    "progression_timeline",
    "timestamp",
    "weekly_sessions",
    "weeks_choice",
]
