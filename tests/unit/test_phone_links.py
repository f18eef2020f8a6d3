"""Phone links are unguessable, one per learner and exercise, and stop working when revoked."""

from __future__ import annotations


def test_a_new_link_is_found_by_its_token_and_is_the_learners_active_one(store):
    learner = store.create_learner()
    link = store.create_phone_link(learner, "hello")
    assert len(link.token) >= 40 and link.active
    assert store.phone_link_by_token(link.token) == link
    assert store.active_phone_link(learner, "hello") == link
    assert store.active_phone_link(learner, "other") is None


def test_making_a_new_link_stops_the_old_one(store):
    learner = store.create_learner()
    old = store.create_phone_link(learner, "hello")
    new = store.create_phone_link(learner, "hello")
    assert old.token != new.token
    assert store.phone_link_by_token(old.token) is None
    assert store.active_phone_link(learner, "hello") == new


def test_a_revoked_link_is_not_found(store):
    learner = store.create_learner()
    link = store.create_phone_link(learner, "hello")
    revoked = store.revoke_phone_link(learner, link.id)
    assert revoked is not None and not revoked.active
    assert store.phone_link_by_token(link.token) is None
    assert store.active_phone_link(learner, "hello") is None


def test_a_learner_cannot_revoke_another_learners_link(store):
    ana, ben = store.create_learner(), store.create_learner()
    link = store.create_phone_link(ana, "hello")
    assert store.revoke_phone_link(ben, link.id) is None
    assert store.phone_link_by_token(link.token) == link


def test_unknown_empty_and_oversized_tokens_find_nothing(store):
    assert store.phone_link_by_token("nope") is None
    assert store.phone_link_by_token("") is None
    assert store.phone_link_by_token("x" * 10_000) is None
