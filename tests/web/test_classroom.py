"""Trainers sign in and make classes; learners join with a code and a name, and resume elsewhere."""

from __future__ import annotations

import re

from tests.support.web import make_class, post


def test_trainer_signs_in_and_creates_a_class_with_a_code_and_qr(trainer, app):
    classroom_id = make_class(trainer)
    page = trainer.get(f"/trainer/classes/{classroom_id}").text
    code = re.search(r'id="join-code">(\w+)<', page).group(1)
    assert len(code) == 6 and not set(code) & set("01OILZ2S5B8")
    assert f"/join/{code}" in page
    qr = trainer.get(f"/trainer/classes/{classroom_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.text.startswith("<svg")


def test_class_page_and_join_sheet_say_why_phones_cannot_join_a_server_on_this_computer_only(
    trainer,
):
    classroom_id = make_class(trainer)
    for url in (f"/trainer/classes/{classroom_id}", f"/trainer/classes/{classroom_id}/sheet"):
        page = trainer.get(url).text
        assert "Phones cannot join yet: the server listens on this computer only." in page
        assert '<code class="command">make run</code>' in page
        assert "sheet-qr" not in page and "qr.svg" not in page  # no QR code (icons are other SVGs)


def test_join_sheet_shows_the_qr_of_the_address_phones_on_the_wifi_open(app, trainer):
    app.config["LAN_URLS"] = ["http://192.168.1.23:5000/"]  # what `sandbox run --lan` found at start
    classroom_id = make_class(trainer)
    sheet = trainer.get(f"/trainer/classes/{classroom_id}/sheet").text
    code = re.search(r'class="sheet-code code">(\w+)<', sheet).group(1)
    assert '<div class="sheet-qr"><svg' in sheet.replace("\n", "").replace("    ", "")
    assert f"http://192.168.1.23:5000/join/{code}" in sheet
    assert "cannot join" not in sheet


def test_wrong_password_is_refused_and_the_11th_failure_in_a_minute_gets_429(app, store):
    store.create_trainer("amina", "correct horse")
    client = app.test_client()
    for _ in range(10):
        assert post(client, "/trainer/login", name="amina", password="wrong").status_code == 401
    assert post(client, "/trainer/login", name="amina", password="correct horse").status_code == 429


def test_trainer_pages_send_a_stranger_to_the_login_page(client):
    response = client.get("/trainer/")
    assert response.status_code == 302 and "/trainer/login" in response.location


def test_a_trainer_cannot_see_another_trainers_class(app, trainer):
    classroom_id = make_class(trainer)
    app.extensions["sandbox"].store.create_trainer("boris", "another password")
    other = app.test_client()
    post(other, "/trainer/login", name="boris", password="another password")
    assert other.get(f"/trainer/classes/{classroom_id}").status_code == 404
    assert post(other, f"/trainer/classes/{classroom_id}", name="mine now").status_code == 404
    assert "Day 1" in trainer.get(f"/trainer/classes/{classroom_id}").text


def test_learner_joins_with_the_code_and_a_name_and_sees_the_class_exercises(app, trainer):
    classroom_id = make_class(trainer)
    store = app.extensions["sandbox"].store
    code = store.get_classroom(classroom_id).join_code
    learner = app.test_client()
    assert post(learner, "/join", code=code.lower()).location.endswith(f"/join/{code}")
    assert post(learner, f"/join/{code}", name="  ").status_code == 400
    response = post(learner, f"/join/{code}", name="Farrukh")
    assert response.status_code == 302
    home = learner.get("/").text
    assert 'Hello, <span translate="no">Farrukh</span>!' in home and "Say hello" in home
    resume = re.search(r'id="resume-code">(\w+)<', home).group(1)
    assert [entry.name for entry in store.learners_of(classroom_id)] == ["Farrukh"]

    other_device = app.test_client()
    assert post(other_device, "/resume", code="nope").status_code == 400
    assert post(other_device, "/resume", code=resume).status_code == 302
    assert 'Hello, <span translate="no">Farrukh</span>!' in other_device.get("/").text


def test_an_archived_class_cannot_be_joined(app, trainer):
    classroom_id = make_class(trainer)
    post(trainer, f"/trainer/classes/{classroom_id}", archived="1")
    code = app.extensions["sandbox"].store.get_classroom(classroom_id).join_code
    assert app.test_client().get(f"/join/{code}").status_code == 404


def test_trainer_renames_and_removes_a_learner(app, trainer):
    classroom_id = make_class(trainer)
    store = app.extensions["sandbox"].store
    learner = store.join_classroom(classroom_id, "Ziyo")
    post(
        trainer,
        f"/trainer/classes/{classroom_id}/learners/{learner.id}",
        name="Ziyodullo",
        action="rename",
    )
    assert store.get_learner(learner.id).name == "Ziyodullo"
    post(trainer, f"/trainer/classes/{classroom_id}/learners/{learner.id}", action="remove")
    assert store.learners_of(classroom_id) == []


def test_assignments_are_saved_in_the_trainers_order(app, trainer):
    classroom_id = make_class(trainer)
    post(trainer, f"/trainer/classes/{classroom_id}", assign="1")
    assert app.extensions["sandbox"].store.assignments(classroom_id) == []
    post(
        trainer,
        f"/trainer/classes/{classroom_id}",
        assign="1",
        exercises="hello",
        **{"position-hello": "1"},
    )
    assert app.extensions["sandbox"].store.assignments(classroom_id) == ["hello"]


def test_trainer_create_command_makes_an_account_that_can_sign_in(tmp_path):
    from click.testing import CliRunner

    from sandbox.cli import main
    from tests.support import FIXTURE_EXERCISES

    env = {"SANDBOX_INSTANCE_PATH": str(tmp_path / "i"), "SANDBOX_EXERCISES_DIR": str(FIXTURE_EXERCISES)}
    result = CliRunner().invoke(main, ["trainer", "create", "dilnoza", "--generate"], env=env)
    assert result.exit_code == 0 and "Password: " in result.output
    again = CliRunner().invoke(main, ["trainer", "create", "dilnoza", "--password", "long enough"], env=env)
    assert again.exit_code != 0 and "already a trainer" in again.output


def test_a_server_keeps_trainers_passwords_with_scrypt_and_checks_any_method(make_app):
    """The quick hash is the suite's alone: a server as started stores scrypt, and checks a hash by the
    method it names (so changing SANDBOX_PASSWORD_HASH locks nobody out)."""
    from sqlalchemy import select

    from sandbox.config import DEFAULTS
    from sandbox.store import Store
    from sandbox.store.models import TrainerRow
    from tests.support import QUICK_HASH

    app = make_app(PASSWORD_HASH=DEFAULTS["PASSWORD_HASH"])
    store = app.extensions["sandbox"].store
    store.create_trainer("amina", "correct horse")
    other = Store(store.url, QUICK_HASH)
    other.create_trainer("boris", "correct horse")
    other.dispose()
    with store.session() as db:
        hashes = dict(db.execute(select(TrainerRow.name, TrainerRow.password_hash)).all())
    assert hashes["amina"].startswith("scrypt:") and hashes["boris"].startswith("pbkdf2:")
    assert store.check_trainer("amina", "correct horse") and store.check_trainer("boris", "correct horse")
    assert not store.check_trainer("boris", "wrong horse")
