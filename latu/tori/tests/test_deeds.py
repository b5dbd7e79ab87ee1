"""Telling a deed (the simple form and its details), its states, moderation and who sees what."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from latu.audit.models import AuditEvent
from latu.tori import actions
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed, Sector

SIMPLE = {
    "title": "Kotihoidon iltapartio",
    "lead": "Iltakäynnit hoitaa nyt oma partio.",
    "story": "Kokosimme iltakäynnit yhdelle tiimille, ja ajoreitit lyhenivät.",
    "sector": Sector.SOCIAL_HEALTH,
}
EMPTY_FORMSETS = {
    "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "0", "links-TOTAL_FORMS": "2", "links-INITIAL_FORMS": "0",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name="kuva.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post_deed(client, org, **extra):
    """The simple form as a browser sends it, with the contact box ticked."""
    return client.post("/tori/new/", {**SIMPLE, "organisation": org.pk, "contact_me": "on", **EMPTY_FORMSETS, **extra})


def test_the_simple_form_has_five_fields_and_details_behind_a_summary(client_for, employee):
    page = client_for(employee).get("/tori/new/").content.decode()
    page = page[page.index('<form method="post" enctype'):]
    before_details = page.split('<details id="deed-details"')[0]
    for name in ("title", "lead", "story", "sector", "organisation"):
        assert f'name="{name}"' in before_details
    for name in ("results", "how_to_adopt", "themes", "keywords", "year", "language", "images-0-image"):
        assert f'name="{name}"' not in before_details and f'name="{name}"' in page


def test_a_deed_in_five_minutes_saved_as_draft(client_for, employee, located):
    org, _ = located
    response = post_deed(client_for(employee), org, save="1")
    deed = Deed.objects.get(title=SIMPLE["title"])
    assert response.status_code == 302 and response["Location"] == f"/tori/{deed.pk}/"
    assert deed.status == Deed.Status.DRAFT and deed.author == employee and deed.organisation == org
    assert deed.region_id == "07"
    assert list(deed.contacts.all()) == [employee]
    assert AuditEvent.objects.filter(data__event="deed.created", target=f"deed:{deed.pk}").exists()


def test_sending_for_publication_puts_it_in_review_and_tells_the_office(client_for, employee, office, org, events):
    post_deed(client_for(employee), org, submit="1")
    deed = Deed.objects.get(title=SIMPLE["title"])
    assert deed.status == Deed.Status.REVIEW and deed.submitted_at is not None
    submitted = [event for event in events if event.kind == "deed.submitted"]
    assert submitted and office in submitted[0].recipients


def test_the_details(client_for, employee, org, other_org, themes):
    response = post_deed(
        client_for(employee), org, save="1",
        results="Ajokilometrit vähenivät 20 %.", has_results="on", how_to_adopt="Aloittakaa pienestä.",
        themes=[themes["ikaantyneet"].pk, themes["tyohyvinvointi"].pk], keywords="kotihoito, iltakäynnit",
        co_organisations=[other_org.pk], language="fi", year="2024", contact_me="on",
        contact_name="Kaisa Kotihoito", contact_email="kaisa@example.fi",
        **{"images-0-image": png(), "images-0-alt_text": "Hoitaja ja asiakas kuvapuhelussa",
           "links-0-url": "https://example.fi/iltapartio", "links-0-title": "Lisätietoa"},
    )
    assert response.status_code == 302
    deed = Deed.objects.get(title=SIMPLE["title"])
    assert deed.has_results and deed.results.startswith("Ajokilometrit") and deed.year == 2024
    assert set(deed.themes.values_list("slug", flat=True)) == {"ikaantyneet", "tyohyvinvointi"}
    assert deed.keyword_list == ["kotihoito", "iltakäynnit"]
    assert list(deed.co_organisations.all()) == [other_org]
    assert deed.images.get().alt_text == "Hoitaja ja asiakas kuvapuhelussa"
    assert deed.links.get().url == "https://example.fi/iltapartio"
    assert deed.contact_email == "kaisa@example.fi"
    page = client_for(employee).get(f"/tori/{deed.pk}/").content.decode()
    assert 'alt="Hoitaja ja asiakas kuvapuhelussa"' in page and "https://example.fi/iltapartio" in page


def test_an_image_needs_alternative_text_and_must_really_be_an_image(client_for, employee, org):
    client = client_for(employee)
    response = post_deed(client, org, **{"images-0-image": png()})
    assert response.status_code == 200 and not Deed.objects.exists()
    fake = SimpleUploadedFile("kuva.png", b"<?php echo 1; ?>" * 10, content_type="image/png")
    response = post_deed(client, org, **{"images-0-image": fake, "images-0-alt_text": "Kuva"})
    assert response.status_code == 200 and not Deed.objects.exists()


def test_an_oversized_image_is_refused(client_for, employee, org, settings):
    settings.LATU_MAX_IMAGE_BYTES = 20
    response = post_deed(client_for(employee), org, **{"images-0-image": png(), "images-0-alt_text": "Kuva"})
    assert response.status_code == 200 and not Deed.objects.exists()


@pytest.mark.parametrize("missing", ["title", "lead", "story", "sector", "organisation"])
def test_the_five_fields_are_required(client_for, employee, org, missing):
    data = {**SIMPLE, "organisation": org.pk, **EMPTY_FORMSETS}
    data.pop(missing)
    response = client_for(employee).post("/tori/new/", data)
    assert response.status_code == 200 and not Deed.objects.exists()


def test_people_tell_deeds_only_for_their_own_organisation(client_for, employee, other_org, citizen):
    assert post_deed(client_for(employee), other_org).status_code == 200
    assert not Deed.objects.exists()
    assert client_for(citizen).get("/tori/new/").status_code == 403


def test_signing_in_is_needed_to_tell(client):
    response = client.get("/tori/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_adopted_experiment_prefills_the_form(client_for, innovator, org, outsider):
    from latu.experiments.factories import make_experiment, make_measure

    experiment = make_experiment(org, innovator, title="Iltakäyntien kokeilu", description="Kokosimme iltakäynnit.")
    experiment.learnings = "Aloittakaa yhdellä tiimillä."
    experiment.save(update_fields=["learnings"])
    make_measure(experiment, results=[("2025-03-01", "25")], indicator="Ajoaika")
    client = client_for(innovator)
    page = client.get(f"/tori/new/?experiment={experiment.pk}").content.decode()
    assert "Iltakäyntien kokeilu" in page and "Aloittakaa yhdellä tiimillä." in page and "Ajoaika" in page
    initial = actions.prefill_from_experiment(experiment)
    assert initial["organisation"] == org.pk and initial["has_results"] is True
    response = client.post(
        f"/tori/new/?experiment={experiment.pk}",
        {**SIMPLE, "organisation": org.pk, "source_experiment": experiment.pk, **EMPTY_FORMSETS, "save": "1"},
    )
    assert response.status_code == 302
    assert Deed.objects.get(title=SIMPLE["title"]).source_experiment == experiment
    # Someone from another organisation cannot read the experiment through the form.
    assert client_for(outsider).get(f"/tori/new/?experiment={experiment.pk}").status_code == 404


def test_an_experiment_is_told_as_one_deed(client_for, innovator, office, org):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from latu.experiments.factories import make_experiment
    from latu.experiments.models import Experiment

    experiment = make_experiment(org, innovator, title="Iltakäyntien kokeilu", ends=date(2027, 6, 30))
    Experiment.objects.filter(pk=experiment.pk).update(
        status=Experiment.Status.ADOPTED, decided_at=datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("Europe/Helsinki")))
    experiment.refresh_from_db()
    assert actions.prefill_from_experiment(experiment)["year"] == 2026  # adopted then, though planned to 2027
    client = client_for(innovator)
    page = client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert 'id="publish-deed"' in page and 'id="experiment-deed"' not in page
    data = {**SIMPLE, "organisation": org.pk, "source_experiment": experiment.pk, **EMPTY_FORMSETS, "submit": "1"}
    assert client.post(f"/tori/new/?experiment={experiment.pk}", data).status_code == 302
    deed = Deed.objects.get()

    page = client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert 'id="publish-deed"' not in page and f'href="/tori/{deed.pk}/" id="experiment-deed"' in page
    response = client.get(f"/tori/new/?experiment={experiment.pk}")  # the old link, or a second tab
    assert response.status_code == 302 and response["Location"] == f"/tori/{deed.pk}/"
    response = client.post(f"/tori/new/?experiment={experiment.pk}", data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Deed.objects.count() == 1

    actions.archive_deed(office, deed)
    assert client.get(f"/tori/new/?experiment={experiment.pk}").status_code == 200  # an archived one is gone


def test_drafts_are_seen_by_their_author_keepers_and_the_office_only(
    client, client_for, employee, innovator, org_admin, supervisor, outsider, office, org
):
    deed = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT, title="Luonnos")
    url = f"/tori/{deed.pk}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/deeds/{deed.pk}/").status_code == 404
    for person in (outsider, supervisor):
        assert client_for(person).get(url).status_code == 404
    for person in (employee, innovator, org_admin, office):
        assert client_for(person).get(url).status_code == 200
    assert client_for(outsider).get(f"/api/v1/deeds/{deed.pk}/").status_code == 404
    assert "Luonnos" in client_for(employee).get("/tori/mine/").content.decode()
    assert "Luonnos" not in client_for(outsider).get("/tori/mine/").content.decode()


def test_the_author_edits_others_cannot(client_for, employee, outsider, supervisor, org):
    deed = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT)
    data = {**SIMPLE, "organisation": org.pk, **EMPTY_FORMSETS, "title": "Uusi otsikko", "save": "1"}
    assert client_for(outsider).post(f"/tori/{deed.pk}/edit/", data).status_code == 404
    assert client_for(supervisor).post(f"/tori/{deed.pk}/edit/", data).status_code == 404
    assert client_for(employee).post(f"/tori/{deed.pk}/edit/", data).status_code == 302
    deed.refresh_from_db()
    assert deed.title == "Uusi otsikko"


def test_editing_a_published_deed_updates_the_search(client, client_for, employee, org):
    deed = DeedFactory(organisation=org, author=employee, title="Kirjastoauto", lead="Auto kiertää.")
    data = {**SIMPLE, "organisation": org.pk, **EMPTY_FORMSETS, "title": "Uimahallin aamuvuoro", "save": "1"}
    client_for(employee).post(f"/tori/{deed.pk}/edit/", data)
    client.logout()
    found = lambda q: [item["id"] for item in client.get("/api/v1/deeds/", {"q": q}).json()["results"]]  # noqa: E731
    assert deed.pk in found("uimahalli") and deed.pk not in found("kirjastoauto")


def test_the_office_publishes_and_the_deed_becomes_public(client, client_for, employee, office, org, events):
    deed = DeedFactory(organisation=org, author=employee, contacts=[employee], status=Deed.Status.REVIEW,
                       title="Kotihoidon iltapartio")
    assert "Kotihoidon iltapartio" in client_for(office).get("/tori/review/").content.decode()
    response = client_for(office).post(f"/tori/{deed.pk}/moderate/", {"decision": "publish", "note": ""})
    assert response.status_code == 302
    deed.refresh_from_db()
    assert deed.status == Deed.Status.PUBLISHED and deed.published_at is not None
    assert AuditEvent.objects.filter(action="moderation", data__event="deed.published").exists()
    assert [event.recipients for event in events if event.kind == "deed.published"] == [(employee,)]
    client.logout()
    assert client.get(f"/tori/{deed.pk}/").status_code == 200
    assert deed.pk in [item["id"] for item in client.get("/api/v1/deeds/", {"q": "iltapartio"}).json()["results"]]


def test_returning_needs_a_note_which_the_author_sees(client_for, employee, office, org):
    deed = DeedFactory(organisation=org, author=employee, status=Deed.Status.REVIEW)
    client = client_for(office)
    client.post(f"/tori/{deed.pk}/moderate/", {"decision": "return", "note": ""})
    deed.refresh_from_db()
    assert deed.status == Deed.Status.REVIEW
    client.post(f"/tori/{deed.pk}/moderate/", {"decision": "return", "note": "Lisää tulokset, kiitos."})
    deed.refresh_from_db()
    assert deed.status == Deed.Status.DRAFT and deed.review_note == "Lisää tulokset, kiitos."
    assert "Lisää tulokset, kiitos." in client_for(employee).get(f"/tori/{deed.pk}/").content.decode()


def test_archived_deeds_leave_the_marketplace(client, client_for, office, org):
    deed = DeedFactory(organisation=org, title="Vanha käytäntö")
    client_for(office).post(f"/tori/{deed.pk}/moderate/", {"decision": "archive", "note": "Vanhentunut."})
    deed.refresh_from_db()
    assert deed.status == Deed.Status.ARCHIVED
    client.logout()
    assert client.get(f"/tori/{deed.pk}/").status_code == 404
    assert client.get("/api/v1/deeds/", {"q": "käytäntö"}).json()["count"] == 0


def test_only_the_office_moderates(client_for, innovator, org_admin, employee, org):
    deed = DeedFactory(organisation=org, author=employee, status=Deed.Status.REVIEW)
    for person in (innovator, org_admin, employee):
        assert client_for(person).post(f"/tori/{deed.pk}/moderate/", {"decision": "publish"}).status_code == 403
        assert client_for(person).get("/tori/review/").status_code == 403
    deed.refresh_from_db()
    assert deed.status == Deed.Status.REVIEW


def test_authors_submit_and_delete_their_drafts_but_not_published_deeds(client_for, employee, org):
    draft = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT)
    client = client_for(employee)
    assert client.post(f"/tori/{draft.pk}/submit/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == Deed.Status.REVIEW
    other = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT)
    assert client.post(f"/tori/{other.pk}/delete/").status_code == 302
    assert not Deed.objects.filter(pk=other.pk).exists()
    published = DeedFactory(organisation=org, author=employee)
    assert client.post(f"/tori/{published.pk}/delete/").status_code == 403


def test_the_deed_page_shows_the_licence_and_the_story(client, corpus):
    page = client.get(f"/tori/{corpus['kotihoito'].pk}/").content.decode()
    assert "CC BY 4.0" in page and "https://creativecommons.org/licenses/by/4.0/" in page
    assert corpus["kotihoito"].story in page
    assert "eeva@hollola.example.fi" not in page  # email only for signed-in people


def test_user_text_is_rendered_safely(client, org):
    deed = DeedFactory(organisation=org, title="<script>alert(1)</script>", story="**Lihavoitu** <img src=x onerror=y>")
    page = client.get(f"/tori/{deed.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "onerror" not in page and "<strong>Lihavoitu</strong>" in page


def test_a_deed_told_for_a_campaign_joins_it(client_for, employee, org):
    from latu.campaigns.factories import CampaignFactory
    from latu.campaigns.models import CampaignDeed

    campaign = CampaignFactory(slug="hyva-kiertamaan")
    client = client_for(employee)
    page = client.get("/tori/new/?campaign=hyva-kiertamaan").content.decode()
    assert 'name="campaign" value="hyva-kiertamaan"' in page
    response = post_deed(client, org, campaign="hyva-kiertamaan", submit="1")
    assert response.status_code == 302
    deed = Deed.objects.get(title=SIMPLE["title"])
    assert CampaignDeed.objects.filter(campaign=campaign, deed=deed).exists()


def test_a_bad_image_is_named_in_the_error_summary_which_links_to_the_field(client_for, employee, org):
    """The summary that receives focus names the image, as every other form names its fields."""
    fake = SimpleUploadedFile("kuva.png", b"<?php echo 1; ?>" * 10, content_type="image/png")
    response = post_deed(client_for(employee), org, **{"images-0-image": fake, "images-0-alt_text": "Kuva"})
    page = response.content.decode()
    assert response.status_code == 200 and not Deed.objects.exists()
    summary = page[page.index('class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert 'href="#id_images-0-image"' in summary
    assert '<details id="deed-details" open' in page  # the field the summary links to is shown


def test_nobody_is_shown_as_a_contact_without_ticking_the_box(client, client_for, employee, office, org):
    """The contact box starts unticked: a name and an email are published only when asked for."""
    form = client_for(employee).get("/tori/new/").content.decode()
    box = form[form.index('name="contact_me"'):]
    box = box[:box.index(">")]
    assert "checked" not in box
    data = {**SIMPLE, "organisation": org.pk, **EMPTY_FORMSETS, "submit": "1"}  # the box as it came
    client_for(employee).post("/tori/new/", data)
    deed = Deed.objects.get(title=SIMPLE["title"])
    assert not deed.contacts.exists()
    actions.publish_deed(office, deed)
    page = client.get(f"/tori/{deed.pk}/").content.decode()
    assert employee.email not in page and employee.get_full_name() not in page
