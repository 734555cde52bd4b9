"""Keeping credentials out of everything opctl prints, whatever the server echoes back.

One ``Redactor`` per connection holds every form a credential can take in text: the token with and
without its scheme (``Bearer``/``Basic`` in any case), the ``user:password`` and password inside a
Basic credential, secret ``-H`` header values, and each of those as JSON-escaped and percent-encoded
text (a server may echo them inside a JSON string or a URL). Matching ignores case. Redaction is
applied to complete texts before any truncation (``redact_bounded`` cuts the tail that might hold a
partial secret), and to every string of a decoded server answer (``scrub``), so messages, log lines
and objects printed as ``-o json`` never carry one.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

REDACTED = "<redacted>"
# An Authorization value: a scheme word, then the credential (as HTTP, RFC 9110 §11.4).
_SCHEME = re.compile(r"^(bearer|basic)\s+(.+)$", re.IGNORECASE | re.DOTALL)


def credential_of(value: str) -> str:
    """The credential of an Authorization value, without its scheme word (any case)."""
    match = _SCHEME.match(value.strip())
    return match.group(2).strip() if match else value.strip()


def _basic_parts(credential: str) -> list[str]:
    """``user:password`` and ``password`` inside a Basic credential (a server may echo them decoded)."""
    try:
        decoded = base64.b64decode(credential, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return []
    parts = [decoded]
    if ":" in decoded:
        parts.append(decoded.split(":", 1)[1])
    return [p for p in parts if len(p) >= 4]


def secret_forms(values: Iterable[str]) -> tuple[str, ...]:
    """Every text form of ``values`` (header values or tokens) that must never be printed."""
    forms: set[str] = set()
    for value in values:
        value = value.strip()
        if not value:
            continue
        credential = credential_of(value)
        base = {value, credential, *_basic_parts(credential)}
        for item in base:
            if not item:
                continue
            forms.add(item)
            forms.add(json.dumps(item, ensure_ascii=True)[1:-1])
            forms.add(json.dumps(item, ensure_ascii=False)[1:-1])
            forms.add(quote(item, safe=""))
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


class Redactor:
    """Replaces every secret form in a text by ``<redacted>``; case-insensitive; linear in the text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.forms = secret_forms(secrets)
        self.longest = max((len(f) for f in self.forms), default=0)
        self._pattern = (
            re.compile("|".join(re.escape(f) for f in self.forms), re.IGNORECASE) if self.forms else None
        )
        self._lowered = tuple({f.lower() for f in self.forms})

    def _holds_secret(self, text: str) -> bool:
        """Whether ``text`` may hold a secret: substring searches on the lower-cased text, far faster
        than the regular expression's alternation on large answers; the expression does the work."""
        lowered = text.lower()
        return any(form in lowered for form in self._lowered)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def text(self, text: str) -> str:
        if self._pattern is None or not text or not self._holds_secret(text):
            return text
        return self._pattern.sub(REDACTED, text)

    def bounded(self, text: str, limit: int) -> str:
        """Redact the whole ``text``, then keep at most ``limit`` characters (``…`` when cut)."""
        cleaned = self.text(text)
        return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"

    def prefix(self, text: str, complete: bool) -> str:
        """Redact a text that may be only the start of a longer one (``complete`` False): its last
        characters could hold the beginning of a secret, so they are dropped."""
        cleaned = self.text(text)
        if complete or not self.longest:
            return cleaned
        return cleaned[: max(0, len(cleaned) - self.longest)]

    def scrub(self, value: Any) -> Any:
        """``value`` (decoded JSON) with every string and key redacted. One search over its JSON text
        first (C-speed: a 20 MB workflow in a fraction of a second); only an answer that holds a
        secret is walked (the JSON-escaped forms cover strings that need escaping)."""
        if self._pattern is None:
            return value
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):
            return self._scrub(value)
        if not self._holds_secret(text):
            return value
        return self._scrub(value)

    def _scrub(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(k) if isinstance(k, str) else k: self._scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._scrub(v) for v in value]
        return value


NO_REDACTION = Redactor(())
