"""Metadata for plain-text articles from a sidecar file next to them.

A ``.txt`` file holds a title and a text, nothing else: no outlet, no date. Loaded
bare, its outlet is the name of its folder (``raw``) and it has no date, so it drops
out of every timeline. A *sidecar* ``<name>.meta.json`` next to ``<name>.txt`` gives
what the text cannot::

    {"outlet": "apnews.com", "date": "2023-04-20",
     "url": "https://apnews.com/...", "title": "..."}

Recognised keys (all optional): ``outlet`` (or ``source``), ``date`` (or
``published``), ``url``, ``title``, ``author``, ``section``, ``dateline``. A value
given by the sidecar wins over what the text says (its first line as the title).
The sidecar belongs to its text file: a folder load does not read it as an article
of its own. A sidecar that is not a JSON object of strings stops that one article
(status ``rejected``) with a reason that names the sidecar and says what to fix.
Sidecars are read for files on disk, not for members of ``.zip`` archives.

Examples
--------
>>> import json, tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Title\\n\\nBody text here.", encoding="utf-8")
>>> _ = (d / "a.meta.json").write_text(json.dumps({"outlet": "apnews.com",
...                                                 "date": "2023-04-20"}))
>>> sidecar_of(d / "a.txt").name
'a.meta.json'
>>> read_sidecar(sidecar_of(d / "a.txt"))
{'source': 'apnews.com', 'published': '2023-04-20'}
>>> is_sidecar("a.meta.json", {"a.txt", "a.meta.json"}), is_sidecar("b.meta.json", {"a.txt"})
(True, False)
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

__all__ = ["SIDECAR_SUFFIX", "SidecarError", "is_sidecar", "read_sidecar", "sidecar_of"]

#: The sidecar of ``name.txt`` is ``name`` + this suffix.
SIDECAR_SUFFIX = ".meta.json"
_TEXT_SUFFIXES = (".txt", ".text")
#: Sidecar key -> article field.
_KEYS = {
    "outlet": "source",
    "source": "source",
    "date": "published",
    "published": "published",
    "url": "url",
    "title": "title",
    "author": "author",
    "section": "section",
    "dateline": "dateline",
}


class SidecarError(ValueError):
    """A sidecar that cannot be used; the message names it and says what to fix."""


def sidecar_of(path: Path) -> Path | None:
    """The sidecar of the text file ``path``, or None when it has none."""
    candidate = path.with_name(path.stem + SIDECAR_SUFFIX)
    return candidate if candidate.is_file() else None


def is_sidecar(name: str, names_in_folder: Collection[str]) -> bool:
    """True if ``name`` is the sidecar of a text file among ``names_in_folder``."""
    if not name.lower().endswith(SIDECAR_SUFFIX):
        return False
    stem = name[: -len(SIDECAR_SUFFIX)]
    return any(stem + suffix in names_in_folder for suffix in _TEXT_SUFFIXES)


def read_sidecar(path: Path) -> dict[str, str]:
    """The article fields a sidecar gives, e.g. ``{"source": ..., "published": ...}``.

    Raises
    ------
    SidecarError
        The file is not UTF-8 JSON, not an object, or has a key it does not know or a
        value that is not a string.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SidecarError(
            f"{path.name}: the metadata sidecar cannot be read ({err}); make it a UTF-8 "
            'JSON object such as {"outlet": "apnews.com", "date": "2023-04-20"}, or '
            "remove it."
        ) from None
    if not isinstance(data, dict):
        raise SidecarError(
            f"{path.name}: the metadata sidecar is a JSON {type(data).__name__}, not an "
            'object; write it as {"outlet": ..., "date": ..., "url": ..., "title": ...}.'
        )
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise SidecarError(
            f"{path.name}: unknown key(s) {', '.join(map(repr, unknown))} in the metadata "
            f"sidecar; use {', '.join(sorted(_KEYS))}."
        )
    fields = {}
    for key, value in data.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise SidecarError(
                f"{path.name}: {key!r} is a {type(value).__name__} in the metadata sidecar; "
                'write it as a string, e.g. "2023-04-20".'
            )
        fields[_KEYS[key]] = value
    return fields
