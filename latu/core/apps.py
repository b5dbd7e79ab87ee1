import importlib
import pkgutil

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "latu.core"
    label = "core"

    def ready(self) -> None:
        # Register every access policy (latu/access/<area>.py) once all models exist.
        import latu.access

        for module in pkgutil.iter_modules(latu.access.__path__):
            if module.name not in ("base", "drf"):
                importlib.import_module(f"latu.access.{module.name}")
