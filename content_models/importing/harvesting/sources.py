"""Reading a catalogue from a local file, standard input, or an http(s) / file:// URL.

URLs are fetched through cms/outbound.py (no loopback, private or other special addresses, checked again at
every connection and redirect); a file:// URL is read only when the operator allows it (``--allow-file``):
a URL may come from someone else, a path given on the command line does not.
"""

import http.client
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cms import outbound

MAX_BYTES = 20 * 1024 * 1024  # a whole national catalogue is a few MB; more is a wrong URL or a runaway server
TIMEOUT = 30  # seconds for connecting and for each read
USER_AGENT = "portal-harvest-standards/1"


class SourceError(Exception):
    """The catalogue could not be read; the message says what to do."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    name: str  # the path or URL, for messages and for guessing the format
    content_type: str = ""  # from HTTP, without parameters; "" for files


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would also follow a redirect to ftp://; a catalogue URL must stay on http(s).
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http(s) URL {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count} bytes"


def _too_large(name: str, max_bytes: int) -> SourceError:
    return SourceError(f"{name} is larger than the {_size(max_bytes)} allowed; "
                       "check that this is the catalogue, or split it")


def _read_capped(stream, name: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)  # one byte more tells "too large" from "exactly the limit"
    if len(data) > max_bytes:
        raise _too_large(name, max_bytes)
    return data


def read_file(path: str, max_bytes: int = MAX_BYTES) -> Fetched:
    if path == "-":
        return Fetched(_read_capped(sys.stdin.buffer, "standard input", max_bytes), "-")
    try:
        with open(path, "rb") as stream:
            return Fetched(_read_capped(stream, path, max_bytes), path)
    except IsADirectoryError:
        raise SourceError(f"cannot read {path}: it is a directory; give the catalogue file") from None
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}; check the path") from None


def read_url(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "application/x-ndjson, application/jsonl, text/csv;q=0.9, */*;q=0.1",
    })
    opener = outbound.urllib_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise _too_large(url, max_bytes)  # without downloading it
            data = _read_capped(response, url, max_bytes)
            if length and length.isdigit() and len(data) != int(length):
                # http.client returns a cut-off body without complaint; a partial catalogue must not be
                # harvested (with --withdraw-missing it would withdraw the rest).
                raise SourceError(f"cannot fetch {url}: the connection closed after {len(data)} of {length} "
                                  "bytes; try again later")
            content_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            return Fetched(data, url, content_type)
    except outbound.UnsafeURL as unsafe:
        raise SourceError(f"refusing to fetch {url}: {unsafe}; give a public address") from None
    except urllib.error.HTTPError as exc:
        raise SourceError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}; check the URL") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise SourceError(f"cannot fetch {url}: no answer within {timeout:g} s; try again later") from None
        detail = getattr(reason, "strerror", None) or reason
        raise SourceError(f"cannot reach {url}: {detail}; check the address and the network") from None
    except TimeoutError:  # while waiting for the response or the body
        raise SourceError(f"cannot fetch {url}: no answer within {timeout:g} s; try again later") from None
    except OSError as exc:  # connection reset mid-body, and the like
        raise SourceError(f"cannot fetch {url}: {exc.strerror or exc}; try again later") from None
    except http.client.HTTPException as exc:  # e.g. the body ended before its Content-Length
        raise SourceError(f"cannot fetch {url}: broken HTTP response ({type(exc).__name__}); "
                          "try again later") from None


def read_source(source: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
                allow_file: bool = False) -> Fetched:
    """The bytes of ``source``: a path, "-" (standard input), an http(s) URL or (``allow_file``) a file:// URL."""
    scheme = urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return read_url(source, timeout=timeout, max_bytes=max_bytes)
    if scheme == "file" and not allow_file:
        raise SourceError(f"refusing to read {source}: file:// URLs are read only with --allow-file; "
                          "pass it if you mean a file on this machine")
    if scheme == "file":
        path = urllib.request.url2pathname(urlsplit(source).path)
        fetched = read_file(path, max_bytes=max_bytes)
        return Fetched(fetched.data, source)
    if len(scheme) > 1:  # one letter is a Windows drive, not a scheme
        raise SourceError(f"cannot read {source}: unsupported URL scheme {scheme!r}; "
                          "give a file path or an http(s) URL")
    return read_file(source, max_bytes=max_bytes)


def suffix_of(name: str) -> str:
    """The file extension of a path or URL (without query string), lower case, e.g. ".csv"."""
    path = urlsplit(name).path if "://" in name else name
    return Path(path).suffix.lower()


FORMATS = ("jsonl", "csv")
_FORMAT_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv"}
_FORMAT_BY_TYPE = {
    "application/x-ndjson": "jsonl", "application/ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl", "application/json-lines": "jsonl", "application/json": "jsonl",
    "text/csv": "csv", "application/csv": "csv", "text/tab-separated-values": "csv",
}


def guess_format(fetched: Fetched) -> str:
    """"jsonl" or "csv": by the file extension, else the HTTP content type, else the first character."""
    by_suffix = _FORMAT_BY_SUFFIX.get(suffix_of(fetched.name))
    if by_suffix:
        return by_suffix
    by_type = _FORMAT_BY_TYPE.get(fetched.content_type)
    if by_type:
        return by_type
    start = fetched.data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"{"):
        return "jsonl"  # every import line is a JSON object
    if b"identifier" in start.split(b"\n", 1)[0].lower():
        return "csv"  # the header names the required columns
    raise SourceError(f"cannot tell whether {fetched.name} is JSON Lines or CSV; give --format jsonl or --format csv")
