import random
import string

import pytest

from latu.language import FuzzyIndex, deletion_keys, edit_distance, fuzzy_candidates, max_edits
from latu.language.fuzzy import PREFIX_LENGTH

VOCABULARY = [
    "kotihoito",
    "kotihoitaja",
    "varhaiskasvatus",
    "varhaiskasvattaja",
    "kirjasto",
    "kirjastoauto",
    "rekrytointi",
    "siivous",
    "palaute",
    "palautus",
    "koulu",
    "kuulu",
    "koti",
]


def test_max_edits_by_length():
    assert [max_edits(length) for length in (3, 4, 5, 8, 9, 20)] == [0, 0, 1, 1, 2, 2]


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("kotihoido", "kotihoito"),
        ("varhaiskasvtus", "varhaiskasvatus"),
        ("rekrytionti", "rekrytointi"),
        ("kirjstoauto", "kirjastoauto"),
        ("siivos", "siivous"),
        ("palaue", "palaute"),
    ],
)
def test_typos_find_the_intended_term(typo, expected):
    index = FuzzyIndex(VOCABULARY)
    assert fuzzy_candidates(typo, index)[0] == expected
    assert fuzzy_candidates(typo, VOCABULARY)[0] == expected


def test_short_terms_and_far_terms_are_not_matched():
    index = FuzzyIndex(VOCABULARY)
    assert fuzzy_candidates("kot", index) == []
    assert fuzzy_candidates("kotu", index) == []
    assert "koulu" not in fuzzy_candidates("kotihoito", index)
    assert fuzzy_candidates("kirjasto", index) == []


def test_candidates_are_sorted_nearest_first():
    assert fuzzy_candidates("palauts", VOCABULARY) == ["palaute", "palautus"]
    assert fuzzy_candidates("koulu", VOCABULARY) == ["kuulu"]


def test_deletion_keys():
    assert deletion_keys("koti") == {"koti", "oti", "kti", "koi", "kot"}
    assert deletion_keys("koti", 0) == {"koti"}
    keys = deletion_keys("varhaiskasvatus")
    assert all(len(key) >= PREFIX_LENGTH - 2 for key in keys)
    assert "varhaisk" in keys
    assert "" not in deletion_keys("ab", 2)


def test_key_lookup_function_is_called_with_keys():
    seen: list[list[str]] = []

    def lookup(keys):
        seen.append(list(keys))
        return ["kotihoito", "kirjasto"]

    assert fuzzy_candidates("kotihoido", lookup) == ["kotihoito"]
    assert seen and "kotihoid" in seen[0]


def test_edit_distance():
    assert edit_distance("kotihoito", "kotihoito", 2) == 0
    assert edit_distance("kotihoito", "kotihoido", 2) == 1
    assert edit_distance("rekrytointi", "rekrytionti", 2) == 1
    assert edit_distance("abc", "abcdef", 2) == 3
    assert edit_distance("", "ab", 2) == 2


def brute_force(term: str, vocabulary: list[str]) -> set[str]:
    allowed = max_edits(len(term))
    return {word for word in vocabulary if word != term and edit_distance(term, word, allowed) <= allowed}


def mutate(word: str, generator: random.Random) -> str:
    for _ in range(generator.randint(1, 2)):
        position = generator.randrange(len(word) + 1)
        operation = generator.choice("dist")
        letter = generator.choice("aeiklnost")
        if operation == "d" and position < len(word):
            word = word[:position] + word[position + 1 :]
        elif operation == "i":
            word = word[:position] + letter + word[position:]
        elif operation == "s" and position < len(word):
            word = word[:position] + letter + word[position + 1 :]
        elif position + 1 < len(word):
            word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word


def test_index_finds_exactly_what_a_full_scan_finds():
    generator = random.Random(7)
    vocabulary = list(
        {"".join(generator.choice("aeiklnost") for _ in range(generator.randint(3, 14))) for _ in range(800)}
    )
    index = FuzzyIndex(vocabulary)
    queries = [mutate(generator.choice(vocabulary), generator) for _ in range(250)]
    queries += ["".join(generator.choice(string.ascii_lowercase) for _ in range(9)) for _ in range(30)]
    matched = 0
    for query in queries:
        expected = brute_force(query, vocabulary)
        assert set(fuzzy_candidates(query, index, limit=10_000)) == expected, query
        matched += bool(expected)
    assert matched > 100
