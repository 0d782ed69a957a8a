"""Procedures the VSAC value sets enumerate (``procedures-vsac.csv``) and SNOMED CT procedure names
with a closing "operation" or "procedure": found by the words as SNOMED CT writes them, and never by
a reading that changes the structure operated on."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from fhirconv.terminology.normalize import normalize, order_key
from tests.terminology.known import matched as codes
from tests.terminology.known import one_item

DATA = resources.files("fhirconv.terminology") / "data"


@pytest.mark.parametrize("term,expected", [
    ("enterolithotomy", ["38497001"]),
    ("nephroureterectomy", ["175907006"]),
    ("colostomy closure", ["3183007"]),  # *Closure of colostomy*, the words turned
    ("radical neck dissection", ["45685007"]),
    ("posterior sagittal anorectoplasty", ["235374000"]),
    ("hemodiafiltration", ["233586004"]),
    ("cardiopulmonary bypass", ["63697000"]),  # *Cardiopulmonary bypass operation* (Global Patient Set)
    ("arterial switch", ["174826008"]),  # *Arterial switch operation*
    ("evaluation", []),  # one word names a kind: no *Evaluation procedure*
])
def test_procedures_by_their_snomed_names(term: str, expected: list[str]) -> None:
    assert codes("procedure", term) == expected


@pytest.mark.parametrize("term,expected", [
    ("hepatic arterial repair", []),  # the hepatic artery's, not *Repair of liver*
    ("ascending aorta and aortic root repair", []),  # two structures, not *Repair of aortic root*
    ("arterial coronary artery bypass graft", ["232717009"]),  # an arterial graft is a bypass graft
    ("laparoscopic nephroureterectomy", ["175907006"]),  # how it was done, said in the text
])
def test_procedures_as_convert_reads_them(term: str, expected: list[str]) -> None:
    proc, _ = one_item("Procedure", "procedures", {"procedure": term})
    assert [c["code"] for c in proc["code"].get("coding", [])] == expected


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_vsac_row_never_shares_its_words_with_another_procedure_row() -> None:
    """The table adds names, never a second answer to words another row already answers."""
    vsac = _rows("procedures-vsac.csv")
    assert len(vsac) > 5000
    others: set[str] = set()
    for entry in DATA.iterdir():
        if entry.name.endswith(".csv") and entry.name != "procedures-vsac.csv":
            for row in _rows(entry.name):
                if row["kind"] == "procedure":
                    for term in (row["term"], *row["aliases"].split("|")):
                        if key := normalize(term):
                            others |= {key, "~" + order_key(key)}
    seen: dict[str, str] = {}
    for row in vsac:
        assert row["system"] == "http://snomed.info/sct" and row["source"]
        key = normalize(row["term"])
        for k in (key, "~" + order_key(key)):
            assert k not in others, row["term"]
            assert seen.setdefault(k, row["code"]) == row["code"], row["term"]
