import pytest

from latu.ideas.factories import IdeaFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.LATU_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def make_idea(org):
    """``make_idea(title=..., **fields)`` → an indexed idea of Hollola."""

    def make(**fields):
        fields.setdefault("organisation", org)
        return IdeaFactory(**fields)

    return make
