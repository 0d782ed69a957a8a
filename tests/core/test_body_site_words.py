"""``body_site: thorax`` is the site's words, as ``body_site: {site: thorax}``; a mapping's mistakes are
reported as a mapping's (unknown key, missing site), not as "expected string"."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError

CASE = """\
fhirconv: "1"
id: sites
patient: {{sex: male}}
procedures:
  - {{id: p, procedure: biopsy, {site}}}
"""


def _site(text: str) -> dict:
    conv = convert_text(CASE.format(site=text), "s.yaml")
    [proc] = [e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Procedure"]
    return proc["bodySite"]


def test_the_site_words_alone_are_the_site() -> None:
    assert _site("body_site: thorax") == _site("body_site: {site: thorax}")
    assert _site("body_site: thorax")[0]["coding"][0]["code"] == "51185008"


@pytest.mark.parametrize("written,message,where", [
    ("body_site: {site: thorax, side: left}", "unknown key 'side'", "$.procedures[0].body_site.side"),
    ("body_site: {laterality: left}", "missing required key 'site'", "$.procedures[0].body_site"),
    ("body_site: {site: breast, laterality: lft}", "'lft' is not allowed", "$.procedures[0].body_site.laterality"),
])
def test_a_mapping_is_told_what_is_wrong_with_it(written: str, message: str, where: str) -> None:
    with pytest.raises(FhirconvError) as err:
        convert_text(CASE.format(site=written), "s.yaml")
    issue = err.value.issues[0]
    assert issue.message == message or issue.message.startswith(message)
    assert issue.expression == where
