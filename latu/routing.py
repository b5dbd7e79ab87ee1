"""WebSocket routes (``latu.asgi``), the counterpart of ``latu.urls`` for Channels.

Each app adds its consumers here under ``ws/``, e.g.
``path("ws/game/<int:pk>/", GameConsumer.as_asgi())``. Consumers talk to each other through
the channel layer (``CHANNEL_LAYERS``: Redis in production), so a message sent by one app
server reaches connections held by any other.
"""

from channels.generic.websocket import WebsocketConsumer
from django.urls import URLPattern, re_path


class NoSuchSocket(WebsocketConsumer):
    """Refuses a connection to a path no consumer serves: the handshake is answered with
    403, as an unknown page is with 404, instead of an error."""

    def connect(self) -> None:
        self.close()


websocket_urlpatterns: list[URLPattern] = []

# Last: whatever the routes above do not take.
fallback_urlpatterns: list[URLPattern] = [re_path(r"", NoSuchSocket.as_asgi())]
