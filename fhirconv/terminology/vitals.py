"""The LOINC codes of FHIR's vital-signs profiles: an Observation with one of them SHALL conform to
the profile (FHIR R4 and R5, Observation "Vital Signs"), whose value is a Quantity. Read by the
mappers (a text or range value is reported at its case line) and by validation (any Bundle)."""

# As used by the official R4 examples that claim http://hl7.org/fhir/StructureDefinition/vitalsigns
# (shared/fhir-examples/r4: Observation-heart-rate, -respiratory-rate, -body-temperature,
# -blood-pressure, -bmi, -body-height, -head-circumference, -satO2, -vitals-panel; weight from
# Observation-example). The panels (85353-1 vital signs, 85354-9 blood pressure) carry their values
# in members or components.
VITAL_SIGN_CODES = frozenset({"85353-1", "9279-1", "8867-4", "2708-6", "59408-5", "8310-5", "8302-2", "9843-4",
                              "29463-7", "39156-5", "85354-9", "8480-6", "8462-4"})
PANELS = frozenset({"85353-1", "85354-9"})
