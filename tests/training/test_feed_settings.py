import pytest
from django.urls import reverse

from training.models import CalendarFeed

pytestmark = pytest.mark.django_db

URL = reverse("training:feed-settings")


def feed_url(token):
    return reverse("training:feed", args=[token])


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_the_first_visit_creates_the_private_address_and_shows_it(auth_client, user):
    response = auth_client.get(URL)

    assert response.status_code == 200
    token = CalendarFeed.objects.get(user=user).token
    assert len(token) == 64
    assert f'value="http://testserver{feed_url(token)}"' in response.text
    assert f'href="webcal://testserver{feed_url(token)}"' in response.text
    assert '<label for="feed-url"' in response.text


def test_later_visits_show_the_same_address(auth_client, user):
    auth_client.get(URL)
    token = CalendarFeed.objects.get(user=user).token

    auth_client.get(URL)

    assert CalendarFeed.objects.get(user=user).token == token


def test_resetting_gives_a_new_address_and_the_old_one_stops_working(auth_client, client, user):
    auth_client.get(URL)
    old = CalendarFeed.objects.get(user=user).token

    response = auth_client.post(URL)

    assert response.status_code == 302
    assert response.url == URL
    new = CalendarFeed.objects.get(user=user).token
    assert new != old
    page = auth_client.get(URL).text
    assert "Your calendar address was reset." in page
    assert feed_url(new) in page
    auth_client.logout()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_resetting_before_any_visit_works(auth_client, user):
    response = auth_client.post(URL)

    assert response.status_code == 302
    assert CalendarFeed.objects.filter(user=user).count() == 1


def test_another_users_address_is_never_shown_or_reset(auth_client, other_user):
    token = CalendarFeed.objects.create(user=other_user).token

    page = auth_client.get(URL).text
    auth_client.post(URL)

    assert token not in page
    assert CalendarFeed.objects.get(user=other_user).token == token


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(auth_client, method):
    assert getattr(auth_client, method)(URL).status_code == 405


def test_the_page_stays_within_its_query_budget(auth_client, user, django_assert_max_num_queries):
    CalendarFeed.objects.create(user=user)

    # The login session, the user, the feed.
    with django_assert_max_num_queries(3):
        auth_client.get(URL)
