"""Load at start-up what a web or worker process would otherwise load on first use.

Django loads the URL configuration (and with it every view module), the cache's Redis
client and, here, the Finnish analyser only when something first needs them. In a web
process that is the first request after each start; in the task worker it is the first
task, often in the middle of a burst of new ideas, when its second or more of CPU is
taken from the requests. ``latu.wsgi``, ``latu.asgi`` and ``latu db_worker`` call
:func:`warm_up` once Django is set up. Nothing here connects to a server.
"""

from django.core.cache import caches
from django.urls import get_resolver


def warm_up() -> None:
    get_resolver().reverse_dict  # noqa: B018 - imports the URL configuration and every view
    cache = caches["default"]
    if hasattr(cache, "prepare"):
        cache.prepare()  # latu.core.cache.RedisCache: imports redis-py, builds the client
    from latu.language import analyse

    # Loads the Finnish morphology (libvoikko), the stemmers and the word lists.
    for text, language in (("kotihoidon asiakaspalaute", "fi"), ("hemvårdens kunder", "sv"),
                           ("home care customers", "en")):
        analyse(text, language)
