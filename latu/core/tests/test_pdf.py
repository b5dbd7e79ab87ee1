import pytest

from latu.core.pdf import ResourceRefused, _static_fetcher, pdf_response, render_pdf


def test_a_template_becomes_a_pdf_with_its_text(tmp_path, settings):
    template_dir = tmp_path / "templates"
    template_dir.mkdir()
    (template_dir / "doc.html").write_text(
        '{% extends "core/print_base.html" %}{% block content %}<h1>Päätös</h1><p>Myönnetty 2 päivää.</p>'
        "{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir]}]

    content = render_pdf("doc.html", {})

    assert content.startswith(b"%PDF-")
    assert len(content) > 1000


def test_a_document_may_not_fetch_from_the_network_or_disk():
    with pytest.raises(ResourceRefused):
        _static_fetcher("http://169.254.169.254/latest/meta-data")
    with pytest.raises(ResourceRefused):
        _static_fetcher("file:///etc/passwd")
    with pytest.raises(ResourceRefused):
        _static_fetcher("latu-static:../../../etc/passwd")


def test_the_response_is_a_named_attachment():
    response = pdf_response(b"%PDF-1.7", "Päätös 12/2026")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="paatos-122026.pdf"'
