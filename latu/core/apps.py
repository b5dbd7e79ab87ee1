import importlib
import pkgutil

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "latu.core"
    label = "core"

    def ready(self) -> None:
        # ``__any_of`` for every field; every access policy (latu/access/<area>.py) once all
        # models exist.
        import latu.access
        import latu.core.lookups  # noqa: F401

        for module in pkgutil.iter_modules(latu.access.__path__):
            if module.name not in ("base", "drf"):
                importlib.import_module(f"latu.access.{module.name}")
