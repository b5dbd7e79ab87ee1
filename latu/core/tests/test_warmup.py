"""Web and worker processes load at start-up what their first request or task would:
the URL configuration with every view, the cache's Redis client and the morphology."""

import json

from latu.core.tests.test_settings import run

WATCHED = ["latu.urls", "latu.ideas.views", "redis", "libvoikko"]
REPORT = f"print(json.dumps(sorted(m for m in {WATCHED!r} if m in sys.modules)))"


def loaded(env: dict[str, str], code: str) -> list[str]:
    result = run(["-c", f"import json, sys; {code}; {REPORT}"], {"LATU_MORPHOLOGY": "libvoikko", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def command(name: str) -> str:
    """Run ``latu <name>`` with Django's command runner replaced by nothing."""
    return ("import django.core.management as management; management.execute_from_command_line = lambda argv: None; "
            f"sys.argv = ['latu', {name!r}]; from latu.cli import main; main()")


def test_a_web_process_loads_it_all_at_start(production_env):
    assert loaded(production_env, "import latu.wsgi") == sorted(WATCHED)
    assert loaded(production_env, "import latu.asgi") == sorted(WATCHED)
    # Without the warm-up, setting Django up loads none of it.
    assert loaded({"DJANGO_SETTINGS_MODULE": "latu.settings", **production_env}, "import django; django.setup()") == []


def test_the_task_worker_loads_it_all_at_start_and_other_commands_do_not(production_env):
    assert loaded(production_env, command("db_worker")) == sorted(WATCHED)
    assert loaded(production_env, command("worker")) == sorted(WATCHED)  # latu worker, the one deployed
    assert loaded(production_env, command("migrate")) == []
