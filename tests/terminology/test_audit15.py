"""Codings an audit of every coding written found not to mean the words (audit 15): each test
failed before its fix. A code that does not mean the words is worse than text."""

from __future__ import annotations

from tests.terminology.known import LOINC, codes


def test_total_25_hydroxyvitamin_d_is_not_the_d3_code():
    # LOINC 1989-3 is Calcidiol, 25-hydroxyvitamin D3 alone; "25-hydroxyvitamin D" is the total
    # (D2 + D3, 62292-8, which no open artefact states): text, not the D3 code.
    for words in ("25-hydroxyvitamin D", "25-OH vitamin D", "25(OH)D", "vitamin D 25-OH"):
        assert codes("observation", words, LOINC) == [], words
    for words in ("calcidiol", "25-hydroxyvitamin D3", "25-hydroxycholecalciferol"):
        assert codes("observation", words, LOINC) == ["1989-3"], words

