"""Personal data in free text (search queries, log lines, comments): CPR-like numbers and e-mail addresses.

One definition, used by the log filter (cms/logging.py, whose ``redact`` is this one: also for feedback comments)
and the search statistics (search/analytics.py):

    from cms.personal_data import redact

    redact("cpr 01.01.90-1234 og jens@example.dk")   # "cpr [cpr] og [email]"

A CPR number is written in many ways, and all of them count: ``0101901234``, ``010190-1234``, ``010190 1234``,
``010190/1234``, ``010190–1234`` (any dash), ``010190 - 1234``, ``010190_1234``, ``01.01.90-1234``,
``01-01-90-1234``, ``01 01 90 1234``, ``01/01/1990-1234``, in full-width or other Unicode digits, and
percent-encoded in a URL (``q=010190%2F1234``, ``010190+-+1234``). The rule is the shape: six date digits
(together, or as three pairs with separators, the year possibly with its century), then four digits, with up to
five separator characters (any punctuation, space or ``_``; a ``%XX`` escape counts as one) before them (and
perhaps a space, dot or dash in their middle). The search statistics also drop the digits of any query holding
ten of them, whatever separates them. No date or modulus-11 check: what merely looks like a CPR number is masked.
"""

import re
import unicodedata

_SEPARATOR = r"(?:[^\w%]|_|%[0-9A-Fa-f]{2})"
CPR_LIKE = re.compile(
    rf"(?<![0-9])(?:[0-9]{{6}}|[0-9]{{2}}{_SEPARATOR}{{1,5}}[0-9]{{2}}{_SEPARATOR}{{1,5}}(?:[0-9]{{2}})?[0-9]{{2}})"
    rf"{_SEPARATOR}{{0,5}}[0-9]{{2}}(?:[ .\-]|%20|\+)?[0-9]{{2}}(?![0-9])"
)
# The local part starts where a run of its characters starts and is taken whole (possessive): a long run without
# an "@" (a query string of 10,000 "+") is read once, not once per start position (2 s of CPU per log line).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++(?:@|%40)[\w-]+(?:\.[\w-]+)+")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script (Arabic-Indic, full-width, ...)


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit as its ASCII digit, so that no script hides a number."""
    return _OTHER_DIGIT.sub(lambda match: str(unicodedata.digit(match.group())), text)


def redact(text: str) -> str:
    """``text`` with every CPR-like number replaced by ``[cpr]`` and every e-mail address by ``[email]``."""
    text = CPR_LIKE.sub("[cpr]", ascii_digits(text))
    return EMAIL.sub("[email]", text)
