"""One sound for every recording: silence trimmed, one loudness, 8 kHz mono 16-bit WAV
(from a WAV or an MP3).

Twilio's <Play> takes WAV; 8 kHz is the phone line's own rate, so nothing is lost and a
second of speech is 16 KB (a bus answer's first piece starts playing at once).
"""
from __future__ import annotations

import io
import math
import wave
from fractions import Fraction

import numpy as np

RATE = 8000
TARGET_RMS_DBFS = -20.0  # one loudness for every piece, machine or human (speech peaks ~17 dB higher)
PEAK_LIMIT = 10 ** (-1.0 / 20)  # never clip: a loud consonant is scaled down to -1 dBFS
SILENCE_BELOW_DB = 40.0  # quieter than the loudest 10 ms by this much is silence
MARGIN_SECONDS = 0.04  # kept at each end, so joined pieces do not run into each other
FRAME_SECONDS = 0.01


class AudioError(ValueError):
    pass


def decode_wav(data: bytes) -> tuple[np.ndarray, int]:
    """PCM WAV of any rate, width and channel count -> mono float samples in [-1, 1]."""
    try:
        with wave.open(io.BytesIO(data)) as reader:
            width, channels, rate = reader.getsampwidth(), reader.getnchannels(), reader.getframerate()
            frames = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError) as error:
        raise AudioError(f"not a PCM WAV file ({error})") from None
    if width == 1:
        samples = (np.frombuffer(frames, np.uint8).astype(np.float32) - 128) / 128
    elif width in (2, 4):
        dtype = np.int16 if width == 2 else np.int32
        samples = np.frombuffer(frames, dtype).astype(np.float32) / np.iinfo(dtype).max
    elif width == 3:
        raw = np.frombuffer(frames, np.uint8).reshape(-1, 3)
        ints = (raw[:, 0].astype(np.int32) | raw[:, 1].astype(np.int32) << 8 | raw[:, 2].astype(np.int32) << 16)
        samples = np.where(ints >= 1 << 23, ints - (1 << 24), ints).astype(np.float32) / (1 << 23)
    else:
        raise AudioError(f"{width * 8}-bit samples are not supported")
    if channels > 1:
        samples = samples[: len(samples) // channels * channels].reshape(-1, channels).mean(axis=1)
    return samples, rate


def decode_mp3(data: bytes) -> tuple[np.ndarray, int]:
    """MP3 at any rate and channel count -> mono float samples, through miniaudio (dr_mp3 in
    a wheel: no system package), so an uploaded MP3 is trimmed and normalised like a WAV."""
    import miniaudio

    try:
        decoded = miniaudio.mp3_read_f32(bytes(data))
    except miniaudio.MiniaudioError as error:
        raise AudioError(f"not an MP3 file ({error})") from None
    samples = np.asarray(decoded.samples, dtype=np.float32)
    if decoded.nchannels > 1:
        samples = samples[: len(samples) // decoded.nchannels * decoded.nchannels]
        samples = samples.reshape(-1, decoded.nchannels).mean(axis=1)
    return samples, decoded.sample_rate


def encode_wav(samples: np.ndarray, rate: int = RATE) -> bytes:
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm.tobytes())
    return buffer.getvalue()


def duration_ms(data: bytes) -> int:
    with wave.open(io.BytesIO(data)) as reader:
        return round(reader.getnframes() * 1000 / reader.getframerate())


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    frame = max(1, int(rate * FRAME_SECONDS))
    count = len(samples) // frame
    if count == 0:
        raise AudioError("the recording is empty")
    levels = np.sqrt(np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1)) + 1e-12
    loud = np.flatnonzero(20 * np.log10(levels / levels.max()) > -SILENCE_BELOW_DB)
    margin = int(rate * MARGIN_SECONDS)
    start = max(0, loud[0] * frame - margin)
    end = min(len(samples), (loud[-1] + 1) * frame + margin)
    return samples[start:end]


def normalise(samples: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(samples ** 2)))
    if rms < 1e-4:  # -80 dBFS: nothing was said
        raise AudioError("the recording is silent")
    scaled = samples * (10 ** (TARGET_RMS_DBFS / 20) / rms)
    peak = float(np.abs(scaled).max())
    return scaled * (PEAK_LIMIT / peak) if peak > PEAK_LIMIT else scaled


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Through the spectrum: keep what lies below the new Nyquist, drop the rest (an ideal
    low-pass, one FFT each way). Padded with silence to q * 2^k samples (rate/target = q/p
    in lowest terms), sizes the FFT handles fast, so both sizes are whole."""
    if rate == target:
        return samples
    ratio = Fraction(target, rate)
    blocks = 1 << max(0, math.ceil(math.log2(len(samples) / ratio.denominator)))
    padded = np.zeros(ratio.denominator * blocks, np.float32)
    padded[: len(samples)] = samples
    out_length = ratio.numerator * blocks
    spectrum = np.fft.rfft(padded)[: out_length // 2 + 1]
    resampled = np.fft.irfft(spectrum, out_length) * (out_length / len(padded))
    return resampled[: round(len(samples) * ratio)].astype(np.float32)


def prepare(samples: np.ndarray, rate: int) -> bytes:
    """What every recording goes through before it is kept."""
    return encode_wav(normalise(resample(trim(samples, rate), rate)))


def prepare_wav(data: bytes) -> bytes:
    return prepare(*decode_wav(data))


def prepare_mp3(data: bytes) -> bytes:
    return prepare(*decode_mp3(data))
