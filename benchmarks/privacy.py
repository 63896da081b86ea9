"""Privacy guard benchmark: recall, false alarms and throughput on both labelled corpora."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from camau.practice.privacy import Finding, find_identifiers
from tests.practice.privacy_corpus import LABEL_KINDS, Score, score
from tests.practice.privacy_corpus_2026 import FULL_CORPUS as CORPUS

_BASE_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BASE_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", re.IGNORECASE)


def baseline(text: str, today: date | None = None) -> list[Finding]:
    """A trivial regex-only pass: e-mail addresses and postcodes, nothing else."""
    found = [Finding("email", m.span(), m[0]) for m in _BASE_EMAIL.finditer(text)]
    found += [Finding("postcode", m.span(), m[0]) for m in _BASE_POSTCODE.finditer(text)]
    return found


def throughput(find: Callable[[str, date], Sequence[Finding]], seconds: float = 1.0) -> float:
    """Sentences per second over repeated passes of the corpus."""
    texts = [sample.text for sample in CORPUS]
    today = date(2026, 11, 28)
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for text in texts:
            find(text, today)
        done += len(texts)
    return done / elapsed


def report(name: str, result: Score) -> None:
    """Print one finder's recall per kind and overall, precision and false alarms."""
    print(f"\n{name}")
    for kind in LABEL_KINDS:
        total = max(1, result.totals[kind])
        print(
            f"  recall {kind:<14} {result.hits[kind]:>3}/{total:<3} = {result.hits[kind] / total:.3f}"
        )
    print(f"  recall overall        {result.recall:.3f}")
    print(
        f"  false-alarm rate      {result.false_alarm_rate:.3f} "
        f"({result.false_alarm_sentences}/{result.clean_sentences} identifier-free sentences "
        "with any finding)"
    )
    print(
        f"  per-finding precision {result.precision:.3f} ({result.correct_findings}/{result.findings})"
    )


def main() -> int:
    """Score the guard and the baseline on the corpus and time both in this run."""
    langs = {lang: sum(s.lang == lang for s in CORPUS) for lang in ("cy", "en")}
    print(f"corpus: {len(CORPUS)} sentences (cy {langs['cy']}, en {langs['en']})")
    print("a label counts as found when a finding of the same kind overlaps its substring")
    guard = score(find_identifiers, CORPUS)
    report("privacy guard (find_identifiers)", guard)
    for kind, text, sentence in guard.misses:
        print(f"    missed {kind}: {text!r} in {sentence!r}")
    for kind, text, sentence in guard.false_findings:
        print(f"    false {kind}: {text!r} in {sentence!r}")
    report("baseline (e-mail + postcode regex only)", score(baseline, CORPUS))
    ours, base = throughput(find_identifiers), throughput(baseline)
    print(f"\nthroughput: guard {ours:,.0f} sentences/s, baseline {base:,.0f} sentences/s")
    print(f"ratio guard/baseline: {ours / base:.3f} ({base / ours:.1f}x slower than the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
