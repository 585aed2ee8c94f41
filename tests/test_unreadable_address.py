"""An address with a NUL character in it is a clean 400 with a message, never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/training/calendar/feed/%00.ics",  # no log-in needed: a 500 on PostgreSQL before
        "/exercises/?q=%00",
        "/exercises/?%00=1",
        "/exercises/a%00b/",
    ],
)
def test_a_nul_in_the_address_is_refused_with_a_message(client, address):
    response = client.get(address)

    assert response.status_code == 400
    assert "That address cannot be read" in response.text
    assert "Content-Security-Policy" in response.headers


def test_a_nul_in_a_logged_in_users_query_is_refused_too(auth_client):
    response = auth_client.get(reverse("progress:goal-create"), {"exercise": "a\x00b"})

    assert response.status_code == 400


def test_an_ordinary_address_is_served(client):
    assert client.get("/exercises/?q=bridge").status_code == 200
