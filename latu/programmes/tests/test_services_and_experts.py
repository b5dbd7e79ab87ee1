"""Items 1 and 2: public service pages and the expert pool."""

import pytest

from latu.programmes.factories import ExpertFactory

pytestmark = pytest.mark.django_db


def test_programme_page_lists_services_with_price(client, sparring, training):
    response = client.get("/programmes/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sparraus" in body and "Sisäisten kehittäjien valmennus" in body
    assert "3\u00a0000\u00a0€" in body


def test_service_page_in_swedish(client, training):
    client.cookies["django_language"] = "sv"
    response = client.get("/programmes/services/sisaiset-kehittajat/", HTTP_ACCEPT_LANGUAGE="sv")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Träning för interna utvecklare" in body
    assert "både resultat och arbetslivets kvalitet" in body
    assert "15–50" in body


def test_unknown_service_is_404(client, db):
    assert client.get("/programmes/services/nothing/").status_code == 404


def test_expert_pool_filters(client, expert, other_expert):
    body = client.get("/programmes/experts/").content.decode()
    assert "Sirpa Sparraaja" in body and "Kimmo Kehittäjä" in body
    body = client.get("/programmes/experts/?themes=wellbeing&languages=sv").content.decode()
    assert "Sirpa Sparraaja" in body and "Kimmo Kehittäjä" not in body
    body = client.get("/programmes/experts/?delivery=on_site").content.decode()
    assert "Sirpa Sparraaja" in body and "Kimmo Kehittäjä" not in body
    body = client.get("/programmes/experts/?regions=uusimaa").content.decode()
    assert "Sirpa Sparraaja" not in body and "Kimmo Kehittäjä" in body


def test_unknown_filter_values_are_ignored(client, expert):
    response = client.get("/programmes/experts/?themes=%27%3B--&regions=x")
    assert response.status_code == 200
    assert "Sirpa Sparraaja" in response.content.decode()


def test_inactive_experts_are_not_shown(client, expert):
    expert.is_active = False
    expert.save()
    assert "Sirpa Sparraaja" not in client.get("/programmes/experts/").content.decode()
    assert client.get("/programmes/experts/sirpa/").status_code == 404


def test_expert_page_and_comparison(client, expert, other_expert):
    body = client.get("/programmes/experts/sirpa/").content.decode()
    assert "Wellbeing at work" in body or "Työhyvinvointi" in body or "Productivity" in body
    body = client.get(f"/programmes/experts/compare/?e={expert.pk}&e={other_expert.pk}").content.decode()
    assert "<table" in body and "Sirpa Sparraaja" in body and "Kimmo Kehittäjä" in body


def test_expert_list_query_count_does_not_grow(client, provider, django_assert_max_num_queries):
    ExpertFactory.create_batch(3, provider=provider)
    client.get("/programmes/experts/")
    with django_assert_max_num_queries(6) as few:
        client.get("/programmes/experts/")
    ExpertFactory.create_batch(15, provider=provider)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/programmes/experts/")
    assert response.content.decode().count('name="e"') == 18
