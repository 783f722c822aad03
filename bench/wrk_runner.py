"""One load level with wrk (a C load generator) over pre-signed /twilio/sms bodies.

The Python generator (loadgen.run_level) spends a core of its own on HTTP; wrk spends a
fraction of that, so more of the 2 shared cores are left to the server. Each wrk thread reads
its own file of requests (whole dialogues dealt out to the threads, each request once: a fresh
MessageSid each), written here as a Lua table; a response that is not a 200 with `<Response`
is an error, as with loadgen. Within a thread the connections take the next request in turn,
so one resident's texts may be in flight at once on two connections (loadgen's clients keep
them in order): a menu digit can then come before its menu and get the short menu instead.

Used by bench_webhooks.py when `wrk` is on the PATH (Debian's package: /usr/bin/wrk).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.loadgen import LevelResult, Prepared

SCRIPT = r"""
local threads, counter = {}, 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  reqs = dofile(args[1] .. "/requests-" .. tid .. ".lua")
  i, bad, exhausted = 0, 0, 0
end
function request()
  i = i + 1
  if i > #reqs then exhausted = exhausted + 1; i = 1 end
  local r = reqs[i]
  return wrk.format("POST", PATH, {["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Twilio-Signature"] = r[2], ["User-Agent"] = "TwilioProxy/1.1"}, r[1])
end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, "<Response", 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local bad_total, exhausted_total = 0, 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + t:get("bad"); exhausted_total = exhausted_total + t:get("exhausted")
  end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "duration_us": %d, "bad": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "timeout": %d, "exhausted": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, bad_total, e.connect, e.read, e.write, e.timeout, exhausted_total,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(data: bytes | str) -> str:
    text = data.decode() if isinstance(data, bytes) else data
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_level(port: int, path: str, dialogues: list[list[Prepared]], concurrency: int,
              seconds: float, timeout: float = 15.0) -> LevelResult:
    threads = max(1, min(2, concurrency))
    with tempfile.TemporaryDirectory(prefix="hotline-wrk-") as folder:
        for tid in range(threads):
            items = [item for d in dialogues[tid::threads] for item in d]
            rows = ",\n".join(f"{{{_lua_string(item.body)}, {_lua_string(item.signature)}}}" for item in items)
            Path(folder, f"requests-{tid}.lua").write_text("return {\n" + rows + "\n}\n")
        script = Path(folder, "post.lua")
        script.write_text(f"PATH = {_lua_string(path)}\n" + SCRIPT)
        done = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds:g}s",
             "--timeout", f"{timeout:g}s", "-s", str(script), f"http://127.0.0.1:{port}{path}", "--", folder],
            capture_output=True, text=True, timeout=seconds + timeout + 60)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    r = json.loads(line[len("RESULT "):])
    kinds = {key: r[key] for key in ("bad", "connect", "read", "write", "timeout") if r[key]}
    if r["exhausted"]:
        kinds["requests reused (ran out)"] = r["exhausted"]
    elapsed = r["duration_us"] / 1e6
    errors = sum(r[key] for key in ("bad", "connect", "read", "write", "timeout"))
    return LevelResult(concurrency, round(elapsed, 2), r["requests"], errors, r["requests"] / elapsed,
                       r["p50"] / 1000, r["p95"] / 1000, r["p99"] / 1000, r["max"] / 1000, kinds)
