"""Is a SQLite file on a network location? Pure rules, fed by the caller with the path and the facts of the PC.

SQLite relies on file locks and shared memory (WAL) that network file systems do not provide reliably: a CareLog
database file on a shared folder can be corrupted when two PCs write. Such locations are refused, pointing to the
shared database server option. The caller (db.network_location) reads the mount table (Linux: /proc/mounts) or
asks Windows for the drive type; everything here only reads its arguments, so tests can feed either spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# file system types of network mounts as /proc/mounts names them
NETWORK_FSTYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "afs", "ncpfs", "9p", "ceph", "glusterfs", "davfs", "lustre"}
)
NETWORK_FUSE = frozenset({"fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.s3fs", "fuse.smbnetfs"})

SHARED_SERVER_HINT = (
    "SQLite database files must stay on this PC's own disk: on a shared folder or network drive they can be "
    "corrupted when two PCs use them. To share CareLog between several PCs, use a shared database server instead "
    "(Admin > Database settings > Shared database server, see docs/SHARED-DATABASE.md), or keep the file on a "
    "local disk."
)


@dataclass(frozen=True)
class Mount:
    mount_point: str
    fstype: str
    source: str = ""


@dataclass(frozen=True)
class NetworkLocation:
    path: str
    why: str  # plain words: "a shared folder (\\\\server\\share)", "a network drive (N:)", "an NFS mount ..."

    def message(self) -> str:
        return f"CareLog will not open the database file {self.path}: it is on {self.why}. {SHARED_SERVER_HINT}"


_DRIVE = re.compile(r"^([A-Za-z]):")


def unc_share(path: str) -> str | None:
    r"""The \\server\share of a UNC path (\\server\share\x, //server/share/x, \\?\UNC\server\share\x), else None.
    \\?\C:\ and \\.\C:\ are local device paths, not shares."""
    unified = path.replace("\\", "/")
    if not unified.startswith("//"):
        return None
    parts = [part for part in unified[2:].split("/") if part]
    if parts and parts[0] in ("?", "."):
        if len(parts) < 2 or parts[1].upper() != "UNC":
            return None  # \\?\C:\... is a long local path
        parts = parts[2:]
    if len(parts) < 2:
        return None
    return f"\\\\{parts[0]}\\{parts[1]}"


def drive_letter(path: str) -> str | None:
    """The drive of a Windows path ("N:", also in the long form \\\\?\\N:\\...), else None."""
    unified = path.replace("\\", "/")
    match = _DRIVE.match(unified[4:] if unified.startswith(("//?/", "//./")) else unified)
    return f"{match.group(1).upper()}:" if match else None


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes spaces, tabs, newlines and backslashes in octal (\\040 ...)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mounts(text: str) -> list[Mount]:
    """The lines of /proc/mounts (or /proc/self/mountinfo-free `mount` output in the same layout)."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append(Mount(_unescape_mount(fields[1]), fields[2], _unescape_mount(fields[0])))
    return mounts


def is_network_fstype(fstype: str) -> bool:
    kind = fstype.lower()
    return kind in NETWORK_FSTYPES or kind in NETWORK_FUSE or kind.startswith(("nfs", "smb", "cifs"))


def mount_of(path: str, mounts: Iterable[Mount]) -> Mount | None:
    """The mount holding an absolute POSIX path: the longest mount point that is the path or a parent of it."""
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        inside = path == point or path.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) > len(best.mount_point.rstrip("/") or "/")):
            best = mount
    return best


def network_location(
    path: str, *, windows: bool, mounts: Iterable[Mount] = (), remote_drives: Iterable[str] = ()
) -> NetworkLocation | None:
    """Why `path` is on a network location, or None if it is local as far as these facts tell.

    `windows`: the path is a Windows path (drive letters, backslashes). `remote_drives`: the drive letters Windows
    reports as DRIVE_REMOTE ("N:"). `mounts`: the mount table (Linux and other POSIX systems)."""
    share = unc_share(path)
    if share is not None:
        return NetworkLocation(path, f"a shared network folder ({share})")
    if windows:
        drive = drive_letter(path)
        remote = {d.upper().rstrip("\\/") for d in remote_drives}
        if drive is not None and drive in remote:
            return NetworkLocation(path, f"a network drive ({drive})")
        return None
    mount = mount_of(path, mounts)
    if mount is not None and is_network_fstype(mount.fstype):
        return NetworkLocation(path, f"a network mount ({mount.fstype} at {mount.mount_point})")
    return None
