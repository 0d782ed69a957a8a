"""Whatever words a case gives, a look-up answers (a code, candidates or none) and never raises: the
readings that split a name (its cause, its history, its site, its leading words) meet names that are
only their joining words ("due to cytomegalovirus", once an internal error of the whole case)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from fhirconv.terminology import match
from tests.terminology.known import strings

ROOT = Path(__file__).resolve().parents[2]
# Words the readings split names at, said before or after a clinical name, or alone.
JOINS = ("due to", "secondary to", "caused by", "history of", "family history of", "status post", "of", "with",
         "without", "and", "in", "on the", "left", "bilateral", "no", "type", "stage", "induced", "-induced",
         "bleeding", "bleed", "(", ")", "/", ",", "-", "'s", "%", "1st", "Mobitz", "AV")
KINDS = ("condition", "finding", "observation", "procedure", "medication", "body-site", "substance")


def _names() -> list[str]:
    """The short strings of the samples: the names a case gives, and some other words."""
    found: set[str] = set()
    for path in sorted((ROOT / "samples").glob("*.yaml")):
        found.update(s for s in strings(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
                     if 2 < len(s) < 50 and "\n" not in s)
    return sorted(found)[::8]


@pytest.mark.parametrize("join", JOINS)
def test_a_look_up_of_any_words_never_raises(join: str) -> None:
    names = _names()
    assert len(names) > 50
    for name in names:
        for words in (f"{join} {name}", f"{name} {join}", f"{join}{name}", join):
            for kind in KINDS:
                found = match(kind, words)  # raises on a defect
                assert found.status in ("found", "ambiguous", "none"), (kind, words, found.status)
