"""Every event kind that reaches people is in the notification registry, with its text
in every language: a kind missing from it would be shown as a generic "News about …"."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from latu.notifications import registry

SOURCE = Path(registry.__file__).resolve().parent.parent
EMITTERS = {"emit", "make_event"}


def _literals(node: ast.AST) -> list[str]:
    """The string constants an expression can evaluate to ("a" if x else "b" gives both)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _arguments_for(tree: ast.Module, function: str, parameter: str) -> list[str]:
    """The string constants passed as ``parameter`` to ``function`` in a module."""
    definition = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function), None)
    if definition is None:
        return []
    names = [a.arg for a in definition.args.posonlyargs + definition.args.args]
    index = names.index(parameter) if parameter in names else None
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n) == function):
        if index is not None and index < len(call.args):
            found += _literals(call.args[index])
        found += [v for k in call.keywords if k.arg == parameter for v in _literals(k.value)]
    return found


def emitted_kinds_with_recipients() -> dict[str, str]:
    """Kind → where it is emitted, for every emit()/make_event() call that names recipients.
    A kind passed in through a parameter of the enclosing function is looked up at that
    function's calls in the same module."""
    kinds: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                if _name(call) not in EMITTERS or not call.args:
                    continue
                if not any(k.arg == "recipients" for k in call.keywords):
                    continue
                kind = call.args[0]
                found = _literals(kind)
                if isinstance(kind, ast.Name):
                    found = _arguments_for(tree, function.name, kind.id)
                    assert found, f"{path.name}:{call.lineno}: cannot tell which kinds {function.name}() emits"
                for value in found:
                    kinds[value] = f"{path.relative_to(SOURCE.parent)}:{call.lineno}"
    return kinds


def test_the_scan_finds_the_kinds_it_should() -> None:
    kinds = emitted_kinds_with_recipients()
    # Literal, conditional and passed-through kinds are all found.
    assert {"idea.supported", "deed.published", "deed.returned", "award.nominated"} <= set(kinds)


def test_every_emitted_kind_with_recipients_is_registered() -> None:
    missing = {kind: where for kind, where in emitted_kinds_with_recipients().items() if kind not in registry.KINDS}
    assert missing == {}


@pytest.mark.parametrize("kind", sorted(registry.KINDS))
def test_every_registered_kind_is_translated(kind: str) -> None:
    spec = registry.KINDS[kind]
    for template in filter(None, (spec.message, spec.without_actor)):
        with translation.override("en"):
            english = str(template)
        for language in ("fi", "sv"):
            with translation.override(language):
                assert str(template) != english, (kind, language, english)
    message = registry.render_message(kind, actor_name="Eeva", title="Otsikko", organisation_name="Hollola",
                                      params={})
    assert "Otsikko" in message or "Hollola" in message
