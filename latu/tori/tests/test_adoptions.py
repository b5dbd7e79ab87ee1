"""Otettu mallia: organisations record that they adopted a deed; the spread views."""

from datetime import date

import pytest

from latu.organisations.factories import member
from latu.organisations.models import Role
from latu.tori import actions
from latu.tori.factories import DeedFactory
from latu.tori.models import Adoption, Deed


@pytest.fixture
def deed(corpus):
    return corpus["kotihoito"]  # Hollola's deed; Eeva (employee) is its contact


def test_a_member_of_another_organisation_records_an_adoption(client_for, deed, outsider, other_org, employee,
                                                              events):
    client = client_for(outsider)
    assert client.get(f"/tori/{deed.pk}/adopt/").status_code == 200
    response = client.post(f"/tori/{deed.pk}/adopt/", {
        "organisation": other_org.pk, "learned_from": deed.organisation_id, "adopted_on": "2024-05-02",
        "note": "Otimme käyttöön iltakäynneissä.", "outcome": "Ajomatkat vähenivät.",
    })
    assert response.status_code == 302
    adoption = Adoption.objects.get(deed=deed)
    assert adoption.organisation == other_org and adoption.adopted_by == outsider
    assert adoption.adopted_on == date(2024, 5, 2)
    deed.refresh_from_db()
    assert deed.adoption_count == 1
    page = client.get(f"/tori/{deed.pk}/").content.decode()
    assert "Otimme käyttöön iltakäynneissä." in page and "2.5.2024" in page and other_org.name in page
    adopted = [event for event in events if event.kind == "deed.adopted"]
    assert adopted and adopted[0].recipients == (employee,)


def test_once_per_organisation(client_for, deed, outsider, other_org):
    actions.adopt(outsider, deed, other_org)
    colleague = member(other_org, Role.EMPLOYEE, email="toinen@porvoo.example.fi")
    response = client_for(colleague).get(f"/tori/{deed.pk}/adopt/")
    assert response.status_code == 302  # already recorded: back to the deed
    api = client_for(colleague).post(f"/api/v1/deeds/{deed.pk}/adoptions/", {"organisation": other_org.slug})
    assert api.status_code in (400, 403)
    assert Adoption.objects.filter(deed=deed).count() == 1


def test_own_organisation_anonymous_and_drafts_cannot_adopt(client, client_for, deed, employee, outsider, org):
    assert client_for(employee).get(f"/tori/{deed.pk}/adopt/").status_code == 403
    client.logout()
    response = client.get(f"/tori/{deed.pk}/adopt/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    draft = DeedFactory(organisation=org, status=Deed.Status.DRAFT)
    assert client_for(outsider).get(f"/tori/{draft.pk}/adopt/").status_code == 404


def test_an_adopter_can_only_name_an_earlier_link_as_the_source(deed, outsider, other_org, third_org, org):
    varkaus = member(third_org, Role.EMPLOYEE, email="ville@varkaus.example.fi")
    with pytest.raises(Exception):  # noqa: B017 - ValidationError from the action
        actions.adopt(varkaus, deed, third_org, learned_from=other_org)  # Porvoo has not adopted it
    actions.adopt(outsider, deed, other_org, adopted_on=date(2023, 1, 1))
    adoption = actions.adopt(varkaus, deed, third_org, learned_from=other_org, adopted_on=date(2024, 1, 1))
    assert adoption.learned_from == other_org


def test_spread_of_one_deed(client, deed, outsider, other_org, third_org, org):
    varkaus = member(third_org, Role.EMPLOYEE, email="ville@varkaus.example.fi")
    actions.adopt(outsider, deed, other_org, adopted_on=date(2023, 3, 1))
    actions.adopt(varkaus, deed, third_org, learned_from=other_org, adopted_on=date(2024, 6, 1))
    client.logout()
    page = client.get(f"/tori/{deed.pk}/spread/").content.decode()
    tree = page[page.index('id="spread-tree-list"'):]
    # Hollola → Porvoo → Varkaus, nested
    assert tree.index(org.name) < tree.index(other_org.name) < tree.index(third_org.name)
    assert "Uusimaa" in page and "Pohjois-Savo" in page and "2023" in page and "2024" in page
    assert '<table class="table">' in page


def test_spread_across_the_marketplace(client, corpus, outsider, other_org, third_org, org):
    varkaus = member(third_org, Role.EMPLOYEE, email="ville@varkaus.example.fi")
    deed = corpus["kotihoito"]
    actions.adopt(outsider, deed, other_org, adopted_on=date(2023, 3, 1))
    actions.adopt(varkaus, deed, third_org, learned_from=other_org, adopted_on=date(2024, 6, 1))
    actions.adopt(varkaus, corpus["palaute"], third_org, adopted_on=date(2024, 2, 1))
    page = client.get("/tori/spread/").content.decode()
    assert '<dd class="stat__value" id="spread-total">3</dd>' in page
    chains = page[page.index('id="spread-chain-list"'):]
    assert f"{org.name} (2019) → {other_org.name} (3/2023) → {third_org.name} (6/2024)" in chains
    # From Uusimaa (Porvoo) to Pohjois-Savo (Varkaus) twice: once learned from Porvoo, once Porvoo's own deed.
    assert "Uusimaa → Pohjois-Savo" in page
    filtered = client.get("/tori/spread/", {"sector": "education"}).content.decode()
    assert '<dd class="stat__value" id="spread-total">0</dd>' in filtered


def test_removing_an_adoption(client_for, deed, outsider, other_org, employee):
    adoption = actions.adopt(outsider, deed, other_org)
    assert client_for(employee).post(f"/tori/adoptions/{adoption.pk}/remove/").status_code == 403
    assert client_for(outsider).post(f"/tori/adoptions/{adoption.pk}/remove/").status_code == 302
    deed.refresh_from_db()
    assert deed.adoption_count == 0 and not Adoption.objects.exists()


def test_adoptions_through_the_api(client, client_for, deed, outsider, other_org):
    api = client_for(outsider)
    response = api.post(f"/api/v1/deeds/{deed.pk}/adoptions/",
                        {"organisation": other_org.slug, "note": "Hyvä malli."}, content_type="application/json")
    assert response.status_code == 201 and response.json()["organisation"] == other_org.slug
    client.logout()
    listed = client.get(f"/api/v1/deeds/{deed.pk}/adoptions/").json()
    assert [item["note"] for item in listed] == ["Hyvä malli."]
    assert client.post(f"/api/v1/deeds/{deed.pk}/adoptions/", {"organisation": other_org.slug}).status_code in (
        401, 403
    )
