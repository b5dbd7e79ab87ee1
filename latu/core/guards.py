"""Input every request is checked for before any view sees it, so that bad input is a
clean 400 with a clear message, never a 500 from the depths (the database refuses NUL
characters, Python's JSON parser overflows its stack on deep nesting):

- NUL characters in the query string, in form fields or anywhere in a JSON body;
- JSON nested deeper than ``LATU_MAX_JSON_DEPTH`` (32) levels.

Uploaded files are not looked into (a file may contain NUL bytes); their names are.
API requests (``/api/``) get a JSON body ``{"detail": ...}``, pages the 400 page.
"""

import json
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.shortcuts import render
from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 32
_OPENERS = re.compile(rb"[\[{]")


def max_json_depth() -> int:
    return int(getattr(settings, "LATU_MAX_JSON_DEPTH", MAX_JSON_DEPTH))


def has_nul(value: object) -> bool:
    """Is there a NUL character in a string, or in any string (key or value) of a
    structure of dicts and lists?"""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Is JSON text nested deeper than ``limit``? Counts brackets outside strings,
    without parsing (a parser is what deep nesting breaks)."""
    if len(_OPENERS.findall(body, 0, len(body))) <= limit:
        return False  # not enough brackets to be that deep
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _is_json(request: HttpRequest) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


def problem(request: HttpRequest) -> str | None:
    """What is wrong with the request's input, or None."""
    if any(has_nul(key) or has_nul(values) for key, values in request.GET.lists()):
        return _("The request contains a NUL character, which is not allowed in any field.")
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if _is_json(request):
        try:
            body = request.body
        except RawPostDataException:  # pragma: no cover - read before us
            return None
        if json_depth_exceeds(body, max_json_depth()):
            return _("The JSON is nested too deeply (at most %(depth)d levels).") % {"depth": max_json_depth()}
        if b"\x00" in body or (b"\\u0000" in body and _json_has_nul(body)):
            return _("The request contains a NUL character, which is not allowed in any field.")
        return None
    if request.META.get("CONTENT_TYPE", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = request.POST
        names = [f.name for files in request.FILES.lists() for f in files[1]]
        if any(has_nul(key) or has_nul(values) for key, values in form.lists()) or has_nul(names):
            return _("The request contains a NUL character, which is not allowed in any field.")
    return None


def _json_has_nul(body: bytes) -> bool:
    try:
        return has_nul(json.loads(body))
    except (ValueError, RecursionError):
        return False  # not JSON: the parser of the view says so


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        message = problem(request)
        if message is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
