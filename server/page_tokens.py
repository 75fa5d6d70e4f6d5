"""Opaque, signed page tokens (AIP-158): an offset bound to the request it continues.

A token from another request, or one a client edited, is refused rather than silently mis-paging.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json


class BadPageToken(ValueError):
    pass


def _fingerprint(request_parts: tuple) -> str:
    return hashlib.sha256(json.dumps(request_parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def encode(secret: str, offset: int, request_parts: tuple) -> str:
    payload = json.dumps({"o": offset, "r": _fingerprint(request_parts)}, separators=(",", ":")).encode()
    tag = hmac.new(secret.encode(), payload, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(tag + payload).decode().rstrip("=")


def decode(secret: str, token: str, request_parts: tuple) -> int:
    """The offset a token carries; BadPageToken if it is malformed, forged or from another request."""
    if not token:
        return 0
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        raise BadPageToken("page_token is not a token this service issued") from None
    tag, payload = raw[:12], raw[12:]
    expected = hmac.new(secret.encode(), payload, hashlib.sha256).digest()[:12]
    if len(raw) < 13 or not hmac.compare_digest(tag, expected):
        raise BadPageToken("page_token is not a token this service issued")
    data = json.loads(payload)
    if data.get("r") != _fingerprint(request_parts):
        raise BadPageToken("page_token belongs to a different request")
    offset = data.get("o")
    if not isinstance(offset, int) or offset < 0:
        raise BadPageToken("page_token is not a token this service issued")
    return offset
