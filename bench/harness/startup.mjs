// Start-up time and idle memory of one way of launching hyper-nano.
//   node startup.mjs <runs> [--container <name>] -- <command> <args...>
// {port} and {dir} in the arguments (and {port} in the container's name) become a free port and a fresh
// data directory for each run. Each
// run: spawn, poll GET /health every 5 ms until it answers 200 (that interval is the time), stay idle
// one second, read the resident memory (of the process tree, or of the container's main process), stop.
// Prints one JSON line: {"runs","median","min","max","rss_kb"} (times in ms).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const runs = Number(args[0]);
const container = args.includes("--container") ? args[args.indexOf("--container") + 1] : null;
const command = args.slice(args.indexOf("--") + 1);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

const healthy = (port) => new Promise((resolve) => {
  const req = get({ host: "127.0.0.1", port, path: "/health", agent: false, timeout: 1000 }, (res) => {
    res.resume();
    resolve(res.statusCode === 200);
  });
  req.on("error", () => resolve(false));
  req.on("timeout", () => req.destroy());
});

function rssKb(pid) {
  const field = (p) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
  const children = new Map();
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = Number(readFileSync(`/proc/${p}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(p)]);
    } catch { /* gone */ }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try { total += field(p); } catch { /* gone */ }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

async function once() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "hyper-startup-"));
  const argv = command.map((a) => a.replaceAll("{port}", String(port)).replaceAll("{dir}", dir));
  const name = container?.replaceAll("{port}", String(port));
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  let dead = false;
  exited.then(() => (dead = true));
  try {
    while (!(await healthy(port))) {
      if (dead) throw new Error(`${argv.join(" ")} exited before answering`);
      if (performance.now() - started > 60_000) throw new Error("no answer within 60 s");
      await sleep(5);
    }
    const ms = performance.now() - started;
    await sleep(1000);
    const pid = name
      ? Number(execFileSync("docker", ["inspect", "-f", "{{.State.Pid}}", name]).toString().trim())
      : child.pid;
    return { ms, rss: rssKb(pid) };
  } finally {
    try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
    if (name) {
      try { execFileSync("docker", ["rm", "-f", name], { stdio: "ignore" }); } catch { /* gone */ }
    }
    const timer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }, 15_000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
const times = results.map((r) => r.ms).sort((a, b) => a - b);
const rss = results.map((r) => r.rss).sort((a, b) => a - b);
const median = (xs) => (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
console.log(JSON.stringify({
  runs, median: Math.round(median(times)), min: Math.round(times[0]), max: Math.round(times.at(-1)),
  rss_kb: Math.round(median(rss)),
}));
