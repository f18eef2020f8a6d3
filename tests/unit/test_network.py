"""The addresses printed at start: every address learners can reach, found without any network traffic."""

from __future__ import annotations

import pytest

from sandbox.network import (
    Interface,
    is_loopback,
    learner_urls,
    list_interfaces,
    parse_ip_addr,
    reachable_addresses,
)

IP_ADDR = """\
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global dynamic eth0\\       valid_lft 86000sec
3: wlp2s0    inet 192.168.1.23/24 brd 192.168.1.255 scope global dynamic noprefixroute wlp2s0\\
4: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\       valid_lft forever
5: eth1    inet 169.254.3.3/16 scope link eth1\\       valid_lft forever preferred_lft forever
not an address line
"""


def test_parse_ip_addr_reads_each_interface_and_address():
    assert parse_ip_addr(IP_ADDR) == [
        Interface("lo", "127.0.0.1"),
        Interface("eth0", "10.0.0.5"),
        Interface("wlp2s0", "192.168.1.23"),
        Interface("docker0", "172.17.0.1"),
        Interface("eth1", "169.254.3.3"),
    ]


def test_on_all_interfaces_loopback_is_skipped_and_wifi_comes_first_container_bridges_last():
    interfaces = parse_ip_addr(IP_ADDR)
    assert reachable_addresses("0.0.0.0", interfaces) == [
        "192.168.1.23",
        "10.0.0.5",
        "172.17.0.1",
        "169.254.3.3",
    ]


def test_an_address_listed_twice_is_printed_once():
    twice = [Interface("eth0", "10.0.0.5"), Interface("", "10.0.0.5")]
    assert reachable_addresses("0.0.0.0", twice) == ["10.0.0.5"]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", ""])
def test_a_machine_with_only_loopback_is_reachable_at_loopback(host):
    assert reachable_addresses(host, [Interface("lo", "127.0.0.1")]) == ["127.0.0.1"]


def test_listening_on_one_address_prints_only_that_address():
    assert reachable_addresses("127.0.0.1", parse_ip_addr(IP_ADDR)) == ["127.0.0.1"]
    assert learner_urls("192.168.1.23", 5000) == ["http://192.168.1.23:5000/"]


def test_learner_urls_have_the_port_and_brackets_for_ipv6():
    assert learner_urls("0.0.0.0", 8000, parse_ip_addr(IP_ADDR))[0] == "http://192.168.1.23:8000/"
    assert learner_urls("::1", 8000) == ["http://[::1]:8000/"]


def test_this_machine_lists_at_least_one_ipv4_address():
    found = list_interfaces()
    assert found and all(address.count(".") == 3 for address in (i.address for i in found))


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("[::1]", True),
        ("192.168.1.23", False),
        ("sandbox.lan", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback
