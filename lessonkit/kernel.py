"""Code the harness runs inside each page's Jupyter kernel before the lesson's first block (`install`), not
shown to learners. Every attempt to use the network is logged, so the harness can fail the page even if
lesson code catches the error."""
import ipaddress
import socket
from pathlib import Path

_LOOPBACK_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkBlockedError(ConnectionRefusedError):
    pass


def _is_local(host) -> bool:
    host = host.decode() if isinstance(host, bytes) else str(host or "")
    try:
        return host in _LOOPBACK_NAMES or ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def block_network(log_path: str | None) -> None:
    """Make every non-loopback connection fail with a message that says what to do."""

    def refuse(host, port=None):
        target = f"{host}:{port}" if port is not None else str(host)
        if log_path:
            with open(log_path, "a", encoding="utf-8") as f:
                f.write(target + "\n")
        raise NetworkBlockedError(
            f"network access is blocked while the lesson is tested (the code tried to reach {target}). "
            "Lesson data must come from the offline mirror: add the file to the folder named by "
            "LESSON_DATA_MIRROR and describe it in data/datasets.yml.")

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if not _is_local(host):
            refuse(host, port)
        return real_getaddrinfo(host, port, *args, **kwargs)

    def guarded(real):  # socket.connect and connect_ex, refused for a non-loopback internet address
        def connect(self, address):
            if (self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple)
                    and not _is_local(address[0])):
                refuse(address[0], address[1])
            return real(self, address)
        return connect

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = guarded(socket.socket.connect)
    socket.socket.connect_ex = guarded(socket.socket.connect_ex)


def install(log_path: str | None, cifar10_jpeg: str | None = None) -> None:
    """Block the network; given the JPEG copy of CIFAR-10 (where the original archive is absent: see
    `lessonkit.data`), make `keras.datasets.cifar10.load_data` load it."""
    block_network(log_path)
    if cifar10_jpeg is None:
        return
    import keras.datasets.cifar10 as public
    import keras.src.datasets.cifar10 as private

    from lessonkit import data

    def load_data():
        return data.cifar10_from_jpeg_zip(Path(cifar10_jpeg))

    load_data.__doc__ = public.load_data.__doc__
    public.load_data = private.load_data = load_data
