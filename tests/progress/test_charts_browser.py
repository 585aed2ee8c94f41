"""On a phone: a year of training draws the exercise's charts and the sessions per week."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from progress.records import records_rebuild
from tests.factories import PASSWORD, ExerciseFactory, SessionFactory, UserFactory
from tests.history import make_history
from training.models import LoggedSet, Session


@pytest.fixture
def athlete(transactional_db):
    user = UserFactory(username="rosa")
    make_history(user, years=1, today=timezone.localdate())
    records_rebuild(user=user)
    return user


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def chart_points(page, source):
    """The points of each dataset of the chart drawn from `source`, read back from Chart.js."""
    page.wait_for_function(
        "(source) => window.Chart && Chart.getChart("
        'document.querySelector(`canvas[data-chart-source="${source}"]`))',
        arg=source,
    )
    return page.evaluate(
        """(source) => {
            const canvas = document.querySelector(`canvas[data-chart-source="${source}"]`);
            const chart = Chart.getChart(canvas);
            return {
                datasets: chart.data.datasets.map((d) => d.data.length),
                // The points the page's JSON gives, one per training day or week.
                labels: JSON.parse(document.getElementById(source).textContent).x.length,
                animation: chart.options.animation,
                width: canvas.getBoundingClientRect().width,
            };
        }""",
        source,
    )


def test_a_years_training_draws_the_lifts_charts_and_the_weeks_on_a_phone(page, athlete, tmp_path):
    log_in(page)
    page.goto("/progress/barbell-hip-hinge/")
    load = page.get_by_role("img", name=re.compile("^Top load and estimated one-rep max"))
    expect(load).to_be_visible()
    drawn = chart_points(page, "chart-load-data")
    assert drawn["datasets"][0] > 0
    assert drawn["datasets"][0] == drawn["labels"]
    assert drawn["animation"] is False  # drawn at once: no animation on a slow phone
    assert drawn["width"] <= 390
    assert chart_points(page, "chart-volume-data")["datasets"][0] > 0
    assert chart_points(page, "chart-timeline-data")["datasets"][0] > 0

    page.locator("section", has=page.locator("#charts-title")).screenshot(
        path=tmp_path / "exercise-charts.png"
    )
    page.get_by_text("Show the numbers").first.click()
    expect(page.locator("#chart-load-title ~ details table tbody tr").first).to_be_visible()

    page.get_by_role("link", name="All time").click()
    expect(page.locator("#chart-range")).to_contain_text("All time")

    page.goto("/progress/")
    weekly = chart_points(page, "chart-weekly-data")
    assert weekly["datasets"][0] == 12
    page.screenshot(path=tmp_path / "progress-list.png", full_page=True)


@pytest.fixture
def lifter(transactional_db):
    """Three Romanian deadlift days: six days apart, then two months (61 days) later."""
    user = UserFactory(username="rosa")
    lift = ExerciseFactory(
        name="Romanian deadlift",
        measure=Exercise.Measure.REPS_LOAD,
        rule=Exercise.Rule.DOUBLE_PROGRESSION,
        reps_min=6,
        reps_max=8,
    )
    today = timezone.localdate()
    for ago, kg in ((67, "60"), (61, "55"), (0, "65")):
        session = SessionFactory(
            user=user, date=today - datetime.timedelta(days=ago), status=Session.Status.DONE
        )
        LoggedSet.objects.create(
            session=session, exercise=lift, set_number=1, reps=5, load_kg=Decimal(kg)
        )
    records_rebuild(user=user)
    return lift


def drawn_x(page, source):
    """Where Chart.js drew each point of each dataset across the canvas, its ticks and scale."""
    chart_points(page, source)
    return page.evaluate(
        """(source) => {
            const canvas = document.querySelector(`canvas[data-chart-source="${source}"]`);
            const chart = Chart.getChart(canvas);
            const x = chart.scales.x;
            return {
                type: x.type,
                values: chart.data.datasets[0].data.map((point) => point.x),
                pixels: chart.data.datasets[0].data.map((point) => x.getPixelForValue(point.x)),
                drawn: chart.data.datasets.map((d, i) =>
                    chart.getDatasetMeta(i).data.map((element, j) =>
                        d.data[j].y === null ? null : Math.round(element.x))),
                styles: chart.data.datasets.map((d) => d.hamstrongStyle),
                ticks: x.ticks.map((tick) => tick.label),
            };
        }""",
        source,
    )


def tooltip_title(page, source, index):
    return page.evaluate(
        """([source, index]) => {
            const canvas = document.querySelector(`canvas[data-chart-source="${source}"]`);
            const chart = Chart.getChart(canvas);
            chart.tooltip.setActiveElements([{ datasetIndex: 0, index }], { x: 0, y: 0 });
            chart.update();
            return chart.tooltip.title;
        }""",
        [source, index],
    )


def test_two_months_between_training_days_are_drawn_wider_than_six_days(page, lifter):
    log_in(page)
    page.goto(f"/progress/{lifter.slug}/")
    load = drawn_x(page, "chart-load-data")
    assert load["type"] == "linear"
    first, second, third = load["pixels"]
    six_days, two_months = second - first, third - second
    assert six_days > 0
    assert two_months > 5 * six_days, load["pixels"]  # 61 / 6 apart in time
    # The record (65 kg beats 60 kg) sits on its day's point, not on a neighbour.
    top, record = load["drawn"][0], load["drawn"][load["styles"].index("records")]
    assert record[2] == top[2] and record[:2] == [None, None]
    # Ticks and tooltips are dates a person reads: "3 Nov", no leading zero.
    day_month = r"[1-9]\d? [A-Z][a-z]{2}"
    labels = [label if isinstance(label, str) else label[0] for label in load["ticks"]]
    assert labels and all(re.fullmatch(rf"{day_month}|[A-Z][a-z]{{2}}", t) for t in labels), labels
    today = timezone.localdate()
    crosses_years = (today - datetime.timedelta(days=67)).year != today.year
    expected = f"{today.day} {today:%b}" + (f" {today.year}" if crosses_years else "")
    assert tooltip_title(page, "chart-load-data", 2) == [expected]
    # Bars on the same time axis: the volume's bars are as far apart as the days.
    volume = drawn_x(page, "chart-volume-data")
    bars = volume["pixels"]
    assert bars[2] - bars[1] > 5 * (bars[1] - bars[0])


def test_sessions_per_week_are_bars_a_week_apart_on_a_time_axis(page, lifter):
    log_in(page)
    page.goto("/progress/")
    weekly = drawn_x(page, "chart-weekly-data")
    assert weekly["type"] == "linear"
    steps = {round(b - a, 1) for a, b in zip(weekly["pixels"], weekly["pixels"][1:], strict=False)}
    assert len(weekly["pixels"]) == 12 and max(steps) - min(steps) < 0.5, steps
    assert tooltip_title(page, "chart-weekly-data", 11)[0].startswith("Week of ")
