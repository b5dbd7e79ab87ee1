"""Telling and moderating deeds through the API, under the same policies as the pages."""

from latu.tori.factories import DeedFactory
from latu.tori.models import Deed

NEW = {
    "title": "Kirjaston omatoimiaika", "lead": "Kirjasto auki iltaisin.", "story": "Otimme käyttöön kulunvalvonnan.",
    "sector": "culture_leisure", "organisation": "hollola", "themes": ["digitalisaatio"], "keywords": ["kirjasto"],
}


def test_telling_a_deed_through_the_api(client_for, employee, org):
    api = client_for(employee)
    response = api.post("/api/v1/deeds/", {**NEW, "submit": True}, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "review" and data["themes"] == ["digitalisaatio"] and data["keywords"] == ["kirjasto"]
    deed = Deed.objects.get(pk=data["id"])
    assert deed.author == employee and list(deed.contacts.all()) == [employee]


def test_bad_input_is_a_400_with_messages(client_for, employee, org):
    api = client_for(employee)
    for bad in ({**NEW, "sector": "avaruus"}, {**NEW, "title": ""}, {**NEW, "themes": ["ei-ole"]},
                {**NEW, "year": "kaksi"}, {"title": "x" * 500}, {**NEW, "organisation": "ei-ole"}):
        response = api.post("/api/v1/deeds/", bad, content_type="application/json")
        assert response.status_code == 400, bad
        assert response.json()
    assert not Deed.objects.exists()


def test_writes_need_sign_in_and_the_policy(client, client_for, employee, outsider, office, org):
    assert client.post("/api/v1/deeds/", NEW, content_type="application/json").status_code in (401, 403)
    # Porvoo's employee cannot tell a deed for Hollola.
    assert client_for(outsider).post("/api/v1/deeds/", NEW, content_type="application/json").status_code == 403
    deed = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT)
    assert client_for(outsider).patch(f"/api/v1/deeds/{deed.pk}/", {"title": "X"},
                                      content_type="application/json").status_code == 404
    response = client_for(employee).patch(f"/api/v1/deeds/{deed.pk}/", {"title": "Parempi otsikko"},
                                          content_type="application/json")
    assert response.status_code == 200 and response.json()["title"] == "Parempi otsikko"
    assert client_for(employee).post(f"/api/v1/deeds/{deed.pk}/submit/").json()["status"] == "review"
    assert client_for(employee).post(f"/api/v1/deeds/{deed.pk}/moderate/", {"action": "publish"},
                                     content_type="application/json").status_code == 403
    response = client_for(office).post(f"/api/v1/deeds/{deed.pk}/moderate/", {"action": "return", "note": ""},
                                       content_type="application/json")
    assert response.status_code == 400
    response = client_for(office).post(f"/api/v1/deeds/{deed.pk}/moderate/", {"action": "publish"},
                                       content_type="application/json")
    assert response.json()["status"] == "published"


def test_drafts_can_be_deleted_through_the_api(client_for, employee, org):
    deed = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT)
    assert client_for(employee).delete(f"/api/v1/deeds/{deed.pk}/").status_code == 204
    published = DeedFactory(organisation=org, author=employee)
    assert client_for(employee).delete(f"/api/v1/deeds/{published.pk}/").status_code == 403


def test_the_openapi_schema_describes_the_deeds(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/deeds/" in response.content and b"/api/v1/deed-statistics/" in response.content
