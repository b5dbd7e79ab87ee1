"""Django's PostgreSQL backend, with fewer health checks of persistent connections.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every
request that reuses a connection: a round trip on every page and API call, which
under load cost a submission about as much as its unit check and INSERT together.
Here a connection that answered within the last ``LATU_DB_HEALTH_CHECK_SECONDS``
(connected or checked then) is taken as alive. A database that went away within those
seconds fails one request per process; Django then closes that connection at the end
of the request, and the next request connects again, as without health checks."""

import time

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    _answered_at = float("-inf")  # time.monotonic() of the last connect or passed check

    def connect(self):
        super().connect()
        self._answered_at = time.monotonic()

    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        now = time.monotonic()
        if now - self._answered_at < settings.LATU_DB_HEALTH_CHECK_SECONDS:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
        if self.connection is not None:
            self._answered_at = now
