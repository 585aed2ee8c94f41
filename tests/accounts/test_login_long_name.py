"""A username longer than any account's is refused beside the field, never a 500."""

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_username_too_long_for_any_account_is_refused_beside_the_field(client, length):
    response = client.post("/accounts/login/", {"username": "0" * length, "password": " "})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["username"] == ["A username has at most 150 characters."]
    assert 'value="' + "0" * length + '"' in response.content.decode()  # kept as typed
    assert not AccessAttempt.objects.exists()  # nothing tried, nothing recorded
