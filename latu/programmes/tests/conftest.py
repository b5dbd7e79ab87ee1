import pytest

from latu.programmes.factories import ExpertFactory, ProviderFactory, ServiceFactory
from latu.programmes.models import Service


@pytest.fixture
def sparring(db) -> Service:
    return ServiceFactory(slug="sparraus")


@pytest.fixture
def training(sparring) -> Service:
    return ServiceFactory(programme=sparring.programme, slug="sisaiset-kehittajat", kind=Service.Kind.TRAINING,
                          name_fi="Sisäisten kehittäjien valmennus", name_sv="Träning för interna utvecklare",
                          price_euros=3000, min_days=3, max_days=3, min_participants=15, max_participants=50)


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Työelämä Oy", agreement="PA-2026-1")


@pytest.fixture
def expert(provider, db):
    from latu.organisations.factories import UserFactory

    user = UserFactory(email="sirpa@tyoelama.example.fi", name="Sirpa Sparraaja", is_expert=True)
    return ExpertFactory(provider=provider, slug="sirpa", name="Sirpa Sparraaja", user=user,
                         themes=",results,wellbeing,", regions=",paijat_hame,", languages=",fi,sv,",
                         methods=",coaching,lean,", delivery="both")


@pytest.fixture
def other_expert(provider):
    return ExpertFactory(provider=provider, slug="kimmo", name="Kimmo Kehittäjä", themes=",digital,",
                         regions=",uusimaa,", languages=",fi,", delivery="remote")
