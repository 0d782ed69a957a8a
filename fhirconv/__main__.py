"""``python -m fhirconv``: the same command as ``fhirconv``, for environments without the script on PATH."""

from fhirconv.cli import main

if __name__ == "__main__":
    main()
