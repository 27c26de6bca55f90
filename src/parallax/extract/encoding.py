"""Turning raw bytes into text: reject binaries, detect the encoding, decode.

Russian- and Ukrainian-language outlets still publish in cp1251 and koi8-r, and old
Western pages in latin-1 or Windows' cp1252 (its curly quotes and dashes), so after UTF-8
(and its BOMs) we choose among exactly those with a test that is reliable for Cyrillic: a
wrong Cyrillic code page swaps letter case (koi8-r read as cp1251 comes out mostly in
capitals), so the right one is the one whose Cyrillic letters are mostly lower case, as
running text is.
"""

from __future__ import annotations

import re
import unicodedata

from parallax.errors import InputError

DEFAULT_MAX_BYTES = 20_000_000

# A text file may hold a few stray control bytes; calibrated so that UTF-16 without a
# BOM, images, archives and executables (which have many) are all refused.
MAX_CONTROL_SHARE = 0.01
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Unicode categories of the non-ASCII characters of Western running text: letters,
# punctuation (curly quotes, dashes, ellipsis, bullet, guillemets), the no-break space,
# currency, and symbols such as degree, copyright and one-half.
_TEXT_CATEGORIES = ("L", "P", "Zs", "Sc", "So", "No")
_BINARY_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b",
    b"\x7fELF", b"MZ", b"BZh", b"\xfd7zXZ", b"Rar!", b"7z\xbc\xaf",
)


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode ``data`` or raise ``InputError`` saying why it is not text.

    ``declared`` is an encoding named by the transport (an HTTP header); it is trusted
    only when the bytes actually decode with it.
    """
    if not data.strip():
        raise InputError(source, "empty input")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _strict(data, codec, source)
    if looks_binary(data):
        raise InputError(source, "binary content, not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec in (declared, _meta_charset(data)):
        if codec:
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    return _decode_single_byte(data, source)


def looks_binary(data: bytes) -> bool:
    """Bytes of an image, archive or program rather than text: a known file signature, or
    more control bytes than any text has."""
    return data.startswith(_BINARY_MAGIC) or _control_share(data) > MAX_CONTROL_SHARE


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(source, f"cannot decode as {codec}: {error.reason} at byte {error.start}") from None


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    return sum(byte in _CONTROL for byte in sample) / len(sample) if sample else 0.0


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _decode_single_byte(data: bytes, source: str) -> str:
    """Pick cp1251, koi8-r or latin-1 (as cp1252 where it decodes) for non-UTF-8 bytes."""
    high = [byte for byte in data if byte >= 0x80]
    cyrillic_candidates = []
    for codec in ("cp1251", "koi8-r"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
        # Running Cyrillic text: most high bytes are letters, most letters lower case, and
        # words are in one script (Latin-1 accents misread as Cyrillic sit inside Latin words).
        if len(letters) >= 0.8 * len(high) and _mixed_script_share(text) < 0.1:
            lower_share = sum(ch.islower() for ch in letters) / max(len(letters), 1)
            cyrillic_candidates.append((lower_share, codec, text))
    if cyrillic_candidates:
        lower_share, _, text = max(cyrillic_candidates)
        if lower_share >= 0.5:
            return text
    # cp1252 before latin-1: they agree on 0xA0-0xFF, and on 0x80-0x9F cp1252 has the curly
    # quotes and dashes Windows writes where latin-1 has C1 controls, which no text uses.
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise InputError(source, "cannot decode: not UTF-8, cp1251, koi8-r or latin-1 text")


def _mixed_script_share(text: str) -> float:
    cyrillic_words = re.findall(r"\w*[\u0400-\u04ff]\w*", text)
    mixed = [word for word in cyrillic_words if re.search(r"[A-Za-z]", word)]
    return len(mixed) / max(len(cyrillic_words), 1)


def _looks_like_text(text: str) -> bool:
    """cp1252 and latin-1 decode almost any bytes; accept the result only when its non-ASCII
    characters are printable and mostly letters or typography: in English news the curly
    quotes, dashes, ellipses and bullets are often the only ones."""
    high = [ch for ch in text if ord(ch) >= 0x80]
    if not high:
        return True
    if any("\x80" <= ch <= "\x9f" for ch in high):  # C1 controls: no text uses them
        return False
    textual = sum(unicodedata.category(ch).startswith(_TEXT_CATEGORIES) for ch in high)
    return textual >= 0.5 * len(high)
