"""Warm kernels: papermill runs each notebook in a kernel forked from the build's kernel template.

The build starts one :mod:`kernel_template` process (``KernelTemplate``), which imports the kernel
and the report's libraries once. Executions find it through an environment variable and ask
papermill (nbclient) for ``WarmKernelManager``: a jupyter_client kernel manager whose provisioner
gets the kernel process from the template instead of ``Popen``. Everything else — connection
file, ports, messages, interrupt, shutdown, a dead kernel noticed — is jupyter_client's own.
When no template is reachable (a Dask worker on another machine, or the kernel command is not
this interpreter's ipykernel), the kernel is started the ordinary way.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type

from .kernel_template import TEMPLATE_ENV

READY_TIMEOUT = 120.0  # seconds to wait for the template's imports


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _start_time(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def template_address() -> tuple[int, str] | None:
    host, _, rest = os.environ.get(TEMPLATE_ENV, "").partition(":")
    pid, _, path = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit() or not path:
        return None  # no template, or it runs on another machine (a remote Dask worker)
    return int(pid), path


def fork_kernel(argv: list[str], env: dict, cwd: str | None) -> int | None:
    """Ask the template for a kernel; its pid, or None when there is no usable template."""
    address = template_address()
    if address is None:
        return None
    pid, path = address
    deadline = time.monotonic() + READY_TIMEOUT
    while not os.path.exists(path):  # still importing
        if not _alive(pid) or time.monotonic() > deadline:
            return None
        time.sleep(0.02)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(path)
            s.sendall(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n")
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = s.recv(64)
                if not chunk:
                    return None
                reply += chunk
    except OSError:
        return None
    return int(reply)


class ForkedKernel:
    """The part of ``subprocess.Popen`` that jupyter_client uses, for a kernel that is the
    template's child, not ours (the template reaps it; /proc tells whether it still runs)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self._started = _start_time(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not (_alive(self.pid) and _start_time(self.pid) == self._started):
            self.returncode = 0  # the template reaped it; its exit status is not ours to read
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _kernel_arguments(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of ``python -m ipykernel_launcher ...`` run by this interpreter."""
    if len(cmd) < 3 or cmd[0] != sys.executable:
        return None
    rest = [a for a in cmd[1:] if a != "-Xfrozen_modules=off"]
    if rest[:2] != ["-m", "ipykernel_launcher"]:
        return None
    return rest[2:]


class WarmProvisioner(LocalProvisioner):
    """LocalProvisioner, except that the kernel process is forked by the template."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        from .procs import STOPPING

        if STOPPING.is_set():  # the build is being interrupted: start nothing (its template is gone)
            raise RuntimeError("interrupted: no kernel started")
        argv = _kernel_arguments(cmd)
        pid = None
        if argv is not None:
            env = dict(kwargs.get("env") or os.environ)
            pid = fork_kernel(argv, env, kwargs.get("cwd"))
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the kernel leads its own session, as a launched one does
        self.cwd = kwargs.get("cwd")
        return self.connection_info


class WarmKernelClient(AsyncKernelClient):
    """jupyter_client's client, except for the end of the wait for a new kernel."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Ready when the kernel answers ``kernel_info`` and its IOPub channel delivers.

        jupyter_client then listens to IOPub until it has been quiet for 0.2 s, to discard
        start-up messages; that is a fixed 0.2 s per notebook here. nbclient keeps only the
        messages whose parent is the cell it runs, so this takes what is already there and goes on.
        """
        from queue import Empty

        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)  # IOPub is connected
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        while await self.iopub_channel.msg_ready():
            await self.iopub_channel.get_msg(timeout=0)


class WarmKernelManager(AsyncKernelManager):
    """The kernel manager papermill is given: ordinary, with the warm provisioner, a client that
    does not idle after the kernel is ready, and a quicker look for the kernel's exit."""

    client_class = DottedObjectName("zonereport.builder.warm_kernels.WarmKernelClient")
    client_factory = Type(klass=AsyncKernelClient, default_value=WarmKernelClient)

    async def _async_finish_shutdown(self, waittime: float | None = None, pollinterval: float = 0.1,
                                     restart: bool = False) -> None:
        # the kernel exits within milliseconds of its shutdown reply: look every 10 ms, not 100
        await super()._async_finish_shutdown(waittime, min(pollinterval, 0.01), restart)

    async def _async_pre_start_kernel(self, **kw):
        address = template_address()
        if address is not None and self.transport == "tcp":
            # Unix sockets in the template's own folder instead of TCP ports: jupyter_client picks
            # free ports, closes them and the kernel binds them later, so two builds starting
            # kernels at once can race for a port (a kernel's heartbeat thread then failed with
            # "Address already in use" and printed a traceback). A file name cannot be taken by
            # another build. The folder's path is short: a socket path has at most 107 bytes.
            self.transport = "ipc"
            self.ip = os.path.join(os.path.dirname(address[1]), f"k{uuid.uuid4().hex[:10]}")
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = WarmProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)

    pre_start_kernel = _async_pre_start_kernel
