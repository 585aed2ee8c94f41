"""On a phone: a year of training draws the exercise's charts and the sessions per week."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from progress.records import records_rebuild
from tests.factories import PASSWORD, UserFactory
from tests.history import make_history


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
                labels: chart.data.labels.length,
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
