"""The register description (rekisteriseloste): public for every organisation, edited
by that organisation's admins only, starting from a default filled in from its data."""

import pytest
from django.test import Client
from django.urls import reverse

from latu.audit.models import AuditEvent
from latu.organisations.models import RegisterDescription

pytestmark = pytest.mark.django_db

ROLES = ["employee", "innovator", "supervisor", "manager", "org_admin", "outsider", "other_admin", "office",
         "citizen", "anonymous"]


def page(org):
    return reverse("organisations:register_description", args=[org.slug])


def edit(org):
    return reverse("organisations:register_description_edit", args=[org.slug])


def _client(request, client_for, role):
    return Client() if role == "anonymous" else client_for(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(request, client_for, org, other_org, role):
    """Everyone reads both organisations' descriptions; only Hollola's admin edits Hollola's,
    only Porvoo's admin edits Porvoo's; nobody else edits either (not the programme office)."""
    client = _client(request, client_for, role)
    for target, editor in ((org, "org_admin"), (other_org, "other_admin")):
        assert client.get(page(target)).status_code == 200
        may_edit = role == editor
        response = client.get(edit(target))
        if role == "anonymous":
            assert response.status_code == 302  # to sign in
        else:
            assert response.status_code == (200 if may_edit else 403), (role, target.slug)
        posted = client.post(edit(target), {"body_fi": f"Muokattu: {role}"})
        assert posted.status_code in ((302,) if may_edit else (302, 403))
        saved = RegisterDescription.objects.filter(organisation=target, body_fi=f"Muokattu: {role}").exists()
        assert saved == may_edit, (role, target.slug)
        assert ('href="' + edit(target) + '"' in client.get(page(target)).content.decode()) == may_edit


def test_the_default_is_filled_in_from_the_organisation(client, org):
    text = client.get(page(org), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Rekisterinpitäjä" in text and "Hollolan kunta" in text and "730 päivää" in text
    swedish = client.get(page(org), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Personuppgiftsansvarig" in swedish and "Hollola kommun" in swedish


def test_the_admin_edits_it_and_everyone_reads_the_saved_text(client_for, org, org_admin):
    admin = client_for(org_admin)
    form = admin.get(edit(org))
    assert "Rekisterinpitäjä" in form.content.decode()  # the default is pre-filled
    response = admin.post(edit(org), {"body_fi": "Oma seloste <script>x</script>", "body_sv": "", "body_en": ""})
    assert response.status_code == 302
    public = Client().get(page(org), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Oma seloste &lt;script&gt;" in public and "<script>x" not in public
    # An empty language shows the default in that language.
    assert "Personuppgiftsansvarig" in Client().get(page(org), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORG_CHANGED, organisation=org)
    assert event.actor == org_admin and event.data == {"changed": "register_description"}
    assert admin.post(edit(org), {"body_fi": ""}).status_code == 400


def test_linked_from_the_footer_and_the_index_lists_every_organisation(client, org, other_org,
                                                                        django_assert_max_num_queries):
    from latu.organisations.factories import OrganisationFactory

    OrganisationFactory.create_batch(5)
    index = reverse("organisations:register_descriptions")
    assert f'href="{index}"' in client.get(reverse("core:about")).content.decode()
    with django_assert_max_num_queries(3):  # the organisations in one query, whatever their number
        listing = client.get(index).content.decode()
    assert f'href="{page(org)}"' in listing and f'href="{page(other_org)}"' in listing
