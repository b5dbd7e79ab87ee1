"""Attachments: images and PDFs checked by content and size, served only through an
access-checked view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from latu.ideas.models import Attachment, Idea
from latu.ideas.tests.helpers import pdf_bytes, png_bytes, submit_form


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_real_png_is_accepted_with_its_alt_text(client_for, employee, org):
    response, _ = submit_form(client_for(employee), org, title="Kuvan kanssa", description="Kuva liitteenä.",
                              attachment=upload("taukotila.png", png_bytes()), alt_text="Ahdas taukotila")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.content_type, attachment.alt_text) == ("image", "image/png",
                                                                               "Ahdas taukotila")
    assert attachment.name == "taukotila.png"
    assert attachment.uploaded_by == employee
    page = client_for(employee).get(reverse("ideas:detail", args=[attachment.idea.pk])).content.decode()
    assert 'alt="Ahdas taukotila"' in page
    assert "/media/" not in page


def test_an_exe_renamed_png_is_rejected(client_for, employee, org):
    fake = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    response, _ = submit_form(client_for(employee), org, title="Virus", description="x",
                              attachment=upload("kuva.png", fake), alt_text="kuva")
    assert response.status_code == 400
    assert "attachment" in response.context["form"].errors
    assert not Idea.objects.exists() and not Attachment.objects.exists()


def test_a_truncated_image_is_rejected(client_for, employee, org):
    response, _ = submit_form(client_for(employee), org, title="Rikki", description="x",
                              attachment=upload("rikki.png", png_bytes()[:60]), alt_text="kuva")
    assert response.status_code == 400
    assert not Idea.objects.exists()


def test_an_oversize_file_is_rejected(client_for, employee, org, settings):
    settings.LATU_MAX_UPLOAD_BYTES = 1000
    big = png_bytes(size=(400, 400), colour=(1, 2, 3)) + b"\x00" * 2000
    response, _ = submit_form(client_for(employee), org, title="Iso", description="x",
                              attachment=upload("iso.png", big), alt_text="kuva")
    assert response.status_code == 400
    assert "attachment" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_images_need_an_alt_text(client_for, employee, org):
    response, _ = submit_form(client_for(employee), org, title="Ilman kuvausta", description="x",
                              attachment=upload("kuva.png", png_bytes()))
    assert response.status_code == 400
    assert "alt_text" in response.context["form"].errors


def test_a_pdf_is_accepted_and_downloaded(client_for, employee, org, innovator):
    submit_form(client_for(employee), org, title="Suunnitelma", description="PDF liitteenä.",
                attachment=upload("suunnitelma.pdf", pdf_bytes(), "application/pdf"))
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf"
    response = client_for(innovator).get(reverse("ideas:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.fixture
def image(client_for, employee, org):
    submit_form(client_for(employee), org, title="Kuva", description="x",
                attachment=upload("kuva.png", png_bytes()), alt_text="Kuva")
    return Attachment.objects.get()


def test_images_are_served_through_the_access_checked_view(client_for, image, employee, outsider, office, client):
    url = reverse("ideas:attachment", args=[image.pk])
    response = client_for(employee).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(office).get(url).status_code == 404
    assert client.logout() is None and client.get(url).status_code == 302  # to sign-in


def test_attachments_have_no_public_url(image):
    with pytest.raises(ValueError):
        image.file.url  # noqa: B018


def test_the_author_adds_an_attachment_while_the_idea_is_new(client_for, image, employee, innovator, outsider):
    idea = image.idea
    url = reverse("ideas:attachment_add", args=[idea.pk])
    assert client_for(employee).post(url, {"file": upload("toinen.pdf", pdf_bytes(), "application/pdf")}
                                     ).status_code == 302
    assert idea.attachments.count() == 2
    # Not a colleague (handlers may), not another organisation.
    from latu.organisations.factories import member

    colleague = member(idea.organisation)
    assert client_for(colleague).post(url, {"file": upload("x.pdf", pdf_bytes(), "application/pdf")}
                                      ).status_code == 403
    assert client_for(outsider).post(url, {"file": upload("x.pdf", pdf_bytes(), "application/pdf")}
                                     ).status_code == 404
    assert client_for(innovator).post(url, {"file": upload("muistio.pdf", pdf_bytes(), "application/pdf")}
                                      ).status_code == 302
    assert idea.attachments.count() == 3


def test_an_anonymous_idea_accepts_images_but_not_pdfs(client_for, employee, org):
    response, _ = submit_form(client_for(employee), org, title="Nimetön PDF", description="x", anonymous="on",
                              attachment=upload("muistio.pdf", pdf_bytes(), "application/pdf"))
    assert response.status_code == 400
    assert "attachment" in response.context["form"].errors
    assert not Idea.objects.exists()
    response, _ = submit_form(client_for(employee), org, title="Nimetön kuva", description="x", anonymous="on",
                              attachment=upload("kuva.png", png_bytes()), alt_text="Kuva")
    assert response.status_code == 200
    assert Attachment.objects.get().uploaded_by is None
