"""Helpers shared by the idea tests."""

import io

from django.urls import reverse
from PIL import Image


def submit_form(client, org, **fields):
    """GET the submission form and POST it with its one-time token."""
    page = client.get(reverse("ideas:submit", args=[org.slug]))
    assert page.status_code == 200
    data = {"token": page.context["form"].initial["token"], **fields}
    return client.post(reverse("ideas:submit", args=[org.slug]), data), data


def png_bytes(size=(8, 8), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
