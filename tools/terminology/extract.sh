#!/usr/bin/env bash
# Regenerate tools/terminology/candidates.tsv from the artefacts, then the tables.
# Usage: MIRRORS=/path/to/git/mirrors PACKAGES=/path/to/npm/tarballs bash tools/terminology/extract.sh
# MIRRORS holds git directories named owner+repo/repo (synthetichealth/synthea or a full fork of it,
# canvas-medical/canvas-plugins, nmdp-ig/cibmtr-reporting-ig, onconova/fhir,
# chicagopcdc/linkml-data-dictionary, HL7/PDDI-CDS, cpicpgx/cpic-schema,
# HL7/fhir-ichom-breast-cancer-ig, hl7-pt/terminologias, hl7ch/ch-lab-order, hl7ch/ch-lab-report,
# hl7ch/ch-epreg, LHNCBC/flowsheet-lhc, hl7-be/lab, medizininformatik-initiative/kerndatensatzmodul-PathologieBefund,
# PRESERVE-Coordinating-Center/preserve_codesets, ahdis/ch-elm, OHDSI/PhenotypeLibrary, HL7/fhir-ips,
# Healthedata1/USCDI5-Sandbox, HL7/US-Core, miracum/loinc-conversion, davidanderson3/rxnorm-ingredients);
# PACKAGES holds the npm tarballs
# (npm pack hl7.fhir.uv.ips@2.0.0 hl7.fhir.us.mcode@4.0.0 hl7.terminology.r4@7.0.1 hl7.fhir.r4.examples@4.0.1
# hl7.fhir.r5.expansions@5.0.0 hl7.fhir.uv.genomics-reporting@3.0.0).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
M="${MIRRORS:?set MIRRORS}"; P="${PACKAGES:?set PACKAGES}"
SYNTHEA="${SYNTHEA:-$M/synthetichealth+synthea/repo}"
python "$here/extract.py" --synthea "$SYNTHEA" \
  --package "$P/hl7.fhir.uv.ips-2.0.0.tgz" --package "$P/hl7.fhir.us.mcode-4.0.0.tgz" \
  --package "$P/hl7.terminology.r4-7.0.1.tgz" --package "$P/hl7.fhir.r4.examples-4.0.1.tgz" \
  --package "$P/hl7.fhir.r5.expansions-5.0.0.tgz" --package "$P/hl7.fhir.uv.genomics-reporting-3.0.0.tgz" \
  --canvas "$M/canvas-medical+canvas-plugins/repo" --cibmtr "$M/nmdp-ig+cibmtr-reporting-ig/repo" \
  --onconova "$M/onconova+fhir/repo" --pcdc "$M/chicagopcdc+linkml-data-dictionary/repo" \
  --pddi "$M/HL7+PDDI-CDS/repo" --cpic "$M/cpicpgx+cpic-schema/repo" \
  --ichom "$M/HL7+fhir-ichom-breast-cancer-ig/repo" --uscore "$SYNTHEA" \
  --hl7pt "$M/hl7-pt+terminologias/repo" --hl7ch "$M/hl7ch+ch-lab-order/repo" \
  --hl7ch "$M/hl7ch+ch-lab-report/repo" --hl7ch "$M/hl7ch+ch-epreg/repo" \
  --flowsheet "$M/LHNCBC+flowsheet-lhc/repo" --hl7be "$M/hl7-be+lab/repo" \
  --miipatho "$M/medizininformatik-initiative+kerndatensatzmodul-PathologieBefund/repo" \
  --preserve "$M/PRESERVE-Coordinating-Center+preserve_codesets/repo" --chelm "$M/ahdis+ch-elm/repo" \
  --ohdsi "$M/OHDSI+PhenotypeLibrary/repo" --ipsfsh "$M/HL7+fhir-ips/repo" \
  --uslabs "$M/Healthedata1+USCDI5-Sandbox/repo" --uscore9 "$M/HL7+US-Core/repo" \
  --twins "$M/miracum+loinc-conversion/repo" --rxnorm "$M/davidanderson3+rxnorm-ingredients/repo" -o "$here/candidates.tsv"
python "$here/build.py" --candidates "$here/candidates.tsv"
python "$here/brands.py" --candidates "$here/candidates.tsv"
python "$here/imaging_studies.py" --candidates "$here/candidates.tsv"
