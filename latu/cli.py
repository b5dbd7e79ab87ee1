"""The `latu` command: Django's management commands with Latu's settings."""

import os
import sys

# Long-running commands that load at start-up what their work will need (latu.core.warmup).
WARMED_UP = {"db_worker", "worker"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "latu.settings")
    from django.core.management import execute_from_command_line

    if WARMED_UP.intersection(sys.argv[1:2]):
        import django

        django.setup()
        from latu.core.warmup import warm_up

        warm_up()
    execute_from_command_line(["latu", *sys.argv[1:]])


if __name__ == "__main__":
    main()
