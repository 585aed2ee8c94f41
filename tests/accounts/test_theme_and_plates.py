"""The profile's colours (dark mode) and plate set, and the plate calculator's sums."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.plates import per_side, user_plates
from tests.accounts.test_profile import profile_data
from tests.html import field_error

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


def test_pages_follow_the_device_until_the_user_chooses(auth_client, user):
    page = auth_client.get(URL).text
    assert '<html lang="en" data-theme-choice="auto">' in page
    assert "js/theme.js" in page
    auth_client.post(URL, profile_data(user, theme="dark"))
    user.refresh_from_db()
    assert user.theme == "dark"
    assert 'data-theme-choice="dark" data-bs-theme="dark"' in auth_client.get(URL).text


def test_an_older_form_without_the_theme_keeps_auto_and_a_bad_one_is_refused(auth_client, user):
    auth_client.post(URL, profile_data(user))
    user.refresh_from_db()
    assert user.theme == User.Theme.AUTO
    response = auth_client.post(URL, profile_data(user, theme="purple"))
    assert "Select a valid choice" in response.text


def test_the_plate_set_is_kept_tidy_and_bad_sizes_are_refused(auth_client, user):
    auth_client.post(URL, profile_data(user, plates="5, 20  2.50 20 1.25", bar_weight="15"))
    user.refresh_from_db()
    assert (user.plates, user.bar_weight) == ("20 5 2.5 1.25", Decimal("15"))
    for bad in ["ten", "0", "-5", "1e9", "NaN", " ".join(str(n) for n in range(1, 15))]:
        response = auth_client.post(URL, profile_data(user, plates=bad))
        assert response.status_code == 200, bad
        assert field_error(response, "plates").startswith("Plates are sizes"), bad
    response = auth_client.post(URL, profile_data(user, bar_weight="500"))
    assert field_error(response, "bar_weight") == "A bar weighs from 0 to 100 (in your unit)."


def test_plates_per_side(user):
    bar, sizes = user_plates(user)
    assert bar == 20 and sizes[0] == 25
    assert per_side(Decimal("102.5"), bar, sizes) == ([25, 15, 1.25], 0)
    assert per_side(20, bar, sizes) == ([], 0)
    assert per_side(15, bar, sizes) is None
    assert per_side(Decimal("21"), bar, sizes) == ([], 1)
    user.unit, user.plates, user.bar_weight = "lb", "45 25 10 5", None
    bar, sizes = user_plates(user)
    assert bar == 45
    assert per_side(225, bar, sizes) == ([45, 45], 0)
