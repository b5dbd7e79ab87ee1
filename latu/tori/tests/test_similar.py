"""Similar deeds on deed pages and for any text (the idea form uses it while typing)."""

from latu.tori.factories import DeedFactory
from latu.tori.models import Deed
from latu.tori.search import similar_deeds, similar_to_text


def test_a_deed_page_shows_similar_deeds_from_elsewhere(client, corpus, located):
    org, other_org = located
    twin = DeedFactory(organisation=other_org, title="Kuvapuhelut kotihoidon asiakkaille",
                       lead="Kotihoidon asiakkaat saavat lääkemuistutuksen kuvapuhelulla.",
                       story="Hoitajat soittavat kuvapuhelun aamuisin.")
    page = client.get(f"/tori/{corpus['kotihoito'].pk}/").content.decode()
    section = page[page.index('id="similar-deeds"'):]
    assert twin.title in section and corpus["kirjasto"].title not in section
    assert similar_deeds(corpus["kotihoito"], 3)[0] == twin
    api = client.get(f"/api/v1/deeds/{corpus['kotihoito'].pk}/similar/").json()
    assert api[0]["id"] == twin.pk and corpus["kotihoito"].pk not in [item["id"] for item in api]


def test_similar_to_text_while_an_idea_is_written(client, corpus, located):
    org, _ = located
    DeedFactory(organisation=org, title="Kotihoidon kuvapuhelut luonnos", status=Deed.Status.DRAFT)
    found = similar_to_text("Voisiko kotihoidon asiakkaille soittaa kuvapuhelun lääkkeistä?", limit=3)
    assert found[0] == corpus["kotihoito"]
    assert all(deed.status == Deed.Status.PUBLISHED for deed in found)
    assert similar_to_text("kotihoito kuvapuhelu", exclude_id=corpus["kotihoito"].pk) == []
    assert similar_to_text("") == [] and similar_to_text("\x00😀") == []
    fragment = client.get("/tori/similar/", {"text": "kotihoidon kuvapuhelut"}, HTTP_HX_REQUEST="true")
    assert corpus["kotihoito"].title in fragment.content.decode() and b"<html" not in fragment.content
    page = client.get("/tori/similar/", {"text": "kotihoidon kuvapuhelut"})
    assert page.status_code == 200 and corpus["kotihoito"].title in page.content.decode()


def test_unrelated_text_finds_nothing(corpus):
    assert similar_to_text("Uimahallin aukioloajat ja saunavuorot") == []


def test_similar_deeds_drop_weak_tail_matches(corpus, located, monkeypatch):
    """A deed sharing a single minor phrase with the text ("kotihoidon asiakkaille" in a
    story about the library) trails far behind the deeds about the same thing: under
    the relevance floor it is left out, a deed about part of the text stays."""
    from latu.tori import search

    _, other_org = located
    twin = DeedFactory(organisation=other_org, title="Kuvapuhelut kotihoidon asiakkaille",
                       lead="Kotihoidon asiakkaat saavat lääkemuistutuksen kuvapuhelulla.",
                       story="Hoitajat soittavat kuvapuhelun aamuisin.")
    library = DeedFactory(organisation=other_org, title="Kirjaston uudet aukioloajat",
                          lead="Kirjasto on avoinna iltaisin ja viikonloppuisin.",
                          story="Kirjasto lähettää tekstiviestin, kun varaus on noudettavissa. Lainat uusitaan "
                          "verkossa. Kirjastoauto käy kylissä, ja kotipalvelu tuo kirjat myös kotihoidon asiakkaille.")
    pharmacy = DeedFactory(organisation=other_org, title="Apteekin palvelut", lead="Apteekki neuvoo lääkkeistä.",
                           story="Apteekki neuvoo puhelimessa lääkkeistä ja reseptien uusimisesta.")
    text = "Voisiko kotihoidon asiakkaille soittaa kuvapuhelun lääkkeistä?"
    found = similar_to_text(text, limit=10)
    assert found[:2] == [twin, corpus["kotihoito"]]
    assert pharmacy in found and library not in found
    monkeypatch.setattr(search, "SIMILAR_FLOOR", 0.0)
    assert library in similar_to_text(text, limit=10)
