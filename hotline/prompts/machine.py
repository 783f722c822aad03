"""The machine voice: eSpeak NG's Kyrgyz and Uzbek voices through ctypes.

The espeakng-loader wheel ships libespeak-ng and its voice data, so a fresh install
needs no system package. eSpeak keeps global state: one synthesis at a time per process.
Russian is left to Twilio's Russian voice, which sounds far better.
"""
from __future__ import annotations

import ctypes
import functools
import threading

import numpy as np

from hotline.prompts import audio

VOICES = {"ky": b"ky", "uz": b"uz"}
AUDIO_OUTPUT_SYNCHRONOUS = 2
UTF8 = 1
_lock = threading.Lock()
_chunks: list[bytes] = []
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


@_CALLBACK
def _collect(wav, count, _events):
    if count > 0:
        _chunks.append(ctypes.string_at(wav, count * 2))
    return 0


@functools.cache
def _engine() -> tuple[ctypes.CDLL, int]:
    import espeakng_loader

    library = ctypes.CDLL(espeakng_loader.get_library_path())
    rate = library.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0)
    if rate <= 0:
        raise RuntimeError("eSpeak NG did not start")
    library.espeak_SetSynthCallback(_collect)
    return library, rate


def available(lang: str) -> bool:
    return lang in VOICES


@functools.lru_cache(maxsize=4096)  # a test session makes the same pieces many times
def speak(text: str, lang: str) -> bytes:
    """`text` said by the machine voice of `lang`, as a prepared 8 kHz WAV."""
    with _lock:
        library, rate = _engine()
        if library.espeak_SetVoiceByName(VOICES[lang]) != 0:
            raise RuntimeError(f"eSpeak NG has no {lang} voice")
        _chunks.clear()
        encoded = text.encode()
        library.espeak_Synth(encoded, len(encoded) + 1, 0, 0, 0, UTF8, None, None)
        library.espeak_Synchronize()
        raw = b"".join(_chunks)
    samples = np.frombuffer(raw, np.int16).astype(np.float32) / 32768
    return audio.prepare(samples, rate)
