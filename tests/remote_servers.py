"""Real SPARQL servers for the remote-store tests and the web benchmark: Oxigraph server
(PyPI ``oxigraph``) and OpenLink Virtuoso (Debian ``virtuoso-opensource``), each started
in a private folder on 127.0.0.1 and stopped by its own process id."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    query_url: str  # the SPARQL 1.1 Protocol endpoint
    store_url: str  # the Graph Store Protocol endpoint
    user: str | None = None
    password: str | None = None
    folder: Path | None = None

    def stop(self) -> None:
        """Stop by its own pid (TERM, then KILL after 10 s)."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _wait_for(url: str, process: subprocess.Popen, seconds: float, log: Path | None = None,
              challenge: bool = False) -> None:
    """Until URL answers below 500 (with CHALLENGE: a 401 that asks for credentials)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:  # a bounded loop: never waits for ever
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"the server stopped while starting (exit {process.returncode}): {detail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500 and not challenge:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code == 401 and exc.headers.get("WWW-Authenticate") or exc.code < 500 and not challenge:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {seconds:g} s")


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).with_name("oxigraph")
    return str(here) if here.exists() else shutil.which("oxigraph")


def start_oxigraph(folder: Path) -> Server:
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph executable is missing (pip install oxigraph, in the test extra)")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "oxigraph.log"
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                               stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    _wait_for(base + "/query?query=ASK%7B%7D", process, 30, log)
    return Server("oxigraph", process, base + "/query", base + "/store", folder=folder)


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def virtuoso_ini(folder: Path, isql_port: int, http_port: int) -> str:
    """The Debian virtuoso.ini with its files in FOLDER and its ports on 127.0.0.1."""
    text = VIRTUOSO_INI.read_text()
    section = None
    out = []
    for line in text.splitlines():
        header = re.match(r"^\[(.+)\]", line)
        if header:
            section = header.group(1)
        key = line.split("=", 1)[0].strip() if "=" in line and not line.lstrip().startswith(";") else None
        if section in ("Database", "TempDatabase") and key in ("DatabaseFile", "ErrorLogFile", "LockFile",
                                                                "TransactionFile", "xa_persistent_file"):
            line = f"{key} = {folder / Path(line.split('=', 1)[1].strip()).name}"
        elif section == "Parameters" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{isql_port}"
        elif section == "Parameters" and key == "DirsAllowed":
            line = f"DirsAllowed = ., {folder}, /usr/share/virtuoso-opensource-7/vad"
        elif section == "HTTPServer" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif section == "SPARQL" and key == "ResultSetMaxRows":
            line = "ResultSetMaxRows = 1000000"
        elif section == "Plugins" and key and key.startswith("Load"):
            line = ";" + line  # the wiki plug-ins are not needed
        out.append(line)
    return "\n".join(out) + "\n"


def start_virtuoso(folder: Path) -> Server:
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError("virtuoso-t is missing (Debian virtuoso-opensource, installed by setup.sh)")
    folder.mkdir(parents=True, exist_ok=True)
    isql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(folder, isql_port, http_port))
    log = folder / "virtuoso.out"
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{http_port}"
    _wait_for(base + "/sparql?query=ASK%7B%7D", process, 90, folder / "virtuoso.log")
    store_url = base + "/sparql-graph-crud-auth"  # ready when it asks for the dba's credentials
    _wait_for(store_url + "?graph=urn%3Aready", process, 60, folder / "virtuoso.log", challenge=True)
    return Server("virtuoso", process, base + "/sparql", store_url, user="dba", password="dba", folder=folder)


def start_governance(store: Path, graph: Path, *extra: str, folder: Path | None = None) -> Server:
    """`governance serve` on a free port of 127.0.0.1, for the web tests and benchmark."""
    port = free_port()
    binary = Path(sys.executable).with_name("governance")
    command = [str(binary)] if binary.exists() else [sys.executable, "-m", "governance.cli.main"]
    log_path = (folder or store) / f"serve-{port}.log"
    process = subprocess.Popen(command + ["--store", str(store), "--graph", str(graph), "serve", "--port", str(port),
                                          *extra], stdout=log_path.open("wb"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    _wait_for(base + "/api/queries", process, 120, log_path)
    return Server("governance", process, base + "/sparql", base, folder=folder)
