"""Where learners can reach this server: this machine's IPv4 addresses, found without sending anything."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass

# Listening on one of these means every interface: the room's Wi-Fi included.
ALL_INTERFACES = frozenset({"0.0.0.0", "", "::"})
# Interfaces made by containers and virtual machines: a phone on the Wi-Fi cannot reach them.
VIRTUAL_PREFIXES = (
    "docker",
    "br-",
    "veth",
    "virbr",
    "vboxnet",
    "vmnet",
    "lxc",
    "cni",
    "flannel",
    "tun",
    "tap",
)


@dataclass(frozen=True)
class Interface:
    name: str
    address: str


def parse_ip_addr(text: str) -> list[Interface]:
    """Read the output of `ip -4 -o addr` (one line per address: index, name, "inet", address/prefix)."""
    found = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "inet":
            address = parts[3].split("/", 1)[0]
            try:
                ipaddress.IPv4Address(address)
            except ValueError:
                continue
            found.append(Interface(parts[1].rstrip(":"), address))
    return found


def _from_ip_command() -> list[Interface]:
    ip = shutil.which("ip") or next((p for p in ("/usr/sbin/ip", "/sbin/ip") if os.path.exists(p)), None)
    if ip is None:
        return []
    try:
        done = subprocess.run([ip, "-4", "-o", "addr", "show"], capture_output=True, text=True, timeout=2)
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_ip_addr(done.stdout) if done.returncode == 0 else []


def _from_sockets() -> list[Interface]:
    """Addresses known to the resolver and the one the default route uses.

    connect() on a UDP socket only picks a route and a source address: no packet is sent.
    """
    found = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(Interface("", info[4][0]))
    except OSError:
        pass
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never answered, and nothing is sent anyway
        found.append(Interface("", probe.getsockname()[0]))
    except OSError:
        pass
    finally:
        probe.close()
    return found


def list_interfaces() -> list[Interface]:
    """This machine's IPv4 addresses: from `ip`, else from the resolver and the routing table."""
    return _from_ip_command() or _from_sockets()


def _rank(interface: Interface) -> int:
    """Wi-Fi first, then other private networks, then public addresses, then virtual and link-local."""
    address = ipaddress.IPv4Address(interface.address)
    if address.is_link_local or interface.name.startswith(VIRTUAL_PREFIXES):
        return 3
    if interface.name.startswith(("wl", "wifi")):
        return 0
    return 1 if address.is_private else 2


def reachable_addresses(host: str, interfaces: list[Interface]) -> list[str]:
    """The addresses learners can type for a server listening on `host`, the most likely first.

    On all interfaces: every address but loopback (Wi-Fi first, container bridges last), or
    127.0.0.1 when the machine has no other. On one address: that address.
    """
    if host not in ALL_INTERFACES:
        return [host]
    seen: set[str] = set()
    ordered = []
    for interface in sorted(interfaces, key=_rank):
        address = ipaddress.IPv4Address(interface.address)
        if address.is_loopback or address.is_unspecified or interface.address in seen:
            continue
        seen.add(interface.address)
        ordered.append(interface.address)
    return ordered or ["127.0.0.1"]


def learner_urls(host: str, port: int, interfaces: list[Interface] | None = None) -> list[str]:
    """The URLs to print at start: one per address learners can reach."""
    if interfaces is None:
        interfaces = list_interfaces() if host in ALL_INTERFACES else []
    return [f"http://{_bracket(address)}:{port}/" for address in reachable_addresses(host, interfaces)]


def is_loopback(host: str) -> bool:
    """True for an address (or host name) that only this machine can reach."""
    name = host.strip("[]")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _bracket(address: str) -> str:
    return f"[{address}]" if ":" in address else address
