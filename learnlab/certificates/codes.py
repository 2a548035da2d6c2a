"""The certificate identifier people type and scan: 80 random bits in base32, in groups of four.

80 bits cannot be guessed or walked through (there is no sequence to enumerate), and 16 letters
and digits in four groups (``K7QF-2MZP-XW4D-9...``) are short enough to read over a phone. The
alphabet is RFC 4648 base32 (A-Z, 2-7); what a person types is forgiven for case, spaces and
dashes, and for the digits 0, 1 and 8, which are not in the alphabet and read as O, I and B.
"""

from __future__ import annotations

import base64
import re
import secrets

BITS = 80
LENGTH = BITS // 5  # base32: 5 bits a character
GROUP = 4
_ALPHABET = re.compile(f"[A-Z2-7]{{{LENGTH}}}")
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(BITS // 8)).decode("ascii")
    return grouped(raw)


def grouped(plain: str) -> str:
    return "-".join(plain[i : i + GROUP] for i in range(0, len(plain), GROUP))


def normalise(typed: str) -> str | None:
    """The stored form of a typed identifier, or None when it cannot be one."""
    plain = re.sub(r"[\s\-]", "", typed[:64]).upper().translate(_LOOKALIKES)
    if not _ALPHABET.fullmatch(plain):
        return None
    return grouped(plain)
