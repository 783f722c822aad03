// Record a prompt with the microphone on the prompts page (MediaRecorder), hear it back, keep it.
// The browser records in its own format (WebM/Opus in Chromium); it is decoded here and sent as a
// 16-bit mono WAV through the upload form, so the server prepares it like any uploaded WAV.
(function () {
  const box = document.getElementById("recorder");
  if (!box || !window.MediaRecorder || !navigator.mediaDevices) return;
  box.hidden = false;
  const form = box.closest("form");
  const start = document.getElementById("rec-start");
  const stop = document.getElementById("rec-stop");
  const keep = document.getElementById("rec-keep");
  const preview = document.getElementById("rec-preview");
  let recorder = null, chunks = [], began = 0, timer = null;

  start.addEventListener("click", async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    recorder = new MediaRecorder(stream);
    chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = async () => {
      stream.getTracks().forEach((track) => track.stop());
      const blob = new Blob(chunks, { type: recorder.mimeType });
      preview.src = URL.createObjectURL(blob);
      const wav = await toWav(await blob.arrayBuffer());
      const files = new DataTransfer();
      files.items.add(new File([wav], "recording.wav", { type: "audio/wav" }));
      form.querySelector("input[type=file]").files = files.files;
      keep.disabled = false;
      box.dataset.state = "recorded";
    };
    recorder.start(250);
    began = performance.now();
    timer = setInterval(() => { box.dataset.seconds = ((performance.now() - began) / 1000).toFixed(1); }, 100);
    start.disabled = true; stop.disabled = false; keep.disabled = true;
    box.dataset.state = "recording";
  });

  stop.addEventListener("click", () => {
    clearInterval(timer);
    recorder.stop();
    start.disabled = false; stop.disabled = true;
  });

  keep.addEventListener("click", () => form.requestSubmit());

  async function toWav(encoded) {
    const context = new AudioContext();
    const audio = await context.decodeAudioData(encoded);
    const samples = audio.getChannelData(0);
    const buffer = new ArrayBuffer(44 + samples.length * 2);
    const view = new DataView(buffer);
    const text = (offset, value) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
    text(0, "RIFF"); view.setUint32(4, 36 + samples.length * 2, true); text(8, "WAVE");
    text(12, "fmt "); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, audio.sampleRate, true); view.setUint32(28, audio.sampleRate * 2, true);
    view.setUint16(32, 2, true); view.setUint16(34, 16, true);
    text(36, "data"); view.setUint32(40, samples.length * 2, true);
    samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, s)) * 32767, true));
    context.close();
    return buffer;
  }
})();
