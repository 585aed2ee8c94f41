import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import RoutineFactory, SessionFactory
from tests.html import field_error
from training import services
from training.models import Schedule, Session
from training.views import schedule as schedule_views

pytestmark = pytest.mark.django_db

URL = reverse("training:schedule-create")
TODAY = date(2026, 3, 20)  # a Friday
MON, TUE, WED, THU, FRI, SAT, SUN = (str(day) for day in range(7))


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(schedule_views, "_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def leg_day(user):
    return RoutineFactory(owner=user, name="Leg day 1")


@pytest.fixture
def beginner_template(db):
    return RoutineFactory(owner=None, template_key="beginner-home", name="Beginner home plan")


def plan(routine, /, **overrides):
    data = {
        "weekdays": [MON, THU],
        "routine": str(routine.pk),
        "start_date": "2026-03-23",
        "weeks": "8",
    }
    return {**data, **overrides}


def planned(user):
    return list(Session.objects.filter(user=user).values_list("date", flat=True))


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_the_form_offers_labelled_days_own_routines_and_templates(
    auth_client, leg_day, beginner_template, other_user
):
    RoutineFactory(owner=other_user, name="Someone else's plan")

    response = auth_client.get(URL)

    assert response.status_code == 200
    text = response.text
    for number, name in enumerate(["Monday", "Thursday", "Sunday"]):
        assert f'for="id_weekdays_{[0, 3, 6][number]}"' in text
        assert name in text
    assert "Leg day 1" in text
    assert "Beginner home plan (template)" in text
    assert "Someone else" not in text
    assert 'value="2026-03-20"' in text  # the start date defaults to today
    assert 'name="weeks" value="8"' in text


def test_monday_and_thursday_plan_sessions_and_redirect_to_the_upcoming_list(
    auth_client, user, leg_day
):
    response = auth_client.post(URL, plan(leg_day))

    assert response.status_code == 302
    assert response.url == reverse("training:upcoming")
    schedule = Schedule.objects.get(user=user)
    assert (schedule.weekdays, schedule.start_date, schedule.weeks) == ("03", date(2026, 3, 23), 8)
    sessions = Session.objects.filter(user=user)
    assert sessions.count() == 16
    assert {s.date.weekday() for s in sessions} == {0, 3}
    assert {(s.routine, s.schedule, s.status) for s in sessions} == {
        (leg_day, schedule, Session.Status.PLANNED)
    }
    message = "Planned 16 sessions of Leg day 1, Mon 23 Mar to Thu 14 May 2026."
    assert message in auth_client.get(response.url).text


def test_dates_cross_a_month_boundary_and_the_clocks_changing(auth_client, user, leg_day, settings):
    # Summer time starts in London on Sunday 29 March 2026.
    settings.TIME_ZONE = "Europe/London"

    response = auth_client.post(URL, plan(leg_day, start_date="2026-03-26", weeks="2"))

    assert response.status_code == 302
    assert planned(user) == [
        date(2026, 3, 26),
        date(2026, 3, 30),
        date(2026, 4, 2),
        date(2026, 4, 6),
    ]


def test_a_shipped_template_can_be_scheduled(auth_client, user, beginner_template):
    response = auth_client.post(URL, plan(beginner_template))

    assert response.status_code == 302
    assert Schedule.objects.get(user=user).routine == beginner_template


def test_monday_and_tuesday_warn_about_48_hours_before_saving(auth_client, user, leg_day):
    response = auth_client.post(URL, plan(leg_day, weekdays=[MON, TUE], weeks="1"))

    assert response.status_code == 200
    assert (
        "Tue 24 Mar is within 48 hours of Mon 23 Mar: hamstrings need about 48 hours to recover."
        in response.text
    )
    assert "Save anyway" in response.text
    assert f'name="confirm" value="{response.context["confirm"]}"' in response.text
    assert not Schedule.objects.exists()
    # What was chosen is still chosen.
    assert 'value="1"  id="id_weekdays_1" checked' in response.text


def test_saving_anyway_saves_the_plan_with_its_warnings(auth_client, user, leg_day):
    data = plan(leg_day, weekdays=[MON, TUE], weeks="1")
    confirm = auth_client.post(URL, data).context["confirm"]

    response = auth_client.post(URL, {**data, "confirm": confirm})

    assert response.status_code == 302
    assert planned(user) == [date(2026, 3, 23), date(2026, 3, 24)]


def test_a_plan_changed_after_the_warnings_shows_its_own_warnings_first(auth_client, user, leg_day):
    confirm = auth_client.post(URL, plan(leg_day, weekdays=[MON, TUE])).context["confirm"]

    response = auth_client.post(
        URL, plan(leg_day, weekdays=[MON, WED, FRI, SUN], weeks="1", confirm=confirm)
    )

    assert response.status_code == 200
    assert "The week of Mon 23 Mar holds 4 sessions" in response.text
    assert not Session.objects.exists()


def test_a_made_up_confirmation_saves_nothing(auth_client, leg_day):
    response = auth_client.post(URL, plan(leg_day, weekdays=[MON, TUE], confirm="1"))

    assert response.status_code == 200
    assert not Session.objects.exists()


def test_four_days_a_week_warn_about_the_weekly_maximum(auth_client, leg_day):
    response = auth_client.post(URL, plan(leg_day, weekdays=[MON, WED, FRI, SUN], weeks="1"))

    assert response.status_code == 200
    assert (
        "The week of Mon 23 Mar holds 4 sessions: "
        "more than 3 a week leaves too little time to recover."
    ) in response.text


def test_fewer_days_than_the_weekly_target_warn(auth_client, user, leg_day):
    user.weekly_target = 3
    user.save()

    response = auth_client.post(URL, plan(leg_day, weeks="1"))

    assert response.status_code == 200
    assert (
        "The week of Mon 23 Mar holds 2 sessions, fewer than your target of 3 a week."
        in response.text
    )


def test_a_part_week_at_the_start_is_not_held_to_the_target(auth_client, user, leg_day):
    # From a Thursday, the first week holds one session of two: no warning for it.
    response = auth_client.post(URL, plan(leg_day, start_date="2026-03-26", weeks="2"))

    assert response.status_code == 302


def test_warnings_count_the_users_existing_sessions(auth_client, user, other_user, leg_day):
    SessionFactory(user=user, date=date(2026, 3, 24))
    SessionFactory(user=user, date=date(2026, 3, 31), status=Session.Status.SKIPPED)
    SessionFactory(user=other_user, date=date(2026, 4, 7))

    response = auth_client.post(URL, plan(leg_day, weeks="3"))

    assert response.status_code == 200
    assert [w.message for w in response.context["warnings"]] == [
        "Tue 24 Mar is within 48 hours of Mon 23 Mar: hamstrings need about 48 hours to recover."
    ]


def test_a_warning_met_every_week_is_one_line_naming_its_days(auth_client, user, leg_day):
    user.weekly_target = 3
    user.save()

    response = auth_client.post(URL, plan(leg_day, weekdays=[MON, TUE], weeks="8"))

    assert response.status_code == 200
    assert [w.message for w in response.context["warnings"]] == [
        "Fewer sessions than your target of 3 a week in the weeks of Mon 23 Mar, Mon 30 Mar, "
        "Mon 6 Apr, Mon 13 Apr, Mon 20 Apr, Mon 27 Apr, Mon 4 May and Mon 11 May.",
        "Within 48 hours of another session: Tue 24 Mar, Tue 31 Mar, Tue 7 Apr, Tue 14 Apr, "
        "Tue 21 Apr, Tue 28 Apr, Tue 5 May and Tue 12 May. "
        "Hamstrings need about 48 hours to recover.",
    ]
    assert response.text.count("48 hours to recover") == 2  # the page's intro, and one line


def test_a_long_list_of_days_is_cut_short(auth_client, leg_day):
    response = auth_client.post(URL, plan(leg_day, weekdays=[MON, TUE], weeks="26"))

    assert response.status_code == 200
    assert len(response.context["warnings"]) == 1
    assert "Tue 12 May and 18 more. Hamstrings need" in response.text


def test_saving_anyway_after_grouped_warnings_saves_the_whole_plan(auth_client, user, leg_day):
    data = plan(leg_day, weekdays=[MON, TUE], weeks="8")
    confirm = auth_client.post(URL, data).context["confirm"]

    response = auth_client.post(URL, {**data, "confirm": confirm})

    assert response.status_code == 302
    assert len(planned(user)) == 16


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weekdays", [], "Choose at least one training day."),
        ("weekdays", ["7"], "Choose days from Monday to Sunday."),
        ("routine", "", "Choose a routine."),
        ("routine", "abc", "Choose one of your routines or a shipped template."),
        ("start_date", "", "Enter a date."),
        ("start_date", "2026-02-30", "Enter a real date, e.g. 2026-03-23."),
        ("start_date", "next monday", "Enter a real date, e.g. 2026-03-23."),
        ("start_date", "2026-03-19", "Choose today or a later day."),
        ("start_date", "0001-01-01", "Choose today or a later day."),
        (
            "start_date",
            "2027-03-21",
            "Sessions can be planned up to a year ahead: choose Sat 20 Mar 2027 or earlier.",
        ),
        ("start_date", "9999-12-31", "Sessions can be planned up to a year ahead: "),
        ("weeks", "0", "Plan at least 1 week."),
        ("weeks", "27", "Plan at most 26 weeks at a time."),
        ("weeks", "two", "Enter a whole number of weeks."),
        ("weeks", "1e9", "Enter a whole number of weeks."),
        ("weeks", "99999999999999999999", "Plan at most 26 weeks at a time."),
        ("weeks", "2.5", "Enter a whole number of weeks."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_kept(
    auth_client, leg_day, field, value, message
):
    response = auth_client.post(URL, plan(leg_day, **{field: value}))

    assert response.status_code == 200
    assert field_error(response, field).startswith(message)
    if field in ("start_date", "weeks") and value:
        assert f'value="{value}"' in response.text
    assert not Schedule.objects.exists()


def test_a_plan_running_past_a_year_ahead_is_refused(auth_client, leg_day):
    response = auth_client.post(URL, plan(leg_day, start_date="2027-01-04", weeks="26"))

    assert response.status_code == 200
    assert field_error(response, "weeks") == (
        "This plan would run to Thu 1 Jul 2027, more than a year ahead: "
        "choose fewer weeks or an earlier first day."
    )
    assert not Session.objects.exists()


def test_another_users_routine_cannot_be_scheduled(auth_client, other_user):
    theirs = RoutineFactory(owner=other_user)

    response = auth_client.post(URL, plan(theirs))

    assert response.status_code == 200
    assert field_error(response, "routine") == (
        "Choose one of your routines or a shipped template."
    )
    assert not Schedule.objects.exists()


def test_the_service_saves_nothing_past_a_year_ahead(user, leg_day):
    with pytest.raises(ValidationError) as caught:
        services.schedule_create(
            user=user,
            routine=leg_day,
            weekdays=[0, 3],
            start_date=date(2027, 3, 1),
            weeks=8,
            today=TODAY,
        )

    assert caught.value.message_dict == {
        "weeks": ["Sessions can be planned up to a year ahead, until Sat 20 Mar 2027."]
    }
    assert not Schedule.objects.exists()
    assert not Session.objects.exists()


def test_the_service_refuses_another_users_routine(user, other_user):
    with pytest.raises(ValidationError):
        services.schedule_create(
            user=user,
            routine=RoutineFactory(owner=other_user),
            weekdays=[0],
            start_date=TODAY,
            weeks=1,
            today=TODAY,
        )

    assert not Schedule.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(auth_client, method):
    assert getattr(auth_client, method)(URL).status_code == 405


@pytest.mark.parametrize("history", [3, 300])
def test_the_form_stays_within_its_query_budget(
    auth_client, user, leg_day, beginner_template, history, django_assert_max_num_queries
):
    Session.objects.bulk_create(
        Session(user=user, date=date(2025, 1, 1), status=Session.Status.DONE)
        for _ in range(history)
    )
    # The login session, the user, the routines to choose from.
    with django_assert_max_num_queries(3):
        auth_client.get(URL)
    # ... and on a POST drawing warnings, the sessions around the plan.
    with django_assert_max_num_queries(5):
        auth_client.post(URL, plan(leg_day, weekdays=[MON, TUE]))


def test_a_routine_named_in_the_link_is_preselected(auth_client, user):
    routine = RoutineFactory(owner=user, name="Leg day 1")
    response = auth_client.get(URL, {"routine": routine.pk})
    assert f'<option value="{routine.pk}" selected>' in response.text


def test_a_nonsense_routine_in_the_link_is_ignored(auth_client, user):
    RoutineFactory(owner=user, name="Leg day 1")
    response = auth_client.get(URL, {"routine": "<script>"})
    assert response.status_code == 200
    routine_select = response.text.split('name="routine"')[1].split("</select>")[0]
    assert re.findall(r'<option value="[^"]+" selected>', routine_select) == []
