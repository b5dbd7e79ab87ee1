"""Throughput of latu.language.analyse on documents of about 300 words.

Documents are built from the sentences of the search-quality corpus in random
order. The first pass starts with an empty word cache, so it pays for the
Voikko analysis of every new word form; the second pass analyses new documents
made of the same vocabulary, as a long-running process does once its cache
holds the common word forms.

Run: python bench/language_bench.py [documents] [words-per-document]
(LATU_MORPHOLOGY=libvoikko or pyvoikko chooses the engine; see latu/language/morphology.py)
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from latu.language import analyse, morphology  # noqa: E402
from latu.language.analysis import _analyse_word  # noqa: E402
from latu.language.tests.search_quality import DOCUMENTS  # noqa: E402


def make_documents(count: int, words: int, seed: int) -> list[str]:
    sentences = [
        sentence.strip()
        for text in DOCUMENTS.values()
        for sentence in re.split(r"(?<=[.!?])\s+", text)
        if sentence.strip()
    ]
    generator = random.Random(seed)
    documents = []
    for _ in range(count):
        parts: list[str] = []
        length = 0
        while length < words:
            sentence = generator.choice(sentences)
            parts.append(sentence)
            length += len(sentence.split())
        documents.append(" ".join(parts))
    return documents


def measure(documents: list[str]) -> tuple[float, int]:
    """CPU seconds spent analysing ``documents``, and the number of terms produced."""
    started = time.process_time()
    terms = sum(len(analyse(document)) for document in documents)
    return time.process_time() - started, terms


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    words = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    analyse("kotihoito")  # loads the transducer, which is not part of the throughput

    cold_docs = make_documents(count, words, seed=1)
    warm_docs = make_documents(count, words, seed=2)
    total_words = sum(len(document.split()) for document in cold_docs)

    cold_seconds, _ = measure(cold_docs)
    forms = _analyse_word.cache_info().currsize
    warm_seconds, terms = measure(warm_docs)

    print(f"{count} documents, {total_words / count:.0f} words each, {forms} distinct word forms")
    print(f"morphology engine: {morphology.engine().name}; times are CPU time of one process")
    print(
        f"cold cache: {count / cold_seconds:8.0f} docs/s  ({cold_seconds:.2f} s, "
        f"{1000 * cold_seconds / forms:.2f} ms per new word form at most)"
    )
    print(
        f"warm cache: {count / warm_seconds:8.0f} docs/s  ({warm_seconds:.2f} s, "
        f"{terms / count:.0f} terms per document)"
    )


if __name__ == "__main__":
    main()
