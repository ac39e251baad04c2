"""The kernel template: one process that has imported the kernel and the report's libraries, and
forks a fresh kernel for each notebook.

Run as ``python -m zonereport.builder.kernel_template``. It imports ipykernel, pandas, matplotlib,
seaborn and ``zonereport.sections`` once, then serves a Unix socket: each request (one JSON line:
the kernel's command-line arguments, environment and working directory) forks a child that
becomes an ordinary ipykernel with that connection file; the reply is the child's pid. The
template never runs user code, so every kernel starts from the same state as any other — a
global set in one notebook is not in the next, and a kernel that crashes takes nothing else down.

Life-time: the template exits (and kills its kernels) when its standard input reaches end of file,
that is when the build that started it exits or dies; each kernel is SIGKILLed by Linux when the
template dies (``PR_SET_PDEATHSIG``) and also watches it through ipykernel's parent poller.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

# What a notebook of the report imports; a module missing here is simply imported by the kernel.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "pandas", "matplotlib.pyplot",
           "seaborn", "zonereport.sections", "zonereport.report")
TEMPLATE_ENV = "ZONEREPORT_KERNEL_TEMPLATE"  # "<host>:<pid>:<socket path>" of the build's kernel template
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets before user code runs


class KernelTemplate:
    """The build's kernel template process; ``env`` tells executions where it is."""

    def __init__(self):
        from .procs import die_with_parent

        self.dir = Path(tempfile.mkdtemp(prefix="zr-kt-"))  # short: a socket path has ≤ 107 bytes
        self.path = self.dir / "template.sock"
        self.proc = subprocess.Popen([sys.executable, "-m", "zonereport.builder.kernel_template", str(self.path)],
                                     stdin=subprocess.PIPE, preexec_fn=die_with_parent)
        self.env = {TEMPLATE_ENV: f"{socket.gethostname()}:{self.proc.pid}:{self.path}"}

    def close(self) -> None:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()  # end of file: the template kills its kernels and exits
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def preload() -> None:
    import importlib

    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    try:  # the PDF charts' fonts: cut once per machine, before any kernel is forked
        from zonereport import chartfonts

        chartfonts.install(build=True)
    except ImportError:
        pass
    try:  # what every section imports on first use, and the chart theme's font look-ups
        from zonereport import charts, spec

        for part in spec.REPORT:
            for block in part.blocks:
                block.compute_function()
                block.present_function()
        charts.setup()
    except Exception:  # noqa: BLE001 - a kernel imports whatever is missing itself
        pass


def become_kernel(request: dict, listener: socket.socket, conn: socket.socket) -> None:
    """In the forked child: turn into the kernel the request describes. Never returns."""
    code = 1
    template = os.getppid()
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        listener.close()
        conn.close()
        os.setsid()  # like jupyter_client's launch: its own session, interrupted as a group
        from .procs import die_with_parent, name_process

        die_with_parent()
        if os.getppid() != template:  # the template died before we asked to die with it
            os._exit(1)
        name_process("ipykernel")  # /proc/<pid>/comm: what ps and the tests see; the command line stays the template's
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(template)  # the parent poller watches the template
        os.chdir(request["cwd"] or os.getcwd())
        import ipykernel_launcher

        # ipykernel read JPY_PARENT_PID when the template imported it: say it again
        sys.argv = [ipykernel_launcher.__file__, *request["argv"], f"--IPKernelApp.parent_handle={template}"]
        if "numpy" in sys.modules:  # a fresh process seeds its own generator; so does each kernel
            sys.modules["numpy"].random.seed()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - print it like a kernel would, then exit
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(path: str) -> None:
    children: set[int] = set()

    def reap(signum, frame):
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".part")
    listener.listen(16)
    os.rename(path + ".part", path)  # the socket appears under its name only once it is served
    signal.signal(signal.SIGCHLD, reap)

    import selectors

    # No thread here: a forked child keeps only the forking thread, and must find no lock held.
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    sel.register(0, selectors.EVENT_READ)  # end of file on stdin: the build is gone
    try:
        while True:
            events = sel.select()
            if any(key.fd == 0 for key, _ in events) and not os.read(0, 4096):
                break
            if not any(key.fileobj is listener for key, _ in events):
                continue
            conn, _ = listener.accept()
            with conn:
                data = b""
                while not data.endswith(b"\n"):
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                try:
                    request = json.loads(data)
                except ValueError:
                    continue
                pid = os.fork()
                if pid == 0:
                    sel.close()
                    become_kernel(request, listener, conn)
                children.add(pid)
                conn.sendall(f"{pid}\n".encode())
    finally:
        for pid in list(children):
            try:
                ours = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) == os.getpid()
                if ours:  # not a reused pid: still our child
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ValueError, IndexError):
                pass


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build handles Ctrl-C and stops us
    if sys.path and sys.path[0] in ("", os.getcwd()):  # as ipykernel_launcher does; the kernel adds '' back
        del sys.path[0]
    path = sys.argv[1]
    preload()
    serve(path)


if __name__ == "__main__":
    main()
