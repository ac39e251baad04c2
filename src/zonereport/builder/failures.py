"""Every error of a build, as the user sees it: one line on stderr and an exit code.

====  ==========================================================================================
code  meaning
====  ==========================================================================================
0     every requested output built, or up to date
1     a build step failed: a notebook cell (error, ``sys.exit``, dead kernel, time limit),
      XeLaTeX, the PDF text check, the disk (full, read-only, no permission), another build
      holding the lock with ``--no-wait``, or an internal error
2     bad input: a flag, the data package, a notebook file, or the output folder
130   interrupted (Ctrl-C, SIGTERM)
====  ==========================================================================================

Only ``--debug`` shows a traceback.
"""

from __future__ import annotations

import errno
import sys

from ..errors import BuildError, DataError, UsageError, ZoneReportError

EXIT_OK, EXIT_BUILD, EXIT_INPUT, EXIT_INTERRUPT = 0, 1, 2, 130

OS_ADVICE = {
    errno.ENOSPC: "no space left on the device; free some space or choose another --out",
    errno.EDQUOT: "disk quota exceeded; free some space or choose another --out",
    errno.EROFS: "the file system is read-only; choose a writable --out",
    errno.EACCES: "permission denied; fix the permissions or choose another --out",
    errno.EPERM: "operation not permitted; fix the permissions or choose another --out",
    errno.EISDIR: "a directory is in the way where a file belongs; move it away",
    errno.ENOTDIR: "a file is in the way where a directory belongs; move it away",
    errno.ENOENT: "no such file or directory",
    errno.EMFILE: "too many open files; lower --jobs",
    errno.ENOMEM: "out of memory; lower --jobs",
}


def os_error_line(exc: OSError) -> str:
    """``<path>: <what happened>; <what to do>`` for an OSError."""
    where = exc.filename or "(unknown file)"
    if exc.filename2:
        where = f"{exc.filename} -> {exc.filename2}"
    advice = OS_ADVICE.get(exc.errno or -1, exc.strerror or str(exc))
    return f"{where}: {advice} ({errno.errorcode.get(exc.errno or -1, 'OSError')})"


def one_line(text: str) -> str:
    return " ".join(str(text).split()) or "unknown error"


def report_failure(exc: BaseException, stream=None) -> int:
    """Print the error as ``error: …`` line(s) and return the exit code."""
    stream = stream or sys.stderr

    def say(line: str) -> None:
        from ..escape import terminal_text

        print(f"error: {terminal_text(one_line(line))}", file=stream, flush=True)

    if isinstance(exc, KeyboardInterrupt):
        from .procs import kill_descendants

        kill_descendants()
        say("interrupted; the previous reports are unchanged (the next build cleans up)")
        return EXIT_INTERRUPT
    if isinstance(exc, DataError):
        for line in exc.problems:
            say(line)
        return EXIT_INPUT
    if isinstance(exc, UsageError):
        say(str(exc))
        return EXIT_INPUT
    if isinstance(exc, (BuildError, ZoneReportError)):
        say(str(exc))
        return EXIT_BUILD
    if isinstance(exc, OSError):
        say(os_error_line(exc))
        return EXIT_BUILD
    if isinstance(exc, MemoryError):
        say("out of memory; lower --jobs or build fewer reports at once")
        return EXIT_BUILD
    if isinstance(exc, SystemExit):
        say(f"stopped with exit code {exc.code}")
        return EXIT_BUILD
    say(f"internal error: {type(exc).__name__}: {exc} (a bug; run again with --debug for the traceback and report it)")
    return EXIT_BUILD
