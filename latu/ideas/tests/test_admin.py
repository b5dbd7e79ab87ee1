"""The Django admin shows ideas to the maintainers read-only; criteria and forums can be set up."""

from allauth.mfa.models import Authenticator

from latu.organisations.factories import UserFactory


def test_ideas_are_read_only_in_the_admin(client, make_idea, org):
    idea = make_idea(title="Ylläpidon näkymä", is_anonymous=True)
    admin = UserFactory(email="root@latu.example.fi", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    assert "Ylläpidon näkymä" in client.get("/django-admin/ideas/idea/").content.decode()
    page = client.get(f"/django-admin/ideas/idea/{idea.pk}/change/")
    assert page.status_code == 200 and b"receipt_hash" not in page.content
    assert client.get("/django-admin/ideas/idea/add/").status_code == 403
    assert client.post(f"/django-admin/ideas/idea/{idea.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/django-admin/ideas/criterion/add/").status_code == 200
