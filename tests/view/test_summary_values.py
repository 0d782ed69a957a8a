"""The summary shows a value as the FHIR JSON holds it: a decimal keeps its precision (EDSS 7.0 is
not "7"), and UCUM's unity ("1", a score) is no unit to read."""

from __future__ import annotations

from click.testing import CliRunner

from fhirconv.cli import cli

CASE = """fhirconv: "1"
id: summary-values
patient: {sex: female}
observations:
  - {id: e, observation: EDSS, value: 7.0, unit: "1", date: 2020}
  - {id: h, observation: hemoglobin, value: 12.50, unit: g/dL, date: 2020}
  - {id: p, observation: platelet count, value: 150, unit: 10*3/uL, date: 2020}
"""


def test_decimals_keep_their_precision_and_unity_is_not_shown(tmp_path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    out = CliRunner().invoke(cli, ["summary", str(case)])
    assert out.exit_code == 0, out.output
    assert "EDSS: 7.0  [final]" in out.output
    assert "hemoglobin: 12.50 g/dL" in out.output
    assert "platelet count: 150 10*3/uL" in out.output
