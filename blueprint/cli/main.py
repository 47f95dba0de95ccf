"""The thin Click layer: parse options, call the core, map errors to exit codes.

Commands live one per module in ``blueprint/cli/commands`` and are imported only when
invoked (or listed by ``--help``), so start-up stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from blueprint import __version__
from blueprint.errors import EXIT_BUG, EXIT_OK, EXIT_USAGE, BlueprintError

#: long enough for any command's first sentence, which is its one-line purpose
_SHORT_HELP_LIMIT = 200


#: the registry: a module of ``blueprint/cli/commands`` is a command only by being listed here
COMMANDS: dict[str, str] = {
    "check": "check",
    "deck": "deck",
    "diff": "diff",
    "explain": "explain",
    "export": "export",
    "fmea": "fmea",
    "fmt": "fmt",
    "graph": "graph",
    "import": "import_",
    "init": "init",
    "lsp": "lsp",
    "plan": "plan",
    "portfolio": "portfolio",
    "render": "render",
    "report": "report",
    "schema": "schema",
}


def _command_names() -> dict[str, str]:
    """Command name -> module name in ``blueprint/cli/commands``."""
    return COMMANDS


class ReaderGone(Exception):
    """Standard output was closed by its reader (``blueprint fmea x | head -1``)."""


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, with "did you mean"."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            # Click would swallow it and exit 1 (our code for "findings"); main() decides
            raise ReaderGone() from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_command_names())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _command_names().get(cmd_name)
        if module is None:
            return None
        mod = importlib.import_module(f"blueprint.cli.commands.{module}")
        command: click.Command = mod.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, each with its whole one-line purpose (wrapped, never cut)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=_SHORT_HELP_LIMIT)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = click.utils.make_str(args[0])
        # while completing (resilient parsing) an unknown word completes nothing, silently
        if self.get_command(ctx, name) is None and not name.startswith("-") and not ctx.resilient_parsing:
            from blueprint.common.suggest import nearest
            from blueprint.i18n import t

            close = nearest(name, self.list_commands(ctx))
            lang = _error_lang(sys.argv[1:])
            said = t("cli.no_command.close", lang, name=name, close=close) if close else None
            ctx.fail(said or t("cli.no_command", lang, name=name))
        return super().resolve_command(ctx, args)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="blueprint", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback when the tool itself fails.")
def cli(debug: bool) -> None:
    """Service blueprints with FMEA, as code.

    Validate a blueprint file, score every failure mode (RPN and AIAG-VDA Action
    Priority), follow each failure to where the customer feels it, and render
    swimlane diagrams, ranked failure tables and reports.

    \b
    Examples:
      blueprint check examples/
      blueprint fmea examples/telecom-sim-swap.blueprint.yaml
      blueprint render examples/fedex-tracking.blueprint.yaml -o fedex.png
    """


def _error_lang(args: list[str]) -> str:
    """The language of an error line: ``--lang`` on the command line, else the environment."""
    from blueprint.i18n import resolve_lang

    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return resolve_lang(args[i + 1])
        if arg.startswith("--lang="):
            return resolve_lang(arg.split("=", 1)[1])
    return resolve_lang(None)


def _say(key: str, args: list[str], **values: object) -> None:
    """``blueprint: <message>`` on standard error, in the language of the command line."""
    from blueprint.i18n import t

    click.echo(f"blueprint: {t(key, _error_lang(args), **values)}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every error into a one-line message.

    The command runs with the cyclic garbage collector paused: one command is a short run
    that builds a large acyclic heap (the loaded document and its model), which the
    collector would rescan over and over (up to doubling the time on large files) to free
    almost nothing; reference counting still frees everything, and ``--watch`` collects
    after each rebuild.
    """
    from blueprint.common.gcpause import paused_gc

    _terminate_cleanly()
    _tolerant_streams()
    with paused_gc():
        _run(argv)


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so temporary files are removed on the way out."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


def _terminate_cleanly() -> None:
    """Turn SIGTERM into :class:`Terminated` (unless it is ignored, as under ``nohup``)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)


def _tolerant_streams() -> None:
    """On a terminal or pipe whose encoding is not UTF-8 (``LANG=C`` on old systems,
    ``PYTHONIOENCODING=latin-1``), a character it cannot hold is printed as ``?``
    instead of stopping the command halfway."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or codecs.lookup(encoding).name.startswith("utf"):
            continue
        if getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="replace")


def _run(argv: list[str] | None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("BLUEPRINT_DEBUG") == "1"
    code: Any
    try:
        code = cli.main(args=args, prog_name="blueprint", standalone_mode=False)
    except click.exceptions.Abort:
        _say("cli.interrupted", args)
        code = 130
    except click.UsageError as exc:
        exc.show()
        code = EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except BlueprintError as exc:
        from blueprint.common.plain import one_line

        # the message may quote the file (a key, a value): one line, no terminal controls
        click.echo(f"blueprint: {one_line(exc.text_in(_error_lang(args)))}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        _say("cli.interrupted", args)
        code = 130
    except Terminated:
        _say("cli.terminated", args)
        code = 143
    except (ReaderGone, BrokenPipeError):
        # the reader went away (``| head``): not an error of ours. Later writes, and the
        # flush at exit, go nowhere instead of raising again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # not a real file (tests capture it)
            pass
        code = EXIT_OK
    except Exception as exc:  # a bug in the tool itself
        from blueprint.common.plain import one_line

        if debug:
            import traceback

            traceback.print_exc()
        _say("cli.internal_error", args, error=f"{type(exc).__name__}: {one_line(str(exc))}")
        code = EXIT_BUG
    sys.exit(code if isinstance(code, int) else EXIT_OK)
