"""Spelling: the real words a "Mente du" may offer, from the indexed titles and terms and from past searches
that found something.

Words are compared folded (so "boligstoette" and "boligstøtte" are one word) but always offered as written
("boligstøtte", never the analysis form "boligstoette"). Corrections work on whole words, not stems: a typo
can change what the stemmer cuts off ("flytnnig" → "flytn"), while the word stays close to "flytning".
"""

import datetime
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .analysis import fold, stem, stop_words, typed_words

logger = logging.getLogger(__name__)

TTL = 300  # seconds a process keeps its vocabulary (also rebuilt when the projection's generation changes)
PAST_WEEKS = 12  # successful searches of the last weeks count as words people use
MIN_LENGTH = 3
MAX_COMPOUND = 60  # letters: Danish's longest words are about 50; every split point of a longer one is stemmed
MAX_PAST_QUERIES = 5000


class Vocabulary:
    """The words of one process. A small projection is read again when it changed, before the search that needs
    it; a large one (more than SEARCH_SPELLING_BACKGROUND_ABOVE documents: reading every body costs about 28 s at
    100,000) is read by a background thread at most every TTL, and searches meanwhile use the words they have
    (none at all just after a start: no "Mente du" for that while)."""

    def __init__(self):
        self._loaded_at = 0.0
        self._generation = None
        self._background = False
        self._building = threading.Lock()
        self._thread: threading.Thread | None = None
        self.written: dict[str, str] = {}  # folded word -> the form most often written
        self.known: set[str] = set()  # every folded word of the content
        self.known_stems: set[str] = set()  # the stems of the Danish content's words ("solceller" → "solcel")
        self.past_queries: list[str] = []  # successful searches as typed, most frequent first
        self._by_first: dict[str, list[str]] = {}
        self._weight: Counter = Counter()

    def refresh(self, generation) -> None:
        # Reloaded when the content changed (the projection's generation) or after TTL (new past searches).
        since = time.monotonic() - self._loaded_at
        if since < TTL and (generation == self._generation or self._background):
            return
        if self._building.locked():
            return  # a background read is under way: the words so far serve meanwhile
        if not self._background:
            from .models import SearchDocument

            self._background = SearchDocument.objects.count() > settings.SEARCH_SPELLING_BACKGROUND_ABOVE
        if not self._background:
            self._load(generation)
            return
        self._thread = threading.Thread(target=self._load_in_background, args=(generation,), daemon=True,
                                        name="spelling-vocabulary")
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until a background read has finished (tests)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _load_in_background(self, generation) -> None:
        if not self._building.acquire(blocking=False):
            return
        try:
            self._load(generation)
        except Exception:  # noqa: BLE001 - searches go on with the words they have; tried again after TTL
            logger.warning("spelling vocabulary could not be read; tried again in %s s", TTL, exc_info=True)
            self._loaded_at = time.monotonic()
        finally:
            self._building.release()
            connection.close()  # this thread's own connection

    def _load(self, generation) -> None:
        from .models import QueryStat, SearchDocument

        forms: dict[str, Counter] = {}

        def add(text: str, language: str, weight: int) -> None:
            stops = stop_words(language)
            for word in typed_words(text):
                folded = fold(word)
                if len(folded) < MIN_LENGTH or word.isdigit() or folded in stops:
                    continue
                forms.setdefault(folded, Counter())[word] += weight

        known: set[str] = set()
        danish: set[str] = set()  # Danish compounds split into Danish words only
        rows = SearchDocument.objects.values_list("title", "summary", "keywords", "body", "language")
        for title, summary, keywords, body, language in rows.iterator(chunk_size=2000):
            add(title, language, 3)
            add(summary, language, 1)
            add(keywords, language, 1)
            # Words of the body are known (never "corrected"), but offered only when a title or summary has them.
            stops = stop_words(language)
            words = {folded for word in typed_words(f"{title} {summary} {keywords} {body}")
                     if (folded := fold(word)) not in stops}
            known |= words
            if language == "da":
                danish |= words
        since = timezone.localdate() - datetime.timedelta(weeks=PAST_WEEKS)
        queries: Counter = Counter()
        for query, searches, zero in QueryStat.objects.filter(week__gte=since).values_list(
            "query", "searches", "zero_results"
        ):
            if searches > zero:  # found something at least once
                add(query, "da", searches - zero)
                queries[query] += searches - zero
        self.past_queries = [query for query, _ in queries.most_common(MAX_PAST_QUERIES)]
        self.written = {folded: counter.most_common(1)[0][0] for folded, counter in forms.items()}
        self.known = known | set(self.written)
        self.known_stems = {stem(word) for word in danish if len(word) >= MIN_LENGTH}
        self._weight = Counter({folded: sum(counter.values()) for folded, counter in forms.items()})
        self._by_first = {}
        for folded in self.written:
            self._by_first.setdefault(folded[0], []).append(folded)
        self._generation, self._loaded_at = generation, time.monotonic()

    def knows(self, word: str) -> bool:
        return fold(word) in self.known

    def closest(self, word: str, n: int = 2, allowed: int | None = None) -> list[str]:
        """The written forms of the offered words closest to an unknown ``word`` (fewest edits, then the most
        used); [] for a known or short word. Edits allowed as OpenSearch's fuzziness AUTO: one up to 5 letters,
        two beyond ("fornyelse" is not "forbindelse")."""
        folded = fold(word)
        if len(folded) < 4 or folded in self.known:
            return []
        allowed = min(allowed or 2, 1 if len(folded) <= 5 else 2)
        pool = [w for w in self._by_first.get(folded[0], []) if abs(len(w) - len(folded)) <= allowed]
        scored = sorted(
            (distance, -self._weight[w], w)
            for w in pool
            if (distance := edit_distance(folded, w, allowed)) <= allowed
        )
        return [self.written[w] for _, _, w in scored][:n]

    def completions(self, typed: str, n: int) -> list[str]:
        """Past successful searches that start with what is typed (compared folded), most frequent first."""
        start = fold(" ".join(typed.split()))
        if len(start) < 2:
            return []
        return [q for q in self.past_queries if fold(q).startswith(start) and fold(q) != start][:n]

    def _is_word(self, part: str) -> bool:
        folded = fold(part)
        if len(folded) < 3 or folded in stop_words("da") or folded in stop_words("en"):
            return False
        return stem(folded) in self.known_stems

    def split(self, word: str) -> list[str]:
        """An unknown Danish compound as two known words ("solcelleanlæg" → "solcelle", "anlæg"; the linking
        s of "affaldssortering" dropped), the most even split first, the second part at least 4 letters; []
        when there is none."""
        if not 7 <= len(word) <= MAX_COMPOUND or self.knows(word):
            return []
        best = None
        for i in range(3, len(word) - 3):
            left, right = word[:i], word[i:]
            for head in (left, left[:-1] if left[-1] in "se" and len(left) > 3 else ""):
                if head and self._is_word(head) and self._is_word(right):
                    evenness = min(len(head), len(right))
                    if best is None or evenness > best[0]:
                        best = (evenness, head, right)
        return [best[1], best[2]] if best else []

    def written_form(self, word: str) -> str:
        """``word`` as the content writes it ("boligstoette" → "boligstøtte"), or ``word`` when unknown."""
        return self.written.get(fold(word), word)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit), or limit + 1 when above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


vocabulary = Vocabulary()


def _generation():
    from .indexing.database_sink import generation

    return generation()


def current() -> Vocabulary:
    vocabulary.refresh(_generation())
    return vocabulary


def corrected_text(typed: list[str]) -> str:
    """The searcher's words with each unknown one replaced by the closest known word as written; "" when
    nothing was corrected."""
    words = current()
    out = []
    for word in typed:
        if " " in word:
            out.append(word)
            continue
        # One letter off first ("hjemmehjælpe"), then a compound of known words ("boligsalg" is "bolig salg"),
        # then two letters off.
        near = words.closest(word, n=1, allowed=1)
        parts = [] if near else words.split(word.lower())
        far = [] if near or parts else words.closest(word, n=1)
        out.append(near[0] if near else " ".join(parts) if parts else far[0] if far else word)
    text = " ".join(out)
    return "" if fold(text) == fold(" ".join(typed)) else text
