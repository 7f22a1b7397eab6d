"""Build CareLog for distribution with one command, on Windows or Linux.

    python installer/build.py                 # dist/CareLog/ (one folder); on Windows also the Setup .exe
    python installer/build.py --no-installer  # the folder only
    python installer/build.py --clean         # throw away PyInstaller's cache first

Runs PyInstaller with installer/carelog.spec. On Windows it then runs Inno Setup's compiler (ISCC.exe, found on
PATH, in the ISCC environment variable, or in the usual Program Files folders) on installer/carelog.iss, which
writes dist/installer/CareLog-Setup-<version>.exe. Needs the build extra: pip install -e ".[build]".
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "carelog.spec"
ISS = ROOT / "installer" / "carelog.iss"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_NAME = "CareLog"


def app_version() -> str:
    text = (ROOT / "carelog" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if match is None:
        raise SystemExit("build: could not find __version__ in carelog/__init__.py")
    return match.group(1)


def file_version(version: str) -> str:
    """Windows wants four numbers: 0.1.0 -> 0.1.0.0, 1.2.0rc1 -> 1.2.0.0."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("rc")[0].split("a")[0].split("b")[0])[:4]]
    return ".".join(str(n) for n in (numbers + [0, 0, 0, 0])[:4])


def app_folder() -> Path:
    return DIST / APP_NAME


def executable() -> Path:
    return app_folder() / (f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build_folder(clean: bool) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('build: PyInstaller is not installed. Run: python -m pip install -e ".[build]"') from None
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(DIST), "--workpath", str(WORK)]
    if clean:
        command.append("--clean")
    command.append(str(SPEC))
    print(f"build: PyInstaller {SPEC.relative_to(ROOT)} -> {app_folder().relative_to(ROOT)}", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def find_iscc() -> Path | None:
    candidates = [os.environ.get("ISCC", ""), shutil.which("ISCC") or "", shutil.which("iscc") or ""]
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"), os.environ.get("LOCALAPPDATA")):
        if base:
            candidates.append(str(Path(base) / "Inno Setup 6" / "ISCC.exe"))
            candidates.append(str(Path(base) / "Programs" / "Inno Setup 6" / "ISCC.exe"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def build_installer(version: str) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print(
            "build: Inno Setup 6 (ISCC.exe) not found, so no Setup .exe was made. Install it from "
            "https://jrsoftware.org/isinfo.php or set ISCC to the full path of ISCC.exe, then run this again.",
            file=sys.stderr,
        )
        return None
    out_dir = DIST / "installer"
    command = [
        str(iscc),
        f"/DAppVersion={version}",
        f"/DAppFileVersion={file_version(version)}",
        f"/DSourceDir={app_folder()}",
        f"/DRepoDir={ROOT}",
        f"/O{out_dir}",
        str(ISS),
    ]
    print(f"build: Inno Setup {ISS.relative_to(ROOT)}", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    return out_dir / f"{APP_NAME}-Setup-{version}.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build CareLog: the one-folder app and, on Windows, its installer.")
    parser.add_argument("--no-installer", action="store_true", help="build the folder only (skip Inno Setup)")
    parser.add_argument("--clean", action="store_true", help="clear PyInstaller's cache before building")
    args = parser.parse_args(argv)
    version = app_version()
    started = time.perf_counter()
    build_folder(args.clean)
    size_mb = folder_size(app_folder()) / 1_000_000
    print(f"build: CareLog {version} in {app_folder()} ({size_mb:.0f} MB) after {time.perf_counter() - started:.0f} s")
    print(f"build: check it with: {executable()} --smoke --screenshot carelog-smoke.png")
    if sys.platform == "win32" and not args.no_installer:
        setup = build_installer(version)
        if setup is not None:
            print(f"build: installer {setup}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
