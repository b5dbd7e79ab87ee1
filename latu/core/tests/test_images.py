"""Uploaded images are rebuilt from their pixels (latu.core.images) wherever they are
uploaded: idea attachments, deed images and organisation logos keep no EXIF/GPS, no JPEG
comment, no GIF trailer and nothing appended after the picture (polyglot files)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from latu.core.images import rebuild_image
from latu.ideas.models import Attachment
from latu.ideas.tests.helpers import submit_form
from latu.tori.models import DeedImage

SECRET = b"Eeva Esimerkki, Hollolantie 5"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def jpeg_with_everything() -> bytes:
    """A JPEG with a GPS position in EXIF, a COM comment and HTML appended after EOI."""
    image = Image.new("RGB", (16, 12), (200, 40, 40))
    exif = Image.Exif()
    exif[0x013B] = SECRET.decode()  # Artist
    exif[0x8825] = {1: "N", 2: (60.0, 59.0, 12.0), 3: "E", 4: (25.0, 30.0, 5.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=SECRET)
    data = out.getvalue()
    assert SECRET in data and b"\xff\xfe" in data  # the COM marker really is there
    return data + HTML


def gif_with_trailer() -> bytes:
    out = io.BytesIO()
    Image.new("P", (4, 4), 1).save(out, format="GIF", comment=SECRET)
    return out.getvalue() + SECRET + HTML


def png_polyglot() -> bytes:
    out = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET.decode())
    Image.new("RGBA", (8, 8), (0, 90, 0, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue() + b"PK\x03\x04" + HTML  # a zip / HTML page glued on


def assert_clean(data: bytes) -> None:
    assert SECRET not in data
    assert b"<script" not in data and b"<html" not in data
    assert b"Exif" not in data and b"\xff\xfe" not in data  # no EXIF, no COM segment
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert "comment" not in image.info and "Author" not in image.info


@pytest.mark.parametrize("make, suffix", [(jpeg_with_everything, ".jpg"), (gif_with_trailer, ".png"),
                                          (png_polyglot, ".png")])
def test_the_helper_keeps_the_picture_only(make, suffix):
    rebuilt = rebuild_image(make())
    assert rebuilt.suffix == suffix
    assert_clean(rebuilt.data)
    with Image.open(io.BytesIO(rebuilt.data)) as image:
        assert image.size in ((16, 12), (4, 4), (8, 8))


@pytest.mark.parametrize("data", [
    HTML,  # an HTML page named .png
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b"MZ\x90\x00\x03" + b"\x00" * 200,  # a Windows executable
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # a PNG signature and nothing real behind it
])
def test_what_is_not_an_image_is_refused(data):
    with pytest.raises(ValidationError):
        rebuild_image(data)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LATU_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.mark.django_db
def test_idea_attachments_are_rebuilt(client_for, employee, org):
    response, _ = submit_form(client_for(employee), org, title="Kuva", description="Kuva liitteenä.",
                              attachment=SimpleUploadedFile("kuva.jpg", jpeg_with_everything(), "image/jpeg"),
                              alt_text="Kuva")
    assert response.status_code == 302
    with Attachment.objects.get().file.open("rb") as stored:
        assert_clean(stored.read())


@pytest.mark.django_db
def test_deed_images_are_rebuilt(client_for, employee, org):
    from latu.tori.tests.test_deeds import post_deed

    response = post_deed(client_for(employee), org, save="1", **{
        "images-0-image": SimpleUploadedFile("kuva.gif", gif_with_trailer(), "image/gif"),
        "images-0-alt_text": "Kuva"})
    assert response.status_code == 302
    stored = DeedImage.objects.get()
    assert stored.image.name.endswith(".png")
    with stored.image.open("rb") as file:
        assert_clean(file.read())


@pytest.mark.django_db
def test_a_deed_image_that_is_really_html_is_refused_and_nothing_is_saved(client_for, employee, org):
    from latu.tori.models import Deed
    from latu.tori.tests.test_deeds import post_deed

    response = post_deed(client_for(employee), org, save="1", **{
        "images-0-image": SimpleUploadedFile("kuva.png", HTML, "image/png"), "images-0-alt_text": "Kuva"})
    assert response.status_code == 200
    assert response.context["images"].forms[0].errors["image"]
    assert not Deed.objects.exists() and not DeedImage.objects.exists()


@pytest.mark.django_db
def test_logos_are_rebuilt(client_for, org_admin, org):
    from latu.organisations.tests.test_admin_settings import settings_data

    logo = SimpleUploadedFile("logo.png", png_polyglot(), "image/png")
    response = client_for(org_admin).post(reverse("organisations:settings", args=[org.slug]), settings_data(logo=logo))
    assert response.status_code == 302
    org.refresh_from_db()
    with org.logo.open("rb") as file:
        assert_clean(file.read())
