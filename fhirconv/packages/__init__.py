"""The FHIR package cache: implementation-guide packages as HL7's own tools keep them.

Packages live in ``~/.fhir/packages/NAME#VERSION/package/`` (or ``$FHIR_PACKAGE_CACHE``, or a
directory given explicitly), the layout the HL7 validator, IG Publisher and Firely tools share, so a
cache filled by any of them serves fhirconv and the other way round. :func:`install` fills it from
the npm registry (where IG packages are published); :mod:`fhirconv.packages.index` reads it.
"""

from __future__ import annotations

from fhirconv.packages.cache import PackageError, cache_dir, installed, package_path
from fhirconv.packages.install import install
from fhirconv.packages.setup import PROFILE_PACKAGES, ensure

__all__ = ["PROFILE_PACKAGES", "PackageError", "cache_dir", "ensure", "install", "installed", "package_path"]
