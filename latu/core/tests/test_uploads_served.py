"""Uploads have no public URL: MEDIA_ROOT is not served, not even in the local profile,
and every upload comes from a view that checks who may see it. A draft deed's image is
as private as the draft."""

import io

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from PIL import Image

from latu.tori.factories import DeedFactory
from latu.tori.models import Deed, DeedImage


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), "green").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def deed_image(deed) -> DeedImage:
    return DeedImage.objects.create(deed=deed, image=ContentFile(png(), name="kuva.png"), alt_text="Kuva")


@pytest.mark.django_db
def test_a_draft_deeds_image_is_only_for_those_who_see_the_draft(client, client_for, org, employee, outsider, office):
    draft = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT)
    image = deed_image(draft)
    url = reverse("tori:deed_image", args=[image.pk])
    assert client.get(url).status_code == 404  # anonymous
    assert client_for(outsider).get(url).status_code == 404
    own = client_for(employee).get(url)
    assert own.status_code == 200 and own["Content-Type"] == "image/png"
    assert own["Cache-Control"].startswith("private")
    assert own["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert own["X-Content-Type-Options"] == "nosniff"
    assert b"".join(own.streaming_content) == image.image.open("rb").read()
    assert client_for(office).get(url).status_code == 200


@pytest.mark.django_db
def test_a_published_deeds_image_is_public_and_the_page_links_the_view(client, org):
    deed = DeedFactory(organisation=org)
    image = deed_image(deed)
    page = client.get(reverse("tori:deed_detail", args=[deed.pk])).content.decode()
    assert f'src="{reverse("tori:deed_image", args=[image.pk])}"' in page
    assert "/media/" not in page
    response = client.get(reverse("tori:deed_image", args=[image.pk]))
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    api = client.get(f"/api/v1/deeds/{deed.pk}/")
    assert api.status_code == 200
    assert api.json()["images"][0]["url"].endswith(reverse("tori:deed_image", args=[image.pk]))


@pytest.mark.django_db
def test_logos_come_from_a_view(client, org):
    assert client.get(reverse("organisations:logo", args=[org.slug])).status_code == 404  # no logo yet
    org.logo.save("hollola.png", ContentFile(png()))
    response = client.get(reverse("organisations:logo", args=[org.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_media_root_is_not_served(client, org, employee, debug):
    draft = DeedFactory(organisation=org, author=employee, status=Deed.Status.DRAFT)
    image = deed_image(draft)
    import importlib

    import latu.urls

    with override_settings(DEBUG=debug):
        importlib.reload(latu.urls)
        clear_url_caches()
        try:
            assert client.get(f"/media/{image.image.name}").status_code == 404
        finally:
            importlib.reload(latu.urls)
            clear_url_caches()
