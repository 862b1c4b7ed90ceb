"""HTML to PDF with the Debian Chromium, headless (never a downloaded browser)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import UsageError

CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")


def chromium() -> str:
    for name in (os.environ.get("GOVERNANCE_CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise UsageError("a PDF needs Chromium: apt-get install chromium (or write .html)")


def html_to_pdf(html: str, output: str | Path, timeout: float = 120) -> Path:
    """Print one self-contained HTML page to ``output`` (A4; the page's print CSS sets
    margins, page numbers and landscape pages)."""
    output = Path(output)
    if not output.parent.is_dir():
        raise UsageError(f"cannot write {output}: the folder {output.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix="governance-pdf-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(tmp) / "out.pdf"
        command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                   "--run-all-compositor-stages-before-draw", f"--print-to-pdf={printed}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise UsageError(f"Chromium did not finish printing {output} in {timeout:.0f} s") from None
        if not printed.exists() or printed.stat().st_size == 0:
            lines = done.stderr.decode(errors="replace").strip().splitlines() or ["no output"]
            raise UsageError(f"Chromium could not print {output}: {lines[-1]}")
        shutil.move(str(printed), output)
    return output


def check_output(output: str | Path) -> str:
    """The document format a file name asks for ("html" or "pdf"), before any work."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise UsageError(f"cannot tell the format of {output}: use a .html or .pdf name")
    if not output.parent.is_dir():
        raise UsageError(f"cannot write {output}: the folder {output.parent} does not exist")
    if suffix == ".pdf":
        chromium()
    return "pdf" if suffix == ".pdf" else "html"


def write_document(html: str, output: str | Path) -> Path:
    """Write HTML or, for a .pdf name, the printed PDF."""
    output = Path(output)
    if check_output(output) == "pdf":
        return html_to_pdf(html, output)
    if not output.parent.is_dir():
        raise UsageError(f"cannot write {output}: the folder {output.parent} does not exist")
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(output)
    return output
