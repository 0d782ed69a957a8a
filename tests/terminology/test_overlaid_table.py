"""A terms file's table is the built-in one with the user's concepts laid on top: the same concepts
and indexes as rebuilding every index from the merged list (what :func:`merge` defines), made by
changing only the users' positions."""

from __future__ import annotations

import pytest

from fhirconv.terminology.matching import LOINC, _test_key
from fhirconv.terminology.normalize import normalize
from fhirconv.terminology.tables import Coding, KnownConcept, Table, builtin_table, merge, overlaid

SCT = "http://snomed.info/sct"


def _user(kind: str, term: str, system: str, code: str, display: str, unit: str = "",
          aliases: tuple[str, ...] = ()) -> KnownConcept:
    return KnownConcept(kind, term, (Coding(system, code, display, "test terms"),), unit, aliases,
                        "terms.csv:2", True)


CASES = {
    "a new concept": [_user("condition", "pancreatic beta-cell dysfunction", SCT, "44054006",
                            "Diabetes mellitus type 2")],
    "a built-in term given other codes and aliases": [
        _user("condition", "Type 2 diabetes", SCT, "44054006", "Diabetes mellitus type 2", aliases=("T2D", "NIDDM"))],
    "a lab test given another code and unit": [
        _user("observation", "haemoglobin", LOINC, "59260-0", "Hemoglobin [Moles/volume] in Blood", "mmol/L")],
    "the same term twice, later wins": [
        _user("procedure", "wrist splinting", SCT, "182551000", "Application of splint to wrist"),
        _user("procedure", "Wrist splinting", SCT, "225436007", "Application of wrist splint", aliases=("splint",))],
    "an alias that is a built-in term": [
        _user("medication", "my statin", "http://www.nlm.nih.gov/research/umls/rxnorm", "83367", "atorvastatin",
              aliases=("atorvastatin",))],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_overlaid_table_is_the_rebuilt_table(name: str) -> None:
    users = CASES[name]
    base = builtin_table()
    rebuilt = Table(merge(list(base.concepts), users))
    made = overlaid(base, users)
    assert list(made.concepts) == list(rebuilt.concepts)
    assert made.exact == rebuilt.exact
    assert made.ordered == rebuilt.ordered
    assert made.by_code == rebuilt.by_code
    assert dict(made.word_index()) == dict(rebuilt.word_index())
    assert dict(made.test_index(_test_key, LOINC)) == dict(rebuilt.test_index(_test_key, LOINC))


def test_overlay_leaves_the_builtin_table_alone() -> None:
    base = builtin_table()
    before = (len(base.concepts), dict(base.exact), dict(base.word_index()))
    made = overlaid(base, CASES["a built-in term given other codes and aliases"] + CASES["a new concept"])
    assert len(made.concepts) == before[0] + 1
    assert (len(base.concepts), dict(base.exact), dict(base.word_index())) == before
    assert made.find("condition", normalize("NIDDM"))[0].user
    assert base.find("condition", normalize("type 2 diabetes"))
    assert not any(c.user for c in base.find("condition", normalize("type 2 diabetes")))
