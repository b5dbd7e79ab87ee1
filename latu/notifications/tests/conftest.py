import pytest

from latu.notifications.models import Preference


@pytest.fixture
def prefer():
    """``prefer(person, category, email=..., in_app=...)`` sets one preference."""

    def set_preference(person, category, *, email="digest", in_app=True):
        Preference.objects.update_or_create(user=person, category=category,
                                            defaults={"email": email, "in_app": in_app})

    return set_preference
