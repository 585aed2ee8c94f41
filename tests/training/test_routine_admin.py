import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import ExerciseFactory, RoutineEntryFactory, RoutineFactory, SessionFactory
from training.models import Routine

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_user("coach", "coach@example.com", "x", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["training", "exercises"])
    )
    client.force_login(staff)
    return client


def test_staff_can_list_and_filter_the_shipped_templates(staff_client):
    plan = RoutineFactory(owner=None, template_key="leg-day-1", name="Leg day 1")
    RoutineEntryFactory(routine=plan)
    RoutineFactory(name="Someone's routine")

    response = staff_client.get(reverse("admin:training_routine_changelist"), {"kind": "template"})

    assert response.status_code == 200
    assert "Leg day 1" in response.text
    assert "Someone&#x27;s routine" not in response.text


def test_staff_can_curate_a_template_with_its_entries_inline(staff_client):
    exercise = ExerciseFactory(name="Deadlift")
    url = reverse("admin:training_routine_add")
    data = {
        "name": "Gym day",
        "description": "",
        "rounds": "1",
        "source": "",
        "template_key": "gym-day",
        "owner": "",
        "copied_from": "",
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-position": "1",
        "entries-0-exercise": str(exercise.pk),
        "entries-0-sets": "3",
        "entries-0-reps_min": "6",
        "entries-0-reps_max": "10",
        "entries-0-hold_s": "",
        "entries-0-rest_s": "120",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.text
    routine = Routine.objects.get(template_key="gym-day")
    assert routine.is_template
    assert routine.entries.get().reps_max == 10


@pytest.mark.parametrize("name", ["schedule", "session", "loggedset"])
def test_the_log_is_browsable_in_admin(staff_client, name):
    SessionFactory()

    assert staff_client.get(reverse(f"admin:training_{name}_changelist")).status_code == 200


def test_sessions_are_not_added_from_admin(staff_client):
    assert staff_client.get(reverse("admin:training_session_add")).status_code == 403
