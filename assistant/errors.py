"""The one error family of the package.

Every error the package raises *to a caller* for bad input, bad settings or an unreachable service
derives from :class:`NianbaoError`. Its ``message`` is Chinese and meant for the user; ``where``
optionally names the file, cell or setting concerned. The CLI and the web app catch
``NianbaoError`` only: anything else is a bug and surfaces as one.
"""

from __future__ import annotations


class NianbaoError(Exception):
    """A user-facing failure with a Chinese message."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


class ReadError(NianbaoError):
    """A file that cannot be read as a report, notes or canonical JSON."""


_OS_ERRORS = {
    "ENOENT": "文件不存在",
    "EACCES": "没有读取权限",
    "EPERM": "没有权限",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一段不是文件夹",
    "EIO": "磁盘读写出错",
    "ENOSPC": "磁盘空间不足",
    "EROFS": "文件系统只读",
    "ENAMETOOLONG": "文件名太长",
    "EMFILE": "同时打开的文件太多",
    "ELOOP": "符号链接循环",
    "EBUSY": "文件正被占用",
}


def os_error_text(exc: OSError) -> str:
    """An operating-system error in Chinese (the OS's own text is English on most systems)."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    return _OS_ERRORS.get(name, f"系统错误（{name or type(exc).__name__}）")
