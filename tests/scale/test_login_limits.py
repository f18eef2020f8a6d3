"""Failed sign-ins are counted in Redis when there is one: a balancer spreading one guesser's tries
over two web processes does not give it ten in each. Without Redis: tests/web/test_serving.py."""

from __future__ import annotations

from tests.support.web import post


def _behind_proxy(app, forwarded_for: str):
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded_for})
    return client


def _sign_in(client, password: str) -> int:
    return post(client, "/trainer/login", name="amina", password=password).status_code


def test_failed_sign_ins_on_two_web_processes_add_up_per_client(tmp_path, make_app, redis_url, namespace):
    settings = {"REDIS_URL": redis_url, "REDIS_NAMESPACE": namespace, "PROXY_HOPS": 1}
    a = make_app(instance=tmp_path / "a", **settings)
    b = make_app(instance=tmp_path / "b", **settings)
    for app in (a, b):  # each a database of its own here; the trainer is in both
        app.extensions["sandbox"].store.create_trainer("amina", "correct horse")
    for app in (a, b) * 5:
        assert _sign_in(_behind_proxy(app, "203.0.113.5"), "wrong") == 401
    assert _sign_in(_behind_proxy(a, "203.0.113.5"), "correct horse") == 429
    assert _sign_in(_behind_proxy(b, "203.0.113.5"), "correct horse") == 429
    assert _sign_in(_behind_proxy(b, "198.51.100.7"), "correct horse") == 302  # someone else
