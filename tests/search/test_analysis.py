"""Text analysis as searches and the spelling vocabulary's background thread use it at the same time."""

import threading

from search.analysis import fold, stem


def test_stemming_in_two_threads_at_once_gives_each_its_own_words():
    # A Snowball stemmer holds the word it works on; one shared by threads gave one thread's word (or an
    # IndexError) to the other. The cache is bypassed: every call stems.
    words = [f"{base}{n}erne" for n in range(3000) for base in ("bolig", "flytning")]
    expected = {word: stem.__wrapped__(word) for word in words}
    results, errors = {}, []

    def run(part):
        try:
            for _ in range(3):
                for word in part:
                    results[word] = stem.__wrapped__(word)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(words[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == expected


def test_folding_maps_danish_letters_and_strips_accents():
    assert fold("Rødovre Åbenrå Ærø") == "roedovre aabenraa aeroe"
    assert fold("Café Zürich") == "cafe zuerich"
    assert fold("MitID") == "mitid"
