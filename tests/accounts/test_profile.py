import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.html import field_error, page_text

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


def profile_data(user, **overrides):
    data = {
        "display_name": "Hammy",
        "email": user.email,
        "unit": "kg",
        "weekly_target": "2",
        "experience": "beginner",
    }
    return {**data, **overrides}


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_it_shows_the_profile_filled_with_the_current_values(auth_client, user):
    response = auth_client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{user.display_name}"' in content
    assert f'value="{user.email}"' in content


def test_saving_the_profile_updates_the_user_and_redirects_back_with_a_message(auth_client, user):
    data = profile_data(user, weekly_target="3", experience="advanced")

    response = auth_client.post(URL, data)

    assert response.status_code == 302
    assert response.url == URL
    user.refresh_from_db()
    assert user.display_name == "Hammy"
    assert user.weekly_target == 3
    assert user.experience == User.Experience.ADVANCED
    assert "Profile saved." in auth_client.get(URL).content.decode()


@pytest.mark.parametrize("unit", ["kg", "lb"])
def test_the_weight_unit_is_saved(auth_client, user, unit):
    response = auth_client.post(URL, profile_data(user, unit=unit))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.unit == unit


@pytest.mark.parametrize("target", ["0", "4", "-1", "two", "99999999999999999999", "2.5", ""])
def test_a_weekly_target_outside_1_to_3_is_refused_with_a_message(auth_client, user, target):
    response = auth_client.post(URL, profile_data(user, weekly_target=target))

    assert response.status_code == 200
    assert field_error(response, "weekly_target") == "Choose 1, 2 or 3 sessions a week."
    assert 'value="Hammy"' in response.content.decode()
    user.refresh_from_db()
    assert user.weekly_target == 2
    assert user.display_name != "Hammy"


def test_an_unknown_unit_is_refused(auth_client, user):
    response = auth_client.post(URL, profile_data(user, unit="st"))

    assert response.status_code == 200
    assert "Select a valid choice." in field_error(response, "unit")
    user.refresh_from_db()
    assert user.unit == User.Unit.KG


def test_a_new_email_is_not_saved_but_sent_a_link_to_confirm_it(auth_client, user):
    old_email = user.email

    response = auth_client.post(URL, profile_data(user, email="new-me@example.com"), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "open the link we have sent to it" in response.content.decode()
    user.refresh_from_db()
    assert user.email == old_email
    assert user.display_name == "Hammy"  # the rest of the profile is saved
    [message] = mail.outbox
    assert message.to == ["new-me@example.com"]
    assert message.subject == "Confirm your new Hamstrong email address"


def test_another_users_email_gets_the_same_answer_and_changes_nothing(
    auth_client, user, other_user
):
    free = auth_client.post(URL, profile_data(user, email="new-me@example.com"), follow=True)
    taken = auth_client.post(URL, profile_data(user, email=other_user.email.upper()), follow=True)

    assert taken.redirect_chain == free.redirect_chain == [(URL, 302)]
    # The page shows the address typed: the rest is the same.
    assert page_text(taken).replace(other_user.email.upper(), "X") == (
        page_text(free).replace("new-me@example.com", "X")
    )
    user.refresh_from_db()
    assert user.email.lower() != other_user.email.lower()
    # The taken address's owner is told; no link is made for it.
    assert mail.outbox[1].to == [other_user.email]
    assert mail.outbox[1].subject == "Your address was offered for another Hamstrong account"
    assert "/email/confirm/" not in mail.outbox[1].body


def test_keeping_your_own_email_in_another_case_is_allowed(auth_client, user):
    local_part, domain = user.email.split("@")

    response = auth_client.post(URL, profile_data(user, email=f"{local_part.upper()}@{domain}"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == f"{local_part.upper()}@{domain}"
    assert mail.outbox == []


def test_an_empty_email_is_refused_because_resets_need_it(auth_client, user):
    response = auth_client.post(URL, profile_data(user, email=""))

    assert response.status_code == 200
    assert field_error(response, "email") == (
        "Enter an email address so you can reset your password."
    )
    user.refresh_from_db()
    assert user.email


def test_the_profile_only_ever_changes_the_logged_in_user(auth_client, user, other_user):
    before = other_user.display_name

    auth_client.post(URL, profile_data(user))

    other_user.refresh_from_db()
    assert other_user.display_name == before


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_profile_refuses_other_methods(auth_client, method):
    response = getattr(auth_client, method)(URL)

    assert response.status_code == 405


def test_the_profile_page_stays_within_its_query_budget(auth_client, django_assert_max_num_queries):
    # The session and the user: preferences live on the user row, no extra join.
    with django_assert_max_num_queries(2):
        auth_client.get(URL)
