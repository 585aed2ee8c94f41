"""Deleting an account deletes everything in it, and nothing of anyone else's."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from progress.models import Goal
from tests.factories import PASSWORD, ExerciseFactory, UserFactory
from tests.history import history_exercises, make_history
from tests.tasks import run_tasks_ok
from training.models import LoggedSet, Schedule, Session
from transfer.importing import import_stage

pytestmark = pytest.mark.django_db

User = get_user_model()


def rows_of(user) -> dict[str, int]:
    """Every row of every model that points at the user, by model."""
    counts = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_one and field.related_model is User and field.concrete:
                found = model.objects.filter(**{field.name: user.pk}).count()
                if found:
                    counts[f"{model._meta.label}.{field.name}"] = found
    return counts


def a_full_account(user, exercises):
    today = timezone.localdate()
    make_history(user, years=0.25, today=today, exercises=exercises)
    Schedule.objects.create(
        user=user,
        routine=Session.objects.filter(user=user).first().routine,
        weekdays="03",
        start_date=today,
    )
    Goal.objects.create(
        user=user,
        metric=Goal.Metric.SESSIONS,
        target=2,
        weeks=4,
        baseline=1,
        why="Back to football",
        deadline=today + datetime.timedelta(weeks=8),
        created_on=today,
    )
    ExerciseFactory(name="Reverse Hyper", owner=user)
    import_stage(
        user=user,
        filename="f.csv",
        data=b"Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n"
        b"2025-01-01,Reverse Hyper,Legs,,,10,,,,\n",
    )


def test_deleting_an_account_leaves_nothing_of_it(client):
    user, other = UserFactory(), UserFactory()
    exercises = history_exercises()
    a_full_account(user, exercises)
    a_full_account(other, exercises)
    assert len(rows_of(user)) >= 8
    theirs = rows_of(other)
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    # Closed at once: logged out everywhere, no log-in, the address free for a new account.
    closed = User.objects.get(pk=user.pk)
    assert (closed.is_active, closed.email) == (False, "")
    assert client.get(reverse("progress:dashboard")).status_code == 302
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert client.get(reverse("progress:dashboard")).status_code == 302
    # Erased by the background worker, in one go.
    run_tasks_ok()
    assert not User.objects.filter(pk=user.pk).exists()
    assert rows_of(user) == {}
    assert not LoggedSet.objects.filter(session__user_id=user.pk).exists()
    # Everyone else's data untouched.
    assert rows_of(other) == theirs


def test_an_erasure_a_stopped_worker_left_is_done_by_the_next(client, settings):
    """A worker killed mid-erasure rolled its transaction back: the next one starts it again."""
    user = UserFactory()
    a_full_account(user, history_exercises())
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    # The queued task was taken by a worker that then died: its row says running, for ever.
    DBTaskResult.objects.update(status="RUNNING")
    settings.TASK_STALL_SECONDS = 0
    run_tasks_ok()
    assert not User.objects.filter(pk=user.pk).exists()
    assert rows_of(user) == {}


def test_the_page_offers_the_export_first(auth_client):
    page = auth_client.get(reverse("accounts:delete")).text
    assert reverse("transfer:export-backup") in page
    assert reverse("transfer:export-csv") in page
    assert "cannot be undone" in page


def test_a_wrong_password_deletes_nothing(auth_client, user):
    response = auth_client.post(reverse("accounts:delete"), {"password": "not-it"})
    assert response.status_code == 200
    assert "That is not your password" in response.text
    assert User.objects.filter(pk=user.pk).exists()


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_answers_get_and_post_only(auth_client):
    assert auth_client.put(reverse("accounts:delete")).status_code == 405
