"""The ASGI application (latu.asgi): HTTP through Django, WebSocket through Channels, and
the channel layer that lets app servers reach each other's connections."""

import os
import socket
import uuid
from urllib.parse import urlsplit

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator

from latu.core.tests.test_settings import setting


def test_channel_layer_is_redis_with_redis_url_and_memory_without(production_env):
    layer = setting(production_env, "settings.CHANNEL_LAYERS['default']")
    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert layer["CONFIG"]["hosts"] == ["redis://127.0.0.1:6379/9"]
    local = setting({"LATU_ENV": "local"}, "settings.CHANNEL_LAYERS['default']['BACKEND']")
    assert local == "channels.layers.InMemoryChannelLayer"


def test_static_files_are_hashed_in_production_and_precompressed_unless_turned_off(production_env):
    storage = "settings.STORAGES['staticfiles']['BACKEND']"
    assert setting(production_env, storage) == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert setting({**production_env, "STATIC_PRECOMPRESS": "0"}, storage) == (
        "django.contrib.staticfiles.storage.ManifestStaticFilesStorage")
    assert setting({"LATU_ENV": "local"}, storage) == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_http_goes_to_django():
    from latu.asgi import application

    scope = {"type": "http", "http_version": "1.1", "method": "GET", "path": "/livez/", "raw_path": b"/livez/",
             "query_string": b"", "scheme": "http", "headers": [(b"host", b"testserver")],
             "server": ("testserver", 80), "client": ("127.0.0.1", 50000)}

    async def get():
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(10)
        body = await communicator.receive_output(10)
        return start, body

    start, body = async_to_sync(get)()
    assert start["type"] == "http.response.start" and start["status"] == 200
    assert body["body"] == b"ok"


# The session middleware of the WebSocket stack may read the database (from a thread of its own).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("origin", "why"), [
    (b"http://testserver", "no consumer serves the path"),
    (b"http://evil.example.com", "the origin is not an allowed host"),
])
def test_a_websocket_nobody_serves_is_refused(origin, why):
    from latu.asgi import application

    scope = {"type": "websocket", "path": "/ws/nothing/", "raw_path": b"/ws/nothing/", "query_string": b"",
             "headers": [(b"host", b"testserver"), (b"origin", origin)], "subprotocols": [],
             "server": ("testserver", 80), "client": ("127.0.0.1", 50000)}

    async def connect():
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "websocket.connect"})
        answer = await communicator.receive_output(10)
        await communicator.wait(1)
        return answer

    assert async_to_sync(connect)()["type"] == "websocket.close", why


def test_the_redis_channel_layer_carries_messages_between_servers():
    """Two layers, as two app servers make them, share one Redis: a message sent through
    one arrives at a channel read through the other."""
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        pytest.skip("needs Redis (REDIS_URL)")
    parts = urlsplit(redis_url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=2).close()
    except OSError:
        pytest.skip("Redis is not reachable")
    from channels_redis.core import RedisChannelLayer

    prefix = f"latu-test-{uuid.uuid4().hex}"

    async def round_trip():
        server_a = RedisChannelLayer(hosts=[redis_url], prefix=prefix)
        server_b = RedisChannelLayer(hosts=[redis_url], prefix=prefix)
        channel = await server_b.new_channel()
        await server_b.group_add("game-1", channel)
        await server_a.group_send("game-1", {"type": "game.move", "square": 7})
        message = await server_b.receive(channel)
        await server_b.group_discard("game-1", channel)
        await server_a.flush()
        return message

    assert async_to_sync(round_trip)() == {"type": "game.move", "square": 7}
