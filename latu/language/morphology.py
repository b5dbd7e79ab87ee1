"""Finnish morphology: the Voikko analyses of one word, as compound parts.

Two engines run the same Voikko transducer and give the same raw output (the
transducer's analysis string, e.g. ``[Ln][Xp]koti[X]kot[Sn][Ny]i[Bh][Bc]…``), which
``parse`` below turns into compound parts:

- ``libvoikko``: the C library (Debian packages ``libvoikko1`` and ``voikko-fi``)
  through its ctypes binding. About 5 MB per process and ~20 µs per word. The
  production engine.
- ``pyvoikko``: the pure-Python port with native lookups (``kfst-rs``). Needs no
  system packages, but the transducer takes ~230 MB in every process.

``LATU_MORPHOLOGY`` chooses: ``libvoikko``, ``pyvoikko`` or ``auto`` (libvoikko when
its library and Finnish dictionary are installed, else pyvoikko). Production
settings default to ``libvoikko``, so a missing system package fails loudly there.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from typing import Protocol

# (word class, ((form, base form, class) per compound part), whether it is a participle)
Analysis = tuple[str, tuple[tuple[str, str, str], ...], bool]

ENGINES = ("auto", "libvoikko", "pyvoikko")

# Voikko's word-class tags ([L…]) by name.
_CLASSES = {
    "n": "nimisana",
    "l": "laatusana",
    "nl": "nimisana_laatusana",
    "h": "huudahdussana",
    "ee": "etunimi",
    "es": "sukunimi",
    "ep": "paikannimi",
    "em": "nimi",
    "t": "teonsana",
    "a": "lyhenne",
    "s": "seikkasana",
    "u": "lukusana",
    "ur": "lukusana",
    "r": "asemosana",
    "c": "sidesana",
    "d": "suhdesana",
    "k": "kieltosana",
    "p": "etuliite",
}
_PIECES = re.compile(r"(\[[^\]]*\])")


class _Engine(Protocol):
    name: str

    def raw(self, word: str) -> list[str]: ...


class _LibVoikko:
    name = "libvoikko"

    def __init__(self) -> None:
        import libvoikko

        self._voikko = libvoikko.Voikko("fi")
        # One handle per process; libvoikko handles must not be used by two threads at once.
        self._lock = threading.Lock()

    def raw(self, word: str) -> list[str]:
        with self._lock:
            found = self._voikko.analyze(word)
        return [analysis["FSTOUTPUT"] for analysis in found if analysis.get("FSTOUTPUT")]


class _PyVoikko:
    name = "pyvoikko"

    def __init__(self) -> None:
        import pyvoikko
        from kfst import TokenizationException

        self._fst = pyvoikko.VOIKKO_FST
        self._tokenization_error = TokenizationException

    def raw(self, word: str) -> list[str]:
        try:
            return [output for output, _weight in self._fst.lookup(word)]
        except self._tokenization_error:
            return []


def _configured() -> str:
    from django.conf import settings

    # Outside Django (a plain script) the environment variable alone decides.
    choice = settings.LATU_MORPHOLOGY if settings.configured else os.environ.get("LATU_MORPHOLOGY", "auto")
    if choice not in ENGINES:
        raise ValueError(f"LATU_MORPHOLOGY must be one of {', '.join(ENGINES)}, got {choice!r}")
    return choice


def _make(name: str) -> _Engine:
    if name == "libvoikko":
        return _LibVoikko()
    if name == "pyvoikko":
        return _PyVoikko()
    try:
        return _LibVoikko()
    except (ImportError, OSError, _voikko_error()):  # no C library or Finnish dictionary here
        return _PyVoikko()


def _voikko_error() -> type[Exception]:
    try:
        from libvoikko import VoikkoException
    except ImportError:
        return ImportError
    return VoikkoException


@lru_cache(maxsize=1)
def engine() -> _Engine:
    return _make(_configured())


def _part(pieces: list[str]) -> tuple[str, str, str]:
    """(surface form, base form, word class) of one compound part."""
    base = surface = pending = base_pending = ""
    in_base = in_skip = False
    word_class = ""
    for piece in pieces:
        if piece in ("[Xp]", "[Xj]"):
            in_base = True
            base += pending
            surface += pending
            pending = base_pending = ""
        elif piece in ("[Xr]", "[Xs]"):
            in_skip = True
        elif piece == "[X]":
            in_base = in_skip = False
        elif piece.startswith("["):
            if piece.startswith("[L"):
                word_class = _CLASSES.get(piece[2:-1], piece[2:-1])
        elif in_skip:
            continue
        elif in_base:
            base_pending += piece
        else:
            pending += piece
    base += base_pending
    surface += pending
    if not base:
        base = surface[:-1] if surface.endswith("-") else surface
    return surface, base, word_class


def parse(output: str) -> Analysis | None:
    """One analysis string of the transducer as (class, parts, participle)."""
    groups: list[list[str]] = [[]]
    for piece in _PIECES.split(output):
        if not piece:
            continue
        if piece == "[Bc]":
            groups.append([])
        else:
            groups[-1].append(piece)
    groups = [group for group in groups if any(piece.startswith("[L") for piece in group)]
    if not groups:
        return None
    parts = tuple(_part(group) for group in groups)
    word_class = parts[-1][2]
    participle = word_class == "laatusana" and groups[-1][0].startswith("[Lt]")
    return word_class, parts, participle


def analyses(word: str) -> list[Analysis]:
    """Voikko analyses of ``word`` (any case), simplified; [] for unknown words."""
    found = []
    for output in engine().raw(word):
        parsed = parse(output)
        if parsed is not None:
            found.append(parsed)
    return found
