"""SQLite files on a network location are recognised from Windows and Linux spellings and a fake mount table."""

from __future__ import annotations

import pytest

from carelog.core.network_paths import drive_letter, network_location, parse_mounts, unc_share

MOUNTS = parse_mounts(
    "\n".join(
        [
            "/dev/sda1 / ext4 rw,relatime 0 0",
            "proc /proc proc rw 0 0",
            "tmpfs /tmp tmpfs rw 0 0",
            "filer:/export/care /mnt/care nfs4 rw,vers=4.2 0 0",
            "//nas/office /srv/office cifs rw,vers=3.0 0 0",
            "//nas/My\\040Share /media/my\\040share smb3 rw 0 0",
            "me@host:/data /home/me/remote fuse.sshfs rw 0 0",
            "/dev/sdb1 /mnt/care/local-disk ext4 rw 0 0",
        ]
    )
)


@pytest.mark.parametrize(
    ("path", "share"),
    [
        (r"\\office-pc\CareLog\carelog.db", r"\\office-pc\CareLog"),
        ("//office-pc/CareLog/carelog.db", r"\\office-pc\CareLog"),
        (r"\\?\UNC\nas\care\db\carelog.db", r"\\nas\care"),
        (r"\\192.168.1.20\share$\carelog.db", r"\\192.168.1.20\share$"),
    ],
)
def test_unc_paths_are_shares_in_either_slash(path: str, share: str) -> None:
    assert unc_share(path) == share
    found = network_location(path, windows=True)
    assert found is not None and share in found.why
    assert "shared database server" in found.message() and path in found.message()
    assert network_location(path, windows=False) is not None  # the same spelling refused on Linux too


@pytest.mark.parametrize(
    "path", [r"C:\Users\jo\carelog.db", r"\\?\C:\CareLog\carelog.db", r"\\.\D:\x.db", "/home/jo/x.db"]
)
def test_local_paths_are_not_shares(path: str) -> None:
    assert unc_share(path) is None
    assert network_location(path, windows=True) is None


def test_mapped_network_drive_is_refused_only_when_windows_says_remote() -> None:
    assert drive_letter(r"n:\CareLog\carelog.db") == "N:"
    assert drive_letter(r"\\?\N:\CareLog\carelog.db") == "N:"
    found = network_location(r"N:\CareLog\carelog.db", windows=True, remote_drives=["N:"])
    assert found is not None and found.why == "a network drive (N:)"
    assert network_location(r"C:\CareLog\carelog.db", windows=True, remote_drives=["N:"]) is None
    assert network_location(r"\\?\N:\carelog.db", windows=True, remote_drives=["n:\\"]) is not None


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/mnt/care/carelog.db", "nfs4"),
        ("/mnt/care/sub/dir/carelog.db", "nfs4"),
        ("/srv/office/carelog.db", "cifs"),
        ("/media/my share/carelog.db", "smb3"),
        ("/home/me/remote/carelog.db", "fuse.sshfs"),
    ],
)
def test_network_mounts_on_linux_are_refused(path: str, fstype: str) -> None:
    found = network_location(path, windows=False, mounts=MOUNTS)
    assert found is not None and fstype in found.why


@pytest.mark.parametrize(
    "path", ["/home/jo/carelog.db", "/tmp/carelog.db", "/mnt/care/local-disk/carelog.db", "/mnt/careful/x.db"]
)
def test_local_mounts_on_linux_are_accepted(path: str) -> None:
    assert network_location(path, windows=False, mounts=MOUNTS) is None
