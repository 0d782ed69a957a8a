"""The ``fhirconv`` command group.

Commands live in :mod:`fhirconv.commands`, one module each, and are imported only when they are
run, so start-up stays quick: ``fhirconv --help`` lists them from their one-line summaries here
(a test keeps each equal to its command's own help), without importing any. Each command is a thin layer over
:mod:`fhirconv.api` and friends. Exit codes: 0 ok, 1 bad data, 2 bad usage.
"""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute"; a new command is a new module plus one row here.
COMMANDS: dict[str, str] = {
    "convert": "fhirconv.commands.convert:convert",
    "schema": "fhirconv.commands.schema:schema",
    "validate": "fhirconv.commands.validate:validate",
    "push": "fhirconv.commands.push:push",
    "packages": "fhirconv.commands.packages:packages",
    "servers": "fhirconv.commands.servers:servers",
    "timeline": "fhirconv.commands.view:timeline",
    "summary": "fhirconv.commands.view:summary",
    "terms": "fhirconv.commands.terms:terms",
}


# name -> the first paragraph of the command's help, which ``fhirconv --help`` shows (shortened to fit)
SUMMARIES: dict[str, str] = {
    "convert": "Convert CASES (YAML/JSON case files, directories, globs, JSON Lines, '-' for stdin) to FHIR.",
    "packages": "Implementation-guide packages in the FHIR package cache (~/.fhir/packages).",
    "push": "Load case files, FHIR Bundles or NDJSON files into a FHIR server.",
    "schema": "Print the JSON Schema of case files.",
    "servers": "The named FHIR servers of your config file (where it is, and what it holds).",
    "summary": "Print the course in PATH as text: one line per event in date order, undated ones last\n"
               "    (or, for a Bundle in course order such as a case with a `sequence`, in that order).",
    "terms": "What the code tables know: search them by words, or show one code.",
    "timeline": "Draw the course of the patient in PATH as a timeline.",
    "validate": "Validate FHIR Bundles, resources or NDJSON in PATHS (files, directories, '-' for stdin).",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, as click writes it, from :data:`SUMMARIES` (importing a
        command's module to read its help would cost every command's imports: about 100 ms)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="fhirconv")
def cli() -> None:
    """Turn structured clinical case files (YAML/JSON) into HL7 FHIR, check it, load it.

    \b
    Examples:
      fhirconv convert samples/multiple-myeloma.yaml -o myeloma.json
      fhirconv convert cases/ -o out/ --format ndjson --jobs 2
      fhirconv validate myeloma.json
      fhirconv push samples/multiple-myeloma.yaml --server http://127.0.0.1:8080/fhir
      fhirconv timeline samples/multiple-myeloma.yaml -o course.html
      fhirconv terms search "haemoglobin"
      fhirconv schema > case.schema.json
    """


def main() -> None:
    """Console-script entry point: bad data exits 1 with one line, never a traceback."""
    import os
    import signal
    import sys

    from fhirconv import startup

    startup.prepare()
    from fhirconv.issues import FhirconvError

    if sys.argv[1:2] != ["push"] and hasattr(signal, "SIGPIPE"):
        # Like other Unix filters: when the reader goes away (`| head`), stop at once with the usual
        # SIGPIPE status. Not for push, whose sockets must see EPIPE as an error to report.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        cli(prog_name="fhirconv", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted: nothing half-written was left.", err=True)
        _exit_now(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except FhirconvError as exc:
        for issue in exc.issues:
            click.echo(issue.one_line(), err=True)
        sys.exit(1)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(f"fhirconv: cannot use{where}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("FHIRCONV_DEBUG"):
            raise
        click.echo(f"fhirconv: internal error: {type(exc).__name__}: {exc} "
                   "(set FHIRCONV_DEBUG=1 to see the traceback, and please report it)", err=True)
        sys.exit(1)


def _exit_now(code: int) -> None:
    """Exit without interpreter clean-up: after an interrupt, joining stopped worker processes at
    exit can wait forever, and everything that matters (output files) is already settled."""
    import os
    import sys

    spare = sys.modules.get("fhirconv.spare")
    if spare is not None:
        spare.discard()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
