"""Progress charts: per exercise, sessions per week, the progression timeline."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exercises.models import BandColour, Exercise
from progress import charts, engine
from progress.models import PersonalRecord, ProgressionEvent, ProgressionState
from progress.records import records_rebuild
from progress.specs import to_json
from tests.factories import ExerciseFactory, SessionFactory, UserFactory
from tests.history import history_exercises, make_history
from tests.html import page_text
from training.models import LoggedSet, Session

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WARMUP = LoggedSet.Kind.WARMUP


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def log(user, exercise, day, *sets, status=Session.Status.DONE) -> Session:
    """A session on `day` with `sets` (dicts of LoggedSet fields) of `exercise`."""
    session = SessionFactory(user=user, date=day, status=status)
    for number, values in enumerate(sets, start=1):
        LoggedSet.objects.create(session=session, exercise=exercise, set_number=number, **values)
    return session


def page_url(exercise, **query) -> str:
    url = reverse("progress:exercise-progress", args=[exercise.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def chart_json(response, chart_id: str) -> dict:
    """The JSON a page hands its chart through json_script."""
    match = re.search(
        rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>',
        response.text,
        re.S,
    )
    assert match, f"no json_script for {chart_id}"
    return json.loads(match.group(1))


def dataset(data: dict, label: str) -> list:
    return next(d["data"] for d in data["datasets"] if d["label"] == label)


def labels(data: dict) -> list[str]:
    return data["labels"]


@pytest.fixture
def rdl(db):
    return ExerciseFactory(
        name="Romanian deadlift",
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=6,
        reps_max=8,
    )


@pytest.fixture
def bridge(db):
    return ExerciseFactory(name="Glute bridge")


# --- A loaded lift ---------------------------------------------------------------


def test_a_loaded_lift_charts_top_load_e1rm_and_volume_per_day_without_warmups(
    auth_client, user, rdl
):
    first, second = days_ago(10), days_ago(3)
    log(
        user,
        rdl,
        first,
        {"reps": 10, "load_kg": Decimal("100"), "kind": WARMUP},  # ignored
        {"reps": 5, "load_kg": Decimal("60")},
        {"reps": 12, "load_kg": Decimal("62.5")},  # too many reps for Epley
    )
    log(
        user,
        rdl,
        second,
        {"reps": 1, "load_kg": Decimal("80")},
        {"reps": 6, "load_kg": Decimal("70")},
    )
    # Two sessions on one day make one point.
    log(user, rdl, second, {"reps": 3, "load_kg": Decimal("75")})

    response = auth_client.get(page_url(rdl))
    assert response.status_code == 200
    load = chart_json(response, "chart-load")
    assert labels(load) == [first.isoformat(), second.isoformat()]
    assert dataset(load, "Top load (kg)") == [62.5, 80.0]
    # Epley: 60 × 35 / 30 = 70 on day one (the 12-rep set has none); day two's
    # best is 70 × 36 / 30 = 84 (the single of 80 is its own load, 75 × 33 / 30 = 82.5).
    assert dataset(load, "Estimated 1RM (kg)") == [70.0, 84.0]
    volume = chart_json(response, "chart-volume")
    assert dataset(volume, "Volume (kg × reps)") == [5 * 60 + 12 * 62.5, 80 + 6 * 70 + 3 * 75]
    assert volume["type"] == "bar"


def test_loads_are_charted_in_pounds_for_a_pound_user(client, rdl):
    user = UserFactory(unit="lb")
    client.force_login(user)
    log(user, rdl, days_ago(2), {"reps": 5, "load_kg": Decimal("102.0582")})
    load = chart_json(client.get(page_url(rdl)), "chart-load")
    assert dataset(load, "Top load (lb)") == [225.0]
    assert dataset(load, "Estimated 1RM (lb)") == [262.5]  # 225 × 35 / 30
    assert load["y_label"] == "lb"


def test_sets_of_planned_and_skipped_sessions_and_other_users_are_not_charted(
    auth_client, user, other_user, rdl
):
    log(user, rdl, days_ago(4), {"reps": 5, "load_kg": Decimal("50")}, status="in_progress")
    log(user, rdl, days_ago(3), {"reps": 5, "load_kg": Decimal("90")}, status="skipped")
    log(other_user, rdl, days_ago(2), {"reps": 5, "load_kg": Decimal("95")})
    load = chart_json(auth_client.get(page_url(rdl)), "chart-load")
    assert labels(load) == [days_ago(4).isoformat()]
    assert dataset(load, "Top load (kg)") == [50.0]


# --- Bodyweight, holds, bands --------------------------------------------------------


def test_a_bodyweight_exercise_charts_reps_and_sets_and_no_one_rep_max(auth_client, user, bridge):
    log(user, bridge, days_ago(5), {"reps": 10}, {"reps": 8}, {"reps": 15, "kind": WARMUP})
    log(user, bridge, days_ago(1), {"reps": 12}, {"reps": 10}, {"reps": 10})
    response = auth_client.get(page_url(bridge))
    reps = chart_json(response, "chart-reps")
    assert dataset(reps, "Most reps in a set") == [10, 12]
    work = chart_json(response, "chart-work")
    assert dataset(work, "Total reps") == [18, 32]
    assert dataset(work, "Sets") == [2, 3]
    assert "1RM" not in page_text(response) and "chart-load-data" not in response.text


def test_a_hold_charts_the_longest_and_the_total_hold(auth_client, user):
    hold = ExerciseFactory(
        name="Hamstring hold",
        measure=Exercise.Measure.HOLD,
        rule=Exercise.Rule.HOLD_BUILD,
        reps_min=None,
        reps_max=None,
        hold_min_s=30,
        hold_max_s=60,
    )
    log(user, hold, days_ago(2), {"hold_s": 30, "side": "left"}, {"hold_s": 40, "side": "right"})
    response = auth_client.get(page_url(hold))
    assert dataset(chart_json(response, "chart-hold"), "Longest hold (s)") == [40]
    assert dataset(chart_json(response, "chart-work"), "Total hold time (s)") == [70]
    assert "1RM" not in page_text(response)


def test_a_band_exercise_charts_reps_and_the_heaviest_band_by_name(auth_client, user):
    curl = ExerciseFactory(
        name="Band curl", measure=Exercise.Measure.BAND_REPS, rule=Exercise.Rule.BAND_COLOUR
    )
    tan = BandColour.objects.create(slug="tan", name="Tan", position=1, hex_colour="#d2b48c")
    red = BandColour.objects.create(slug="red", name="Red", position=3, hex_colour="#d62828")
    log(user, curl, days_ago(4), {"reps": 10, "band": tan})
    log(user, curl, days_ago(2), {"reps": 12, "band": tan}, {"reps": 8, "band": red})
    response = auth_client.get(page_url(curl))
    reps = chart_json(response, "chart-reps")
    assert dataset(reps, "Most reps in a set") == [10, 12]
    assert dataset(reps, "Heaviest band") == [1, 3]
    assert reps["y2_names"]["3"] == "Red"
    table = response.context["charts"].charts[0].table
    assert table.columns[:2] == ["Most reps in a set", "Heaviest band"]
    assert [cells[1] for _, cells in table.rows] == ["Tan", "Red"]
    assert "<td>Red</td>" in response.text
    assert "1RM" not in page_text(response)


# --- Records ------------------------------------------------------------------------


def test_records_are_marked_on_the_days_they_were_set(auth_client, user, rdl):
    days = [days_ago(9), days_ago(6), days_ago(3)]
    log(user, rdl, days[0], {"reps": 5, "load_kg": Decimal("60")})  # the baseline
    log(user, rdl, days[1], {"reps": 5, "load_kg": Decimal("55")})  # no record
    log(user, rdl, days[2], {"reps": 5, "load_kg": Decimal("65")})  # beats day one
    records_rebuild(user=user)

    response = auth_client.get(page_url(rdl))
    load = chart_json(response, "chart-load")
    assert dataset(load, "Record") == [None, None, 65.0]
    notes = next(d["notes"] for d in load["datasets"] if d["style"] == "records")
    assert notes[:2] == [None, None]
    assert "Heaviest for 5 reps: 65 kg (was 60 kg)" in notes[2]
    row = response.context["charts"].charts[0].table.rows[2]
    assert row[0] == days[2] and "Heaviest for 5 reps: 65 kg (was 60 kg)" in row[1][-1]
    assert "Records set on 1 day." in response.context["charts"].charts[0].summary


# --- Range ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "days_shown"),
    [
        ({}, 2),
        ({"range": "3m"}, 1),
        ({"range": "1y"}, 2),
        ({"range": "all"}, 3),
        ({"range": "forever"}, 2),
        ({"range": "<script>"}, 2),
    ],
)
def test_the_range_picks_the_days_charted_and_garbage_means_twelve_months(
    auth_client, user, bridge, query, days_shown
):
    for ago in (800, 200, 10):
        log(user, bridge, days_ago(ago), {"reps": 10})
    response = auth_client.get(page_url(bridge, **query))
    assert response.status_code == 200
    assert len(labels(chart_json(response, "chart-reps"))) == days_shown
    key = query.get("range") if query.get("range") in charts.RANGES else "1y"
    assert response.context["chart_range"].key == key
    assert response.context["chart_range"].describe() in response.text.replace("&#x27;", "'")


def test_the_range_is_counted_back_in_calendar_months():
    today = datetime.date(2026, 5, 31)
    assert charts.chart_range("3m", today).since == datetime.date(2026, 2, 28)
    assert charts.chart_range("1y", today).since == datetime.date(2025, 5, 31)
    assert charts.chart_range(None, today).since == datetime.date(2025, 5, 31)
    assert charts.chart_range("all", today).since is None
    assert charts.chart_range("all", today).describe() == "All time"


def test_nothing_logged_shows_a_sentence_and_no_chart(auth_client, bridge):
    response = auth_client.get(page_url(bridge))
    assert "No sets of Glute bridge logged in the last 12 months" in response.text
    assert "<canvas" not in response.text
    assert "chart.umd.min.js" not in response.text


# --- Progression timeline ------------------------------------------------------------


def event(user, exercise, day, kind, before, after, after_text):
    return ProgressionEvent.objects.create(
        user=user,
        exercise=exercise,
        date=day,
        kind=kind,
        before=to_json(before) if before else None,
        after=to_json(after),
        after_text=after_text,
        reason="Because.",
    )


def test_the_timeline_steps_through_each_change_of_stage(auth_client, user, bridge):
    one, two, three = (engine.Prescription(bridge.slug, n, 10) for n in (1, 2, 3))
    following = engine.Prescription("one-leg-bridge", 1, 10)
    event(user, bridge, days_ago(20), "add_set", one, two, "2 × 10")
    event(user, bridge, days_ago(15), "stay", two, two, "2 × 10")  # not a change
    event(user, bridge, days_ago(10), "add_set", two, three, "3 × 10")
    event(user, bridge, days_ago(5), "next_exercise", three, following, "One-leg bridge, 1 × 10")
    response = auth_client.get(page_url(bridge))
    timeline = chart_json(response, "chart-timeline")
    assert timeline["step"] is True
    assert labels(timeline) == [days_ago(n).isoformat() for n in (20, 10, 5)]
    # A hand-over to the next exercise keeps this one's stage.
    assert dataset(timeline, "Sets") == [2, 3, 3]
    notes = timeline["datasets"][0]["notes"]
    assert notes[0] == "Added a set: 2 × 10"
    assert notes[2] == "Ready for the next exercise: One-leg bridge, 1 × 10"
    assert "<td>Ready for the next exercise: One-leg bridge, 1 × 10</td>" in response.text


def test_the_timeline_of_a_loaded_lift_is_its_load_in_the_users_unit(client, rdl):
    user = UserFactory(unit="lb")
    client.force_login(user)
    before = engine.Prescription(rdl.slug, 3, 6, load_kg=Decimal("61.2350"))
    after = engine.Prescription(rdl.slug, 3, 6, load_kg=Decimal("62.3690"))
    event(user, rdl, days_ago(3), "add_load", before, after, "3 × 6 at 137.5 lb")
    timeline = chart_json(client.get(page_url(rdl)), "chart-timeline")
    assert dataset(timeline, "Load (lb)") == [137.5]


# --- Sessions per week -----------------------------------------------------------------


def test_sessions_per_week_fill_empty_weeks_with_zeros_and_draw_the_band(auth_client, user):
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    two_weeks_back = monday - datetime.timedelta(weeks=2)
    for day in (two_weeks_back, two_weeks_back + datetime.timedelta(days=3), monday):
        SessionFactory(user=user, date=day, status=Session.Status.DONE)
    SessionFactory(user=user, date=monday, status=Session.Status.SKIPPED)  # not done
    SessionFactory(user=user, date=monday - datetime.timedelta(weeks=20), status="done")  # too old
    response = auth_client.get(reverse("progress:progress-list"))
    assert response.status_code == 200
    weekly = chart_json(response, "chart-weekly")
    assert len(labels(weekly)) == 12
    assert labels(weekly)[-1] == monday.isoformat()
    assert dataset(weekly, "Sessions") == [0] * 9 + [2, 0, 1]
    styles = {d["label"]: d["style"] for d in weekly["datasets"]}
    assert styles["At least 2 a week"] == "target"
    assert styles["At most 3 a week"] == "band"
    assert dataset(weekly, "At least 2 a week") == [2] * 12
    assert "Your target" not in json.dumps(weekly)  # the default target of 2 is the band
    table = response.context["weekly"].table
    assert table.columns == ["Sessions"]
    assert table.constants == ["At least 2 a week: 2", "At most 3 a week: 3"]


def test_a_target_of_one_a_week_is_drawn_beside_the_band(client):
    user = UserFactory(weekly_target=1)
    client.force_login(user)
    SessionFactory(user=user, date=TODAY, status=Session.Status.DONE)
    weekly = chart_json(client.get(reverse("progress:progress-list")), "chart-weekly")
    assert dataset(weekly, "Your target: 1 a week") == [1] * 12


@pytest.mark.parametrize(("weeks", "shown"), [("26", 26), ("52", 52), ("7", 12), ("x", 12)])
def test_the_weeks_shown_are_12_26_or_52(auth_client, user, weeks, shown):
    SessionFactory(user=user, date=TODAY, status=Session.Status.DONE)
    response = auth_client.get(reverse("progress:progress-list") + f"?weeks={weeks}")
    assert response.status_code == 200
    assert len(labels(chart_json(response, "chart-weekly"))) == shown


def test_no_finished_sessions_shows_a_sentence_and_no_chart(auth_client):
    response = auth_client.get(reverse("progress:progress-list"))
    assert "No finished sessions in the last 12 weeks." in response.text
    assert "<canvas" not in response.text


def test_the_list_shows_the_exercises_reached(auth_client, user, bridge):
    log(user, bridge, days_ago(40), {"reps": 8, "kind": LoggedSet.Kind.WARMUP})
    log(user, bridge, days_ago(30), {"reps": 10})
    ProgressionState.objects.create(user=user, exercise=bridge, sets=2, reps=10)
    one_leg = ExerciseFactory(name="One-leg bridge", unilateral=True)
    event(
        user,
        bridge,
        days_ago(2),
        ProgressionEvent.Kind.MOVED_ON,
        engine.Prescription(bridge.slug, 3, 10),
        engine.Prescription(one_leg.slug, 1, 10),
        "One-leg bridge, 1 × 10 each leg",
    )
    reached = auth_client.get(reverse("progress:progress-list")).context["reached"]
    assert [(r.date, r.text, r.slug) for r in reached] == [
        (
            days_ago(2),
            "Moved on from Glute bridge to One-leg bridge, 1 × 10 each leg",
            one_leg.slug,
        ),
        (days_ago(30), "Started Glute bridge", bridge.slug),
    ]


# --- Pages: access, scripts, queries -----------------------------------------------------


@pytest.mark.parametrize("name", ["progress-list", "exercise-progress"])
def test_anonymous_users_are_sent_to_log_in(client, bridge, name):
    args = [bridge.slug] if name == "exercise-progress" else []
    response = client.get(reverse(f"progress:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_charts_come_as_json_and_a_script_file_never_inline_code(auth_client, user, bridge):
    log(user, bridge, TODAY, {"reps": 10})
    for url in (page_url(bridge), reverse("progress:progress-list")):
        text = auth_client.get(url).text
        assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in text
        assert 'src="/static/js/charts.js"' in text
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        canvases = re.findall(r'<canvas data-chart-source="([^"]+)" role="img" aria-label="', text)
        assert canvases
        for source in canvases:
            assert f'<script id="{source}" type="application/json">' in text


def test_a_chart_table_has_headers_for_its_columns_and_rows(auth_client, user, bridge):
    log(user, bridge, days_ago(1), {"reps": 10})
    text = auth_client.get(page_url(bridge)).text
    assert '<th scope="col">Date</th>' in text
    assert '<th scope="col">Most reps in a set</th>' in text
    assert f'<th scope="row">{days_ago(1):%-d %b %Y}</th>' in text


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_both_pages_cost_the_same_queries_for_a_new_user_and_twelve_years_of_history(client):
    exercises = history_exercises()
    new, veteran = UserFactory(), UserFactory()
    make_history(new, years=0, today=TODAY, exercises=exercises)
    make_history(veteran, years=12, today=TODAY, exercises=exercises)
    records_rebuild(user=veteran)
    assert LoggedSet.objects.filter(session__user=veteran).count() > 14_000

    counts = {}
    for label, user in (("new", new), ("veteran", veteran)):
        client.force_login(user)
        counts[label] = {
            "list": count_queries(client, reverse("progress:progress-list")),
            "list, a year": count_queries(client, reverse("progress:progress-list") + "?weeks=52"),
            **{
                f"{exercise.slug} {key}": count_queries(client, page_url(exercise, range=key))
                for exercise in exercises
                for key in ("1y", "all")
            },
        }
    # The history list under the charts skips its page of events when there are none
    # to count (Django's paginator): the new user's only saving. The charts cost the same.
    assert counts["veteran"] == {
        step: queries + (0 if step.startswith("list") else 1)
        for step, queries in counts["new"].items()
    }
    # The session and the user, then the page's own (see test_query_budgets.py).
    assert counts["veteran"]["list"] == counts["veteran"]["list, a year"] == 6
    assert counts["veteran"]["floor-bridge 1y"] == counts["veteran"]["floor-bridge all"] == 11
    # Band exercises: the target form's band choices, and the colours' names for the chart.
    assert counts["veteran"]["band-leg-curl all"] == 13


# --- A time axis, and "All time" grouped ----------------------------------------------


def gaps(data: dict) -> list[int]:
    return [later - earlier for earlier, later in zip(data["x"], data["x"][1:], strict=False)]


def test_points_sit_in_time_so_two_months_between_them_look_ten_times_six_days(
    auth_client, user, rdl
):
    days = [days_ago(67), days_ago(61), days_ago(0)]
    for day in days:
        log(user, rdl, day, {"reps": 5, "load_kg": Decimal("60")})
    load = chart_json(auth_client.get(page_url(rdl)), "chart-load")
    assert load["per"] == "day"
    assert load["x"] == [charts.timestamp(day) for day in days]
    assert charts.timestamp(datetime.date(1970, 1, 2)) == 86_400_000  # ms at midnight UTC
    six_days, two_months = gaps(load)
    assert six_days == 6 * 86_400_000
    assert two_months / six_days == pytest.approx(61 / 6)


def test_sessions_per_week_are_weeks_on_a_time_axis(auth_client, user):
    SessionFactory(user=user, date=TODAY, status=Session.Status.DONE)
    weekly = chart_json(auth_client.get(reverse("progress:progress-list")), "chart-weekly")
    assert weekly["per"] == "week"
    assert set(gaps(weekly)) == {7 * 86_400_000}


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@pytest.mark.parametrize(
    ("first_ago", "per"),
    [(150, "day"), (2 * 365, "week"), (4 * 365, "month")],
)
def test_all_time_is_per_day_then_per_week_then_per_month_as_the_history_grows(
    user, rdl, first_ago, per
):
    today = datetime.date(2026, 6, 17)  # a Wednesday
    first = today - datetime.timedelta(days=first_ago)
    log(user, rdl, first, {"reps": 5, "load_kg": Decimal("50")})
    # Two days of one week (and month): one point holding the best and the sum.
    log(user, rdl, datetime.date(2026, 6, 8), {"reps": 5, "load_kg": Decimal("60")})
    log(user, rdl, datetime.date(2026, 6, 10), {"reps": 2, "load_kg": Decimal("70")})
    result = charts.exercise_charts(user, rdl, since=None, today=today)
    load, volume = result.charts
    assert result.per == load.per == volume.per == per
    assert result.days == 3
    assert load.data()["per"] == per
    if per == "day":
        assert load.labels[1:] == [datetime.date(2026, 6, 8), datetime.date(2026, 6, 10)]
        assert result.describe() == "3 training days"
        return
    start = monday(first) if per == "week" else first.replace(day=1)
    latest = datetime.date(2026, 6, 8) if per == "week" else datetime.date(2026, 6, 1)
    assert load.labels == [start, latest]
    assert load.series[0].values == [Decimal("50"), Decimal("70")]  # the week's top load
    assert volume.series[0].values == [Decimal("250"), Decimal("440")]  # 5 × 60 + 2 × 70
    assert result.describe() == f"3 training days, a point a {per}"
    assert load.row_header == {"week": "Week of", "month": "Month"}[per]


def test_a_long_all_time_marks_the_months_that_set_records(user, rdl):
    today = datetime.date(2026, 6, 17)
    log(user, rdl, datetime.date(2022, 1, 10), {"reps": 5, "load_kg": Decimal("60")})
    log(user, rdl, datetime.date(2022, 1, 20), {"reps": 5, "load_kg": Decimal("55")})
    log(user, rdl, datetime.date(2022, 3, 2), {"reps": 5, "load_kg": Decimal("58")})
    log(user, rdl, datetime.date(2026, 6, 1), {"reps": 5, "load_kg": Decimal("65")})  # a record
    log(user, rdl, datetime.date(2026, 6, 3), {"reps": 5, "load_kg": Decimal("67.5")})  # another
    records_rebuild(user=user)
    load = charts.exercise_charts(user, rdl, since=None, today=today).charts[0]
    assert load.labels == [
        datetime.date(2022, 1, 1),
        datetime.date(2022, 3, 1),
        datetime.date(2026, 6, 1),
    ]
    records = next(s for s in load.series if s.style == charts.RECORDS)
    # The marker sits on the month's best, and says what the month holds.
    assert records.values == [None, None, Decimal("67.5")]
    beaten = PersonalRecord.objects.for_user(user).beaten().filter(date__year=2026).count()
    assert beaten >= 2  # June beat January's 60 kg twice, for load and for 1RM
    assert records.notes == [None, None, f"{beaten} records that month"]
    assert load.table.rows[2][0] == datetime.date(2026, 6, 1)


def test_a_long_all_time_steps_the_timeline_by_the_last_change_of_each_month(client, rdl):
    user = UserFactory()
    client.force_login(user)
    log(user, rdl, datetime.date(2021, 1, 4), {"reps": 5, "load_kg": Decimal("50")})
    spec = lambda kg: engine.Prescription(rdl.slug, 3, 6, load_kg=Decimal(kg))  # noqa: E731
    event(user, rdl, datetime.date(2021, 1, 4), "add_load", spec("50"), spec("52.5"), "52.5")
    event(user, rdl, datetime.date(2021, 1, 25), "add_load", spec("52.5"), spec("55"), "55")
    event(user, rdl, datetime.date(2021, 3, 1), "add_load", spec("55"), spec("57.5"), "57.5")
    result = charts.exercise_charts(user, rdl, since=None, today=datetime.date(2026, 1, 1))
    timeline = result.timeline
    assert timeline.per == "month"
    assert timeline.labels == [datetime.date(2021, 1, 1), datetime.date(2021, 3, 1)]
    assert timeline.series[0].values == [Decimal("55"), Decimal("57.5")]
    assert timeline.series[0].notes == ["Added load: 55", "Added load: 57.5"]


def test_a_months_table_names_the_month_not_its_first_day(auth_client, user, bridge):
    log(user, bridge, TODAY - datetime.timedelta(days=5 * 365), {"reps": 10})
    log(user, bridge, days_ago(1), {"reps": 10})
    response = auth_client.get(page_url(bridge, range="all"))
    assert '<th scope="col">Month</th>' in response.text
    assert f'<th scope="row">{days_ago(1):%b %Y}</th>' in response.text
    assert "2 training days, a point a month" in response.text


def test_five_years_of_all_time_is_at_most_61_points_for_the_queries_of_one_week(
    client, django_assert_max_num_queries
):
    exercises = history_exercises()
    week, five_years = UserFactory(), UserFactory()
    make_history(week, years=7 / 365.25, today=TODAY, exercises=exercises)
    make_history(five_years, years=5, today=TODAY, exercises=exercises)
    records_rebuild(user=week)
    records_rebuild(user=five_years)
    for exercise in exercises:
        url = page_url(exercise, range="all")
        client.force_login(week)
        budget = count_queries(client, url)
        client.force_login(five_years)
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.context["charts"].per == "month"
        assert response.context["charts"].days > 400
        for chart in [*response.context["charts"].charts, response.context["charts"].timeline]:
            if chart is None:
                continue
            data = chart_json(response, chart.id)
            assert 0 < len(data["x"]) <= 61  # five years and the month under way
            assert all(len(d["data"]) == len(data["x"]) for d in data["datasets"])
