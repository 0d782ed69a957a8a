"""An undated condition or observation keeps the source's words for when (``when_text``), as the
README says every item does: a condition's as onsetString, an observation's in a note."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fhirconv.api import convert_text

CASE = """\
fhirconv: "1"
id: when-words
patient: {sex: female}
conditions:
  - {id: asthma, condition: asthma, when_text: in childhood}
  - {id: dated, condition: hypertension, onset: 2019, when_text: in her forties}
observations:
  - {id: hb, observation: haemoglobin, value: 9.1, unit: g/dL, when_text: on the second hospital day}
"""


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_the_words_land_in_fhir(version: str) -> None:
    conv = convert_text(CASE, "w.yaml", fhir_version=version)
    by_id = {e["resource"]["identifier"][0]["value"].split("/")[-1]: e["resource"] for e in conv.bundle["entry"]}
    assert by_id["asthma"]["onsetString"] == "in childhood"
    assert "in childhood" in by_id["asthma"]["text"]["div"]
    # a date is the onset; the words go to a note rather than a second onset[x]
    assert by_id["dated"]["onsetDateTime"] == "2019" and "onsetString" not in by_id["dated"]
    assert {"text": "Onset: in her forties"} in by_id["dated"]["note"]
    assert {"text": "When: on the second hospital day"} in by_id["hb"]["note"]
    assert not [i for i in conv.issues if i.severity == "error"]


def test_validate_tells_that_its_profile_option_takes_a_url(tmp_path) -> None:
    bundle = tmp_path / "b.json"
    bundle.write_text('{"resourceType": "Bundle", "type": "collection"}')
    run = subprocess.run([sys.executable, "-m", "fhirconv", "validate", str(bundle), "--profile", "ips"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "not a profile URL" in run.stderr and "meta.profile" in run.stderr
