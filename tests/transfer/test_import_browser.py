"""On a phone: import a small Strong export, map the exercise the catalog lacks, confirm,
and find the sessions in the calendar and the lift's charts."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from tests.tasks import run_tasks_ok
from training.models import LoggedSet, Session

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
# Three workouts of the last fortnight: (days ago, exercise, set order, kg, reps).
ROWS = [
    (14, "Romanian Deadlift (Barbell)", "W", 40, 10),
    (14, "Romanian Deadlift (Barbell)", "1", 60, 8),
    (14, "Romanian Deadlift (Barbell)", "2", 60, 8),
    (14, "Razor Curl", "1", 0, 5),
    (10, "Romanian Deadlift (Barbell)", "1", 62.5, 8),
    (10, "Romanian Deadlift (Barbell)", "2", 62.5, 8),
    (10, "Razor Curl", "1", 0, 6),
    (7, "Romanian Deadlift (Barbell)", "1", 65, 8),
    (7, "Razor Curl", "1", 0, 6),
]


def strong_export(today: datetime.date) -> bytes:
    lines = [HEADER]
    for days_ago, name, order, kg, reps in ROWS:
        day = today - datetime.timedelta(days=days_ago)
        lines.append(f"{day} 18:00:00,Hamstrings,50m,{name},{order},{kg},{reps},0,0,,,")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def athlete(transactional_db):
    call_command("loaddata", "fixtures/exercises.json", verbosity=0)
    return User.objects.create_user("mara", "mara@example.com", "a-long-unusual-passphrase-42")


def test_a_strong_export_lands_in_the_calendar_and_the_charts(page, athlete, tmp_path):
    today = timezone.localdate()
    first, last = today - datetime.timedelta(days=14), today - datetime.timedelta(days=7)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("mara")
    page.get_by_label("Password").fill("a-long-unusual-passphrase-42")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    menu = page.get_by_role("button", name="Open the menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Import / export").click()
    page.get_by_label("Export file").set_input_files(
        {"name": "strong.csv", "mimeType": "text/csv", "buffer": strong_export(today)}
    )
    page.get_by_role("button", name="Read the file").click()

    expect(page.get_by_role("heading", name="Check your import")).to_be_visible()
    expect(page.get_by_text(f"3 new sessions, {first} to {last}")).to_be_visible()
    assert not Session.objects.filter(user=athlete).exists()  # nothing before confirming
    page.get_by_label("Kilograms (kg)").check()
    # The catalog calls it a Nordic curl.
    page.get_by_label("Razor Curl").select_option(label="Nordic Hamstring Curl")
    expect(page.get_by_label("Romanian Deadlift (Barbell)")).to_have_value(
        re.compile(r"^\d+$")  # matched by the catalog's alias, preselected
    )
    page.screenshot(path=tmp_path / "import-review.png", full_page=True)
    page.get_by_role("button", name="Import 3 sessions").click()

    # Confirmed, the import waits for a background worker; the page polls until it is written.
    expect(page.get_by_role("heading", name="Importing strong.csv")).to_be_visible()
    run_tasks_ok()
    expect(page.get_by_role("status")).to_contain_text("Imported 9 sets in 3 sessions")
    assert LoggedSet.objects.filter(session__user=athlete).count() == 9
    assert LoggedSet.objects.filter(exercise__name="Nordic Hamstring Curl").count() == 3

    page.get_by_role("link", name=f"The calendar, {last:%B %Y}").click()
    done = page.locator(".cal-session.status-done")
    expect(done.first).to_contain_text("Hamstrings")  # the workout's name is its title
    # The month holds the last workout, and those before it in the same month.
    expect(done).to_have_count(
        sum(1 for d in (14, 10, 7) if (today - datetime.timedelta(days=d)).month == last.month)
    )

    page.goto("/progress/romanian-deadlift/")
    chart = page.get_by_role("img", name=re.compile("^Top load and estimated one-rep max"))
    expect(chart).to_be_visible()
    points = page.evaluate(
        """() => {
            const canvas = document.querySelector('canvas[data-chart-source="chart-load-data"]');
            return Chart.getChart(canvas).data.datasets[0].data.length;
        }"""
    )
    assert points == 3
    page.screenshot(path=tmp_path / "import-chart.png", full_page=True)
