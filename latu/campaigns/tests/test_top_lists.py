"""TOP lists: the programme office creates, edits, fills, orders (by numbers, without
JavaScript) and deletes them; everybody reads the published ones."""

import pytest
from django.urls import reverse

from latu.audit.models import AuditEvent
from latu.campaigns.factories import TopListFactory, TopListItemFactory
from latu.campaigns.models import TopList, TopListItem
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed

pytestmark = pytest.mark.django_db

LIST_DATA = {
    "title_fi": "Varhaiskasvatus TOP12", "title_sv": "Småbarnspedagogik TOP12", "title_en": "",
    "slug": "varhaiskasvatus-top12", "introduction_fi": "Päiväkotien **parhaat** teot.", "introduction_sv": "",
    "introduction_en": "", "is_published": "on",
}


def _titles_in_order(content: str, titles: list[str]) -> list[str]:
    return sorted(titles, key=content.index)


def test_office_creates_and_edits_a_top_list(office, client_for):
    client = client_for(office)
    assert client.get(reverse("campaigns:list_create")).status_code == 200
    response = client.post(reverse("campaigns:list_create"), LIST_DATA)
    top_list = TopList.objects.get(slug="varhaiskasvatus-top12")
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:list_deeds", args=[top_list.slug])
    assert top_list.is_published and top_list.created_by == office
    assert AuditEvent.objects.filter(target=f"toplist:{top_list.pk}", data__event="toplist.created").exists()

    response = client.post(reverse("campaigns:list_edit", args=[top_list.slug]),
                           {**LIST_DATA, "title_fi": "Varhaiskasvatuksen TOP12", "is_published": ""})
    assert response.status_code == 302
    top_list.refresh_from_db()
    assert top_list.title_fi == "Varhaiskasvatuksen TOP12" and not top_list.is_published


def test_invalid_list_is_not_saved(office, client_for):
    TopListFactory(slug="varhaiskasvatus-top12")
    response = client_for(office).post(reverse("campaigns:list_create"), {**LIST_DATA, "title_fi": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title_fi", "slug"}  # required; slug taken
    assert TopList.objects.count() == 1


@pytest.mark.parametrize("person", ["employee", "innovator", "org_admin", "citizen", "outsider"])
def test_only_the_programme_office_manages_lists(person, request, client_for):
    user = request.getfixturevalue(person)
    published = TopListFactory()
    draft = TopListFactory(is_published=False)
    deed = DeedFactory()
    client = client_for(user)
    assert client.get(reverse("campaigns:list_create")).status_code == 403
    assert client.post(reverse("campaigns:list_create"), LIST_DATA).status_code == 403
    for name in ("list_edit", "list_deeds", "list_delete"):
        assert client.get(reverse(f"campaigns:{name}", args=[published.slug])).status_code == 403
        assert client.get(reverse(f"campaigns:{name}", args=[draft.slug])).status_code == 404
    response = client.post(reverse("campaigns:list_deeds", args=[published.slug]),
                           {"add-deed": deed.pk, "add": ""})
    assert response.status_code == 403
    assert client.post(reverse("campaigns:list_delete", args=[published.slug])).status_code == 403
    assert TopList.objects.count() == 2 and not TopListItem.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("campaigns:list_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_office_adds_orders_and_removes_deeds(office, client_for):
    top_list = TopListFactory()
    deeds = [DeedFactory(title=f"Teko {letter}") for letter in "ABCD"]
    client = client_for(office)
    url = reverse("campaigns:list_deeds", args=[top_list.slug])
    for deed in deeds:
        response = client.post(url, {"add-deed": deed.pk, "add-note": f"Hyvä {deed.title}", "add": ""})
        assert response.status_code == 302
    items = list(top_list.items.order_by("position"))
    assert [item.deed for item in items] == deeds and [item.position for item in items] == [1, 2, 3, 4]

    # Move D first, C second; remove A. B keeps its place among the rest.
    a, b, c, d = items
    data = {"arrange": ""}
    for item, number in ((a, 1), (b, 3), (c, 2), (d, 1)):
        data[f"arrange-position-{item.pk}"] = number
        data[f"arrange-note-{item.pk}"] = item.note
    data[f"arrange-remove-{a.pk}"] = "on"
    data[f"arrange-note-{c.pk}"] = "Uusi perustelu"
    assert client.post(url, data).status_code == 302
    remaining = list(top_list.items.order_by("position").select_related("deed"))
    assert [(item.deed.title, item.position) for item in remaining] == [("Teko D", 1), ("Teko C", 2), ("Teko B", 3)]
    assert TopListItem.objects.get(pk=c.pk).note == "Uusi perustelu"

    response = client_for(office).get(top_list.get_absolute_url())
    content = response.content.decode()
    assert _titles_in_order(content, ["Teko B", "Teko C", "Teko D"]) == ["Teko D", "Teko C", "Teko B"]
    assert "Teko A" not in content


def test_the_search_on_the_manage_page_offers_published_deeds_not_on_the_list(office, client_for):
    top_list = TopListFactory()
    on_list = DeedFactory(title="Kotihoidon reititys")
    TopListItemFactory(top_list=top_list, deed=on_list)
    other = DeedFactory(title="Kotihoidon aamupalaveri")
    DeedFactory(title="Kotihoidon luonnos", status=Deed.Status.DRAFT)
    response = client_for(office).get(reverse("campaigns:list_deeds", args=[top_list.slug]), {"q": "kotihoidon"})
    assert [deed.pk for deed in response.context["results"]] == [other.pk]


def test_bad_positions_and_unpublished_deeds_are_refused(office, client_for):
    top_list = TopListFactory()
    item = TopListItemFactory(top_list=top_list)
    draft = DeedFactory(status=Deed.Status.DRAFT)
    client = client_for(office)
    url = reverse("campaigns:list_deeds", args=[top_list.slug])
    response = client.post(url, {"add-deed": draft.pk, "add": ""})
    assert response.status_code == 200 and "deed" in response.context["add_form"].errors
    response = client.post(url, {"add-deed": item.deed_id, "add": ""})
    assert response.status_code == 200 and "deed" in response.context["add_form"].errors
    response = client.post(url, {"arrange": "", f"arrange-position-{item.pk}": "ensimmäinen"})
    assert response.status_code == 200 and f"position-{item.pk}" in response.context["arrange_form"].errors
    assert list(top_list.items.values_list("pk", "position")) == [(item.pk, item.position)]


def test_public_pages_show_published_lists_and_published_deeds(client, office, client_for):
    published = TopListFactory(title_fi="Ikäihmisten palvelut TOP10")
    draft = TopListFactory(title_fi="Keskeneräinen lista", is_published=False)
    shown = TopListItemFactory(top_list=published, deed=DeedFactory(title="Kotihoidon etäkäynnit"))
    TopListItemFactory(top_list=published, deed=DeedFactory(title="Arkistoitu teko", status=Deed.Status.ARCHIVED))
    response = client.get(reverse("campaigns:lists"))
    assert [top_list.pk for top_list in response.context["page"].object_list] == [published.pk]
    assert response.context["page"].object_list[0].deed_count == 1
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200 and [item.pk for item in response.context["items"]] == [shown.pk]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client_for(office).get(draft.get_absolute_url()).status_code == 200


def test_office_deletes_a_list_after_confirming(office, client_for):
    top_list = TopListFactory()
    item = TopListItemFactory(top_list=top_list)
    client = client_for(office)
    assert client.get(reverse("campaigns:list_delete", args=[top_list.slug])).status_code == 200
    assert TopList.objects.filter(pk=top_list.pk).exists()
    response = client.post(reverse("campaigns:list_delete", args=[top_list.slug]))
    assert response.status_code == 302 and not TopList.objects.filter(pk=top_list.pk).exists()
    assert Deed.objects.filter(pk=item.deed_id).exists()


def test_list_pages_take_a_constant_number_of_queries(client, django_assert_max_num_queries):
    def fill(count):
        for _ in range(count):
            top_list = TopListFactory()
            for _ in range(count):
                TopListItemFactory(top_list=top_list)
        return top_list

    small = fill(2)
    with django_assert_max_num_queries(8) as small_index:
        assert client.get(reverse("campaigns:lists")).status_code == 200
    with django_assert_max_num_queries(8) as small_detail:
        assert client.get(small.get_absolute_url()).status_code == 200
    large = fill(6)
    with django_assert_max_num_queries(len(small_index.captured_queries)):
        assert client.get(reverse("campaigns:lists")).status_code == 200
    with django_assert_max_num_queries(len(small_detail.captured_queries)):
        response = client.get(large.get_absolute_url())
    assert len(response.context["items"]) == 6
