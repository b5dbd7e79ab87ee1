"""The marketplace in the navigation, on the home page, and the deed page's queries."""

from latu.tori import actions


def test_the_home_page_has_a_tori_panel(client_for, employee):
    page = client_for(employee).get("/").content.decode()
    assert 'id="home-tori-title"' in page and 'href="/tori/new/"' in page


def test_the_marketplace_is_in_the_navigation_for_everyone(client, db):
    assert 'href="/tori/"' in client.get("/tori/statistics/").content.decode()


def test_the_deed_page_uses_a_fixed_number_of_queries(client_for, corpus, outsider, other_org,
                                                      django_assert_max_num_queries):
    deed = corpus["kotihoito"]
    actions.adopt(outsider, deed, other_org)
    for number in range(12):
        actions.add_comment(outsider, deed, f"Kommentti {number}")
    client = client_for(outsider)
    client.get(f"/tori/{deed.pk}/")
    with django_assert_max_num_queries(20):
        assert client.get(f"/tori/{deed.pk}/").status_code == 200
