import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("home")


def test_an_anonymous_visitor_sees_sign_up_and_log_in_links(client):
    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{reverse("accounts:signup")}"' in content
    assert f'href="{reverse("accounts:login")}"' in content


def test_a_logged_in_user_is_sent_to_the_dashboard(auth_client):
    response = auth_client.get(URL)

    assert response.status_code == 302
    assert response.url == reverse("progress:dashboard")


def test_the_dashboard_sends_an_anonymous_visitor_to_log_in(client):
    dashboard = reverse("progress:dashboard")

    response = client.get(dashboard)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={dashboard}"


def test_the_dashboard_greets_a_logged_in_user(auth_client, user):
    response = auth_client.get(reverse("progress:dashboard"))

    assert response.status_code == 200
    assert f"Hello, {user}" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "delete"])
def test_the_home_page_refuses_other_methods(client, method):
    response = getattr(client, method)(URL)

    assert response.status_code == 405


def test_an_unknown_url_shows_the_custom_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_home_page_needs_no_database_query_for_a_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(URL)


def test_the_500_page_renders_without_any_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "Nothing you saved before this page has been lost" in html
