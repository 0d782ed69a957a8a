"""The ``fhirconv`` command (its console script, and ``python -m fhirconv`` where the script is not on PATH).

A conversion's first worker is forked here, before click or anything else is imported, so that it
warms up while the command reads its options (fhirconv.spare).
"""

import sys


def main() -> None:
    from fhirconv import spare, startup

    startup.prepare()
    spare.start(sys.argv[1:])
    from fhirconv.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
