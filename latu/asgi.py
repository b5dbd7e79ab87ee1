import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "latu.settings")
application = get_asgi_application()

from latu.core.warmup import warm_up  # noqa: E402 - needs Django set up

warm_up()
