import uuid

import pytest
from django.urls import reverse

from training.models import LoggedSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_sets(session, moves):
    return [
        LoggedSet.objects.create(
            session=session, exercise=moves["bridge"], set_number=n, reps=10, token=uuid.uuid4()
        )
        for n in (1, 2, 3)
    ]


def delete(client, logged, **headers):
    return client.post(reverse("logbook:set-delete", args=[logged.pk]), **headers)


def test_deleting_a_set_renumbers_the_rest(auth_client, three_sets):
    response = delete(auth_client, three_sets[0])
    assert response.status_code == 302
    assert list(LoggedSet.objects.order_by("pk").values_list("set_number", flat=True)) == [1, 2]


def test_an_htmx_delete_returns_the_updated_card(auth_client, three_sets):
    response = delete(auth_client, three_sets[1], HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Log set 3" in response.text
    assert "<html" not in response.text


def test_another_users_set_is_404_and_kept(client, other_user, three_sets):
    client.force_login(other_user)
    assert delete(client, three_sets[0]).status_code == 404
    assert LoggedSet.objects.count() == 3


def test_get_asks_to_confirm_and_deletes_nothing(auth_client, three_sets):
    url = reverse("logbook:set-delete", args=[three_sets[0].pk])
    assert auth_client.get(url).status_code == 200
    assert LoggedSet.objects.count() == 3


def test_anonymous_is_sent_to_log_in(client, three_sets):
    assert reverse("accounts:login") in delete(client, three_sets[0])["Location"]
