"""The recordings themselves: sound, made again only for what changed, human over machine,
one store for every web process."""
from __future__ import annotations

import io
import wave

import numpy as np
from sqlalchemy import select

from hotline.prompts import audio, machine, store
from hotline.prompts.models import Recording
from ivr_flows.engine import Prompt
from ivr_flows.voice import compose


def samples_of(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 8000)
        return np.frombuffer(reader.readframes(reader.getnframes()), "<i2") / 32768, reader.getframerate()


def test_every_machine_recording_is_8khz_mono_wav_trimmed_and_of_one_loudness(db, machine_voice):
    recordings = db.session.scalars(select(Recording)).all()
    assert {r.lang for r in recordings} == {"ky", "uz"}
    for recording in recordings:
        samples, rate = samples_of(recording.audio)
        rms_db = 20 * np.log10(np.sqrt(np.mean(samples ** 2)))
        # One loudness (a peak limit may bring a loud piece a little lower), never silent.
        assert audio.TARGET_RMS_DBFS - 3 < rms_db < audio.TARGET_RMS_DBFS + 0.5, (recording.key, rms_db)
        # Trimmed: speech (within 40 dB of the loudest 10 ms) starts and ends within 60 ms of the edges.
        frames = np.sqrt(np.mean(samples[: len(samples) // 80 * 80].reshape(-1, 80) ** 2, axis=1)) + 1e-9
        speech = np.flatnonzero(20 * np.log10(frames / frames.max()) > -40)
        assert speech[0] <= 6 and speech[-1] >= len(frames) - 7, recording.key
        assert recording.duration_ms == round(len(samples) * 1000 / rate) > 100
        assert len(recording.audio) < 16_100 * recording.duration_ms / 1000 + 100  # 16 KB a second


def test_trimming_removes_silence_around_speech():
    rate = 8000
    tone = 0.3 * np.sin(np.arange(rate) * 2 * np.pi * 440 / rate)
    padded = np.concatenate([np.zeros(rate), tone, np.zeros(2 * rate)]).astype(np.float32)
    kept = audio.duration_ms(audio.prepare(padded, rate))
    assert 1000 <= kept <= 1000 + 2 * audio.MARGIN_SECONDS * 1000 + 20


def test_a_silent_recording_is_refused():
    import pytest

    with pytest.raises(audio.AudioError):
        audio.prepare(np.zeros(8000, np.float32), 8000)


def test_a_composed_bus_answer_lasts_about_the_sentence_said_at_once(db, machine_voice, today):
    """Pieces are not padded nor cut: played one after the other they last about as long as
    the machine voice saying the whole sentence."""
    prompt = Prompt("bus.next", {"place": "Гүлчө", "date": "12.06", "start": "09:30", "end": "12:00",
                                 "point": "айыл өкмөтү"})
    from tests.schedule.helpers import add_visit, in_days

    add_visit("1101", in_days(3), point="айыл өкмөтү")
    machine_voice.refresh()
    pieces = compose(prompt, "ky", today)
    found = [store.best("ky", piece.kind, piece.key) for piece in pieces]
    assert all(found), [p.key for p, f in zip(pieces, found) if f is None]
    composed = sum(f.duration_ms for f in found)
    whole = audio.duration_ms(machine.speak(" ".join(piece.text for piece in pieces), "ky"))
    assert 0.8 * whole < composed < 1.5 * whole, (composed, whole)


def test_generating_again_makes_only_what_changed(db, machine_voice, monkeypatch):
    from hotline.schedule.models import Place
    from tests.schedule.helpers import add_visit, in_days, place

    assert machine_voice.refresh() == 0  # nothing changed since the fixture made everything
    gulcho = place("1101")
    old = store.best("ky", "place", gulcho.name_ky)
    gulcho.name_ky = "Гүлчө-Жаңы"
    add_visit("1101", in_days(3), point="мектептин алды")
    db.session.commit()
    assert store.best("ky", "place", "Гүлчө-Жаңы") is None  # until the refresh: not yet
    made = machine_voice.refresh()
    # ky: the new name and the meeting point; uz: the meeting point (its Latin name did not change)
    assert made == 3
    assert store.best("ky", "place", "Гүлчө-Жаңы") is not None
    assert store.best("ky", "place", old.text).id == old.id  # Kara-Suu's twin keeps its recording
    assert db.session.get(Place, gulcho.id).name_ky == "Гүлчө-Жаңы"


def test_a_changed_text_is_made_again_and_the_old_one_plays_until_then(db, machine_voice, monkeypatch):
    from ivr_flows import texts

    before = store.best("ky", "text", "voice.goodbye")
    changed = texts.Text(ky="Чалганыңыз үчүн чоң рахмат.", ru=texts.CATALOG["voice.goodbye"].ru,
                         uz=texts.CATALOG["voice.goodbye"].uz)
    monkeypatch.setitem(texts.CATALOG, "voice.goodbye", changed)
    store.forget()
    assert store.best("ky", "text", "voice.goodbye").id == before.id  # the previous one still plays
    assert machine_voice.refresh() == 1
    after = store.best("ky", "text", "voice.goodbye")
    assert after.id != before.id and after.text == "Чалганыңыз үчүн чоң рахмат."


def test_a_human_recording_wins_and_the_machine_one_stays(db, machine_voice, call):
    human = machine.speak("жөн гана адамдын үнү", "ky")  # any prepared audio stands for a person
    store.save("ky", "text", "voice.main_menu", "Автобус качан...", "human", human)
    db.session.commit()
    store.forget()
    c = call()
    c.start()
    menu = c.press("1")
    [url] = [el.text for el in menu.root.iter("Play")]
    chosen = db.session.get(Recording, int(url.rsplit("/", 1)[1].split(".")[0]))
    assert chosen.source == "human"
    assert store.machine_made("ky", "text", "voice.main_menu") is not None
    assert machine_voice.refresh() == 0  # a human recording is never overwritten by the machine


def test_the_media_route_serves_from_the_database_and_may_be_cached(app, db, machine_voice):
    recording = db.session.scalars(select(Recording).limit(1)).first()
    response = app.test_client().get(f"/media/recordings/{recording.id}.wav")
    assert response.status_code == 200 and response.data == recording.audio
    assert "immutable" in response.headers["Cache-Control"]
    assert app.test_client().get("/media/recordings/999999.wav").status_code == 404


def test_a_second_web_process_with_its_own_instance_folder_plays_the_same_prompts(db, machine_voice, tmp_path):
    """Recordings live in the database: another host's web process (gunicorn, another instance
    folder, the same database) answers a Kyrgyz call with the same recordings, and serves them."""
    import socket
    import urllib.parse
    import urllib.request

    from twilio.request_validator import RequestValidator

    from tests.conftest import TEST_AUTH_TOKEN, Process
    from tests.support.phone import new_sid

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    ky_menu = store.best("ky", "text", "voice.choose_language")
    kept = db.session.get(Recording, ky_menu.id).audio
    db.session.commit()  # no read transaction left open: on SQLite it would hold the other's writes
    web = Process("web", "--port", str(port), "--workers", "1",
                  env={"HOTLINE_INSTANCE_DIR": str(tmp_path / "other-host"), "HOTLINE_PUBLIC_URL": base})
    try:
        web.wait_for("Booting worker")
        params = {"CallSid": new_sid("CA"), "AccountSid": "AC" + "1" * 32, "From": "+996700111222",
                  "To": "+996312900900", "CallStatus": "in-progress", "Direction": "inbound"}
        url = f"{base}/twilio/voice"
        request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={
            "X-Twilio-Signature": RequestValidator(TEST_AUTH_TOKEN).compute_signature(url, params)})
        twiml = _fetch(request)
        plays = [part.split("</Play>")[0] for part in twiml.decode().split("<Play>")[1:]]
        assert f"{base}/media/recordings/{ky_menu.id}.wav" in plays, twiml.decode() + web.output()[-3000:]
        served = _fetch(urllib.request.Request(f"{base}/media/recordings/{ky_menu.id}.wav"))
        assert served == kept
        assert not (tmp_path / "other-host" / "recordings").exists()  # nothing on that host's disk
    finally:
        web.stop()


def _fetch(request, tries: int = 50) -> bytes:
    """The port may answer a moment after gunicorn says it booted its worker."""
    import time
    import urllib.error
    import urllib.request

    for attempt in range(tries):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read()
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
            if attempt == tries - 1:
                raise
            time.sleep(0.1)


def test_the_admin_simulator_shows_the_words_of_what_is_played(db, machine_voice):
    from hotline.admin.simulator import parse

    menu = store.best("ky", "text", "voice.main_menu")
    step = parse(200, f'<Response><Play>http://x/media/recordings/{menu.id}.wav</Play></Response>')
    assert [(said.text, said.audio) for said in step.said] == [(menu.text, f"/media/recordings/{menu.id}.wav")]


def test_when_the_index_cannot_be_read_the_call_goes_on_in_russian(db, call, monkeypatch):
    """The database restarting between two index reads: the webhook still answers (the prompt
    said in Russian), and its own transaction is not spoiled."""
    from sqlalchemy.exc import OperationalError

    def down():
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    store.forget()
    monkeypatch.setattr(store, "_index", {})  # what this process read before: nothing
    monkeypatch.setattr(store, "_read_index", down)
    c = call()
    c.start()
    answer = c.press("1")  # Kyrgyz
    assert answer.status == 200 and "Чтобы узнать, когда приедет автобус" in answer.text
