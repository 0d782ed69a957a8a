"""A genetic finding named by its gene: coded as the genomics profiles code a variant (*Genetic variant
assessment*, 69548-6) with the gene studied (48018-6) coded with HGNC, read from the shipped HGNC set."""

from __future__ import annotations

import gzip

import pytest

from fhirconv.terminology.genes import DATA, SYSTEM, gene
from tests.terminology.known import one_item


def test_the_gene_table_is_the_hgnc_set_it_cites() -> None:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        header, *rows = [line.rstrip("\n").split("\t") for line in fh]
    assert header == ["symbol", "hgnc_id", "name", "approved"]
    assert len(rows) > 19000
    assert all(r[1].startswith("HGNC:") for r in rows)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    # a previous symbol reads as the gene's current one; a gene's symbol as HGNC writes it only
    assert gene("CECR1") == gene("ADA2") and gene("ADA2").hgnc_id == "HGNC:1839"
    assert gene("MEFV").hgnc_id == "HGNC:6998" and gene("mefv") is None


@pytest.mark.parametrize(("words", "symbol", "hgnc", "written"), [
    ("MEFV gene variant", "MEFV", "HGNC:6998", "MEFV"),
    ("PCCA gene mutation analysis", "PCCA", "HGNC:8653", "PCCA"),
    ("CALR mutation", "CALR", "HGNC:1455", "CALR"),
    ("mutation analysis of the pcca gene", "PCCA", "HGNC:8653", "pcca"),
    ("BRAF V600E mutation", "BRAF", "HGNC:1097", "BRAF"),
    ("GBA gene mutation analysis", "GBA1", "HGNC:4177", "GBA"),  # the current symbol, the words kept
])
def test_a_variant_named_by_its_gene_is_a_genetic_variant_assessment(
        words: str, symbol: str, hgnc: str, written: str) -> None:
    obs, messages = one_item("Observation", "observations", {"observation": words, "value": "detected"})
    assert [(c["system"], c["code"]) for c in obs["code"]["coding"]] == [("http://loinc.org", "69548-6")]
    assert obs["code"]["text"] == words
    studied = obs["component"][0]
    assert [c["code"] for c in studied["code"]["coding"]] == ["48018-6"]
    assert studied["valueCodeableConcept"] == {"coding": [{"system": SYSTEM, "code": hgnc, "display": symbol}],
                                               "text": written}
    assert any("with its gene studied" in m and hgnc in m for m in messages)


@pytest.mark.parametrize("words", [
    "met mutation",              # a word, not the symbol as HGNC writes it, and no "gene" after it
    "T315I mutation",            # a change with no gene
    "prothrombin gene mutation",  # a protein's name, not a symbol
    "FLT3 ITD (internal tandem domain) mutation",
])
def test_words_that_name_no_gene_stay_text(words: str) -> None:
    obs, _ = one_item("Observation", "observations", {"observation": words, "value": "detected"})
    assert not any(c.get("code") == "69548-6" for c in obs["code"].get("coding", []))
    assert "component" not in obs


def test_a_test_the_tables_know_keeps_its_own_code() -> None:
    obs, _ = one_item("Observation", "observations", {"observation": "JAK2 V617F mutation", "value": "positive"})
    assert [c["code"] for c in obs["code"]["coding"]] == ["43399-5"]
    assert "component" not in obs


def test_the_gene_comes_before_the_cases_own_components() -> None:
    obs, _ = one_item("Observation", "observations", {
        "observation": "GBA gene mutation analysis", "value": "c.1255G>A",
        "components": [{"observation": "DNA change", "value": "c.1255G>A"}]})
    assert [c["code"]["coding"][0]["code"] for c in obs["component"][:1]] == ["48018-6"]
    assert obs["component"][1]["valueString"] == "c.1255G>A"
