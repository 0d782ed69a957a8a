"""fhirconv: structured clinical cases to HL7 FHIR R4/R5.

The library API lives in :mod:`fhirconv.api`; the CLI (:mod:`fhirconv.cli`) is a thin layer over it.
Nothing heavy is imported here so that ``fhirconv --help`` starts quickly.
"""

__version__ = "0.1.0"
