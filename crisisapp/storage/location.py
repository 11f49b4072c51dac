"""Whether a path lies on a network share, where SQLite's WAL mode is not safe."""

import sys
from pathlib import Path, PureWindowsPath

# File systems whose locking SQLite's WAL mode cannot rely on.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "9p", "fuse.sshfs", "fuse.rclone", "davfs", "fuse.davfs2"}
)


def _unescape(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")


def filesystem_type(path: Path, mounts: str) -> str | None:
    """The type of the file system holding ``path``, from a table in the format of /proc/mounts."""
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = Path(_unescape(fields[1]))
        if path == mount_point or mount_point in path.parents:
            depth = len(mount_point.parts)
            if best is None or depth >= best[0]:  # the last of two mounts on one point is the one in use
                best = (depth, fields[2])
    return best[1] if best else None


def is_network_path(path: Path) -> bool:
    """True for a UNC path, a mapped network drive, or a path on a network file system."""
    if sys.platform == "win32":
        windows = PureWindowsPath(path)
        if windows.drive.startswith("\\\\"):
            return True
        import ctypes

        drive_remote = 4
        return bool(windows.drive) and ctypes.windll.kernel32.GetDriveTypeW(f"{windows.drive}\\") == drive_remote
    if str(path).startswith("//"):
        return True
    try:
        mounts = Path("/proc/mounts").read_text("utf-8")
    except OSError:
        return False  # no mount table (macOS): nothing known against the path
    return filesystem_type(path, mounts) in NETWORK_FILESYSTEMS
