"""Passphrase rules: length, any Unicode, no composition rules, and a list of refused words.

Passphrases are compared in NFKC form, so the same text typed on different keyboards is the same
passphrase. The refused list (``blocked_passphrases.txt``) holds common passwords, keyboard walks
and words about this program; a person's own name and email count as refused too. Leetspeak is
undone first ("P@ssw0rd" is "password"), and the whole passphrase is looked up in a list of
well-known breached passwords shipped with the package (``breached_passwords.txt.gz``, made by
``tools/breached_passwords.py``; NIST SP 800-63B 5.1.1.2).
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import cache
from importlib import resources

from jobs.errors import InvalidInput

MIN_LENGTH = 15
MAX_LENGTH = 256
# What must remain once refused words are taken out.
MIN_LEFT = 8
REFUSED_MESSAGE = (
    "choose another passphrase: this one is mostly common words, a keyboard pattern, words "
    "about this program or your own name. A few unrelated words of your own work well"
)

BREACHED_MESSAGE = (
    "choose another passphrase: this one is on a list of passwords known from data breaches, "
    "so it is among the first an attacker tries. A few unrelated words of your own work well"
)


def normalise(passphrase: str) -> str:
    """The NFKC form every passphrase is hashed and checked in."""
    return unicodedata.normalize("NFKC", passphrase)


def _letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


# Leetspeak: the symbols and digits people put for letters.
_LEET = str.maketrans(
    {
        "4": "a",
        "@": "a",
        "8": "b",
        "(": "c",
        "3": "e",
        "6": "g",
        "9": "g",
        "#": "h",
        "1": "i",
        "!": "i",
        "|": "l",
        "0": "o",
        "5": "s",
        "$": "s",
        "7": "t",
        "+": "t",
        "2": "z",
    }
)


def forms(passphrase: str) -> set[str]:
    """The forms a passphrase is checked in: letters and digits; with leetspeak undone; and with
    it undone except for trailing digits ("P@ssw0rd2024" is "password2024")."""
    text = unicodedata.normalize("NFKC", passphrase).casefold().strip()
    tail = text[len(text.rstrip("0123456789")) :]
    head = text[: len(text) - len(tail)]
    return {_letters(text), _letters(text.translate(_LEET)), _letters(head.translate(_LEET)) + tail}


@cache
def _breached() -> bytes:
    packed = (resources.files("jobs.services") / "breached_passwords.txt.gz").read_bytes()
    return b"\n" + gzip.decompress(packed)


def is_breached(passphrase: str) -> bool:
    """True when the passphrase, in any of its ``forms``, is on the breached-password list."""
    blob = _breached()
    return any(b"\n" + form.encode() + b"\n" in blob for form in forms(passphrase) if form)


@cache
def refused_words() -> tuple[str, ...]:
    """The refused list, as letters and digits only, longest first."""
    text = (resources.files("jobs.services") / "blocked_passphrases.txt").read_text("utf-8")
    words = {_letters(line) for line in text.splitlines() if line and not line.startswith("#")}
    return tuple(sorted((w for w in words if w), key=lambda w: (-len(w), w)))


# Rows and columns of the common keyboards; any 4 or more keys in a row along one is a "walk".
_WALKS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "azertyuiop",
    "qwertzuiop",
    "1q2w3e4r5t6y7u8i9o0p",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "abcdefghijklmnopqrstuvwxyz",
)


@cache
def _walk_pieces() -> frozenset[str]:
    pieces: set[str] = set()
    for walk in _WALKS:
        for line in (walk, walk[::-1]):
            for size in range(4, len(line) + 1):
                pieces.update(line[i : i + size] for i in range(len(line) - size + 1))
    return frozenset(pieces)


def _without_walks(text: str) -> str:
    pieces, kept, i = _walk_pieces(), [], 0
    while i < len(text):
        size = next((n for n in range(len(text) - i, 3, -1) if text[i : i + n] in pieces), 0)
        if size:
            i += size
        else:
            kept.append(text[i])
            i += 1
    return "".join(kept)


def _personal_words(email: str, name: str) -> list[str]:
    local, _, domain = email.partition("@")
    parts = [local, *domain.split("."), name, *name.split(), *local.replace("_", ".").split(".")]
    return [w for w in (_letters(p) for p in parts) if len(w) >= 3]


def _without(text: str, words: list[str] | tuple[str, ...]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def check_passphrase(passphrase: str, *, email: str = "", name: str = "") -> None:
    """Raise InvalidInput (saying what to do) unless ``passphrase`` may be used."""
    text = normalise(passphrase)
    if len(text) < MIN_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_LENGTH} characters")
    if len(text) > MAX_LENGTH:
        raise InvalidInput(f"password must be at most {MAX_LENGTH} characters")
    letters = _letters(text)
    personal = _personal_words(email, name)
    for form in forms(text):
        left = _without_walks(_without(_without(form, personal), refused_words()))
        if len(left) < MIN_LEFT or len(set(form)) < 5:
            raise InvalidInput(REFUSED_MESSAGE)
    if len(set(letters)) < 5:
        raise InvalidInput(REFUSED_MESSAGE)
    if is_breached(text):
        raise InvalidInput(BREACHED_MESSAGE)
