import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "latu.settings")
application = get_wsgi_application()

from latu.core.warmup import warm_up  # noqa: E402 - needs Django set up

warm_up()
