"""Codings an audit of every coding written found not to mean the words (audit 15): each test
failed before its fix. A code that does not mean the words is worse than text."""

from __future__ import annotations

from fhirconv.terminology import lookup
from tests.terminology.known import LOINC, codes


def test_total_25_hydroxyvitamin_d_is_not_the_d3_code():
    # LOINC 1989-3 is Calcidiol, 25-hydroxyvitamin D3 alone; "25-hydroxyvitamin D" is the total
    # (D2 + D3, 62292-8, which no open artefact states): text, not the D3 code.
    for words in ("25-hydroxyvitamin D", "25-OH vitamin D", "25(OH)D", "vitamin D 25-OH"):
        assert codes("observation", words, LOINC) == [], words
    for words in ("calcidiol", "25-hydroxyvitamin D3", "25-hydroxycholecalciferol"):
        assert codes("observation", words, LOINC) == ["1989-3"], words


def test_a_sars_cov_2_pcr_result_is_the_rna_presence_not_the_panel():
    # 94531-1 is a panel (an order, no value); a PCR reported positive or negative is
    # SARS-CoV-2 RNA [Presence] in Respiratory specimen by NAA with probe detection.
    for words in ("SARS-CoV-2 PCR", "COVID-19 PCR", "SARS-CoV-2 RT-PCR", "SARS-CoV-2 RNA"):
        assert codes("observation", words, LOINC) == ["94500-6"], words
    assert all(c.code != "94531-1" for c in lookup("observation", "SARS-CoV-2 PCR"))
