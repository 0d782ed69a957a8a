"""A PubMed id is digits: written quoted or not, it is the same source link; anything else is refused
at its line."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError


@pytest.mark.parametrize("pmid", ["37271748", '"37271748"'])
def test_a_pmid_as_a_number_or_a_string(pmid: str) -> None:
    conv = convert_text(f'fhirconv: "1"\nid: p\nsource: {{title: t, pmid: {pmid}}}\npatient: {{sex: male}}\n',
                        "case.yaml")
    assert "https://pubmed.ncbi.nlm.nih.gov/37271748/" in json.dumps(conv.bundle)


@pytest.mark.parametrize("pmid", ["PMC123", "-5", "0"])
def test_a_pmid_that_is_not_digits_is_refused(pmid: str) -> None:
    with pytest.raises(FhirconvError) as err:
        convert_text(f'fhirconv: "1"\nid: p\nsource: {{title: t, pmid: {pmid}}}\npatient: {{sex: male}}\n',
                     "case.yaml")
    assert err.value.issues[0].line == 3
