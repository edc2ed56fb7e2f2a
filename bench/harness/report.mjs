// Turns one run's raw results into tables: plain text for the terminal, or with --markdown the whole of
// BENCHMARKS.md (method, machine, results, start-up, the indexed-query figures of bench/data-index.md, and
// bench/memory.md, startup.md, profiling.md).
//   node report.mjs <results dir> [--markdown] [--settings "<how wrk was run>"]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [dir, ...flags] = process.argv.slice(2);
const markdown = flags.includes("--markdown");
const settings = flags.includes("--settings") ? flags[flags.indexOf("--settings") + 1] : "";
const bench = join(dirname(fileURLToPath(import.meta.url)), "..");

const columns = ["service", "op", "impl", "conc", "rps", "p50", "p99", "requests", "statusErrors",
  "socketErrors", "rssKb", "cpu", "genCpu", "note"];
const rows = readTsv(join(dir, "rows.tsv"), columns);
const startup = readTsv(join(dir, "startup.tsv"), ["variant", "runs", "median", "min", "max", "rssKb", "note"]);
const machine = existsSync(join(dir, "machine.txt")) ? readFileSync(join(dir, "machine.txt"), "utf8").trim() : "";

function readTsv(file, names) {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").split("\n").filter(Boolean)
    .map((line) => Object.fromEntries(line.split("\t").map((v, i) => [names[i], v])));
}

const OURS = "hyper-nano";
const num = (v) => (v === undefined || v === "" ? NaN : Number(v));
const ms = (us) => (Number.isNaN(num(us)) ? "" : (num(us) / 1000).toFixed(num(us) < 10000 ? 2 : 1));
const mib = (kb) => (Number.isNaN(num(kb)) || num(kb) === 0 ? "" : Math.round(num(kb) / 1024).toString());
const ratio = (a, b) => (a > 0 && b > 0 ? `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}×` : "");

function find(service, op, impl, conc) {
  return rows.find((r) => r.service === service && r.op === op && r.impl === impl && r.conc === conc);
}

const noop = (conc) => rows.find((r) => r.service === "no-op" && r.impl === OURS && r.conc === conc);

/** The comparison each row carries: ours against the no-op ceiling, a peer against ours. */
function compare(r) {
  if (r.conc === "-" || r.conc === "") return "";
  if (r.impl === OURS) {
    if (r.service === "no-op") return "1.00× (ceiling)";
    if (!r.genCpu) return ""; // measured by a loader, in items/s: not comparable with requests/s
    const ceiling = noop(r.conc);
    return ceiling ? `${ratio(num(r.rps), num(ceiling.rps))} of no-op` : "";
  }
  const ours = find(r.service, r.op, OURS, r.conc);
  return ours ? `ours = ${ratio(num(ours.rps), num(r.rps))}` : "";
}

function errors(r) {
  const total = num(r.statusErrors) + num(r.socketErrors || 0);
  return Number.isNaN(total) ? "" : total === 0 ? "0" : `${total} ⚠`;
}

const header = ["service", "operation", "server", "conc", "req/s", "p50 ms", "p99 ms", "errors", "RSS MiB",
  "CPU %", "wrk CPU %", "ratio", "notes"];

function cells(r, showNote) {
  if (r.conc === "-") return [r.service, "—", r.impl, "", "", "", "", "", "", "", "", "", `not measured: ${r.note}`];
  const rps = num(r.rps);
  return [r.service, r.op, r.impl, r.conc, Number.isNaN(rps) ? "" : rps.toLocaleString("en-US"), ms(r.p50),
    ms(r.p99), errors(r), mib(r.rssKb), r.cpu ?? "", r.genCpu ?? "", compare(r), showNote ? r.note ?? "" : ""];
}

function table() {
  const out = [];
  let last = "";
  for (const r of rows) {
    const key = `${r.service}/${r.op}/${r.impl}`;
    out.push(cells(r, key !== last));
    last = key;
  }
  return out;
}

function startupCells(s) {
  if (s.runs === "-") return [s.variant, "", "", "", `not measured: ${s.note}`];
  return [s.variant, `${s.median} ms`, `${s.min}–${s.max} ms`, mib(s.rssKb), s.note ?? ""];
}
const startupHeader = ["launch", "start → first answer (median)", "range", "idle RSS MiB", "notes"];

function text(head, body) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((c) => String(c[i]).length)));
  const line = (c) => c.map((v, i) => String(v).padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

function md(head, body) {
  const line = (c) => `| ${c.map((v) => String(v).replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...body.map(line)].join("\n");
}

if (!markdown) {
  if (rows.length) console.log(`\n${text(header, table())}`);
  if (startup.length) console.log(`\n${text(startupHeader, startup.map(startupCells))}`);
  process.exit(0);
}

const services = [...new Set(rows.map((r) => r.service))];
const note = (name) => (existsSync(join(bench, name)) ? readFileSync(join(bench, name), "utf8").trim() : "");
// Sections measured by their own scripts (bench/memory.sh, bench/profile.sh, by hand), kept beside them and copied in.
const profiling = ["memory.md", "startup.md", "profiling.md"].map(note).filter((text) => text).join("\n\n");
const dataIndex = note("data-index.md");
const doc = `# Benchmarks

Generated by \`bench/run.sh\` (do not edit by hand: run it again). One command reproduces every figure
below on a fresh machine: it builds the server if needed, starts it on a fresh temporary data directory and
a free loopback port, installs and starts each peer on loopback, drives every workload over HTTP with
[wrk](https://github.com/wg/wrk), measures start-up, and rewrites this file.

## Machine

\`\`\`
${machine}
\`\`\`

The machine is small and may be shared: read the **ratios**, which are measured in the same run minutes
apart, rather than the absolute figures.

## Method

- Load generator: **wrk** (Debian package), one thread (\`-t1\`), 1 or 16 keep-alive connections; ${settings}.
  Why wrk on 2 cores: the generator competes with the server for the same two cores, so it must spend as
  little CPU per request as possible. wrk is C on epoll: one thread drives all connections at a few
  microseconds per request (its own CPU is the *wrk CPU %* column), leaving the second core to the server.
  Node-based autocannon costs tens of microseconds of JavaScript per request and saturates its core before
  a fast server does (it would measure itself); oha is not packaged for Debian 12; hey (Go) has no scripting
  for random keys. wrk's Lua hook (\`bench/harness/workload.lua\`) gives every request a random key, and the
  same script drives ours and every peer.
- Each operation: ${"`"}wrk -c16${"`"} warm-up (discarded, so the JIT has compiled the path), then a run at
  concurrency 1 and one at 16. Latency is per request, closed loop (wrk's percentiles).
- **RSS** is the server's resident memory at the end of the run (all processes of a peer added up);
  **CPU %** is the server's user+system CPU time over the run's wall time (100 % = one core, 200 % = both);
  **wrk CPU %** the same for the load generator.
- **ratio**: on our rows, our throughput as a fraction of the no-op ceiling at the same concurrency; on a
  peer's row, our throughput divided by the peer's (above 1× means hyper-nano is faster).
- Our server runs as users launch it (\`scripts/run-server.sh\`: module path, JVM defaults) with a fresh
  data directory per service; each peer in its default durable mode unless its notes say otherwise.

## Results

${services.map((s) => `### ${s}\n\n${md(header.slice(1), table().filter((c) => c[0] === s).map((c) => c.slice(1)))}`).join("\n\n")}

## Start-up

Time from process start to the first answered \`GET /health\` (median of the runs), and resident memory
once idle one second later.

${startup.length ? md(startupHeader, startup.map(startupCells)) : "_not measured in this run_"}
${dataIndex ? `\n${dataIndex}\n` : ""}${profiling ? `\n${profiling}\n` : ""}`;
process.stdout.write(doc);
