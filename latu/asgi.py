"""The ASGI application: HTTP through Django, WebSocket through Channels.

Run it with uvicorn (``uvicorn latu.asgi:application --workers N``, see docs/deploy.md).
WebSocket connections are routed by ``latu.routing.websocket_urlpatterns``; a path that
is not listed there is refused (403). Connections are accepted only with an ``Origin`` among
``ALLOWED_HOSTS`` and carry the signed-in person of the session cookie (``scope["user"]``).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "latu.settings")
django_application = get_asgi_application()  # sets Django up before the imports below

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs Django set up
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from latu.core.warmup import warm_up  # noqa: E402
from latu.routing import fallback_urlpatterns, websocket_urlpatterns  # noqa: E402

websocket_application = AuthMiddlewareStack(URLRouter([*websocket_urlpatterns, *fallback_urlpatterns]))
application = ProtocolTypeRouter({
    "http": django_application,
    "websocket": AllowedHostsOriginValidator(websocket_application),
})

warm_up()
