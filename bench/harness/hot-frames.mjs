// Reads `jfr print --json --events jdk.ExecutionSample` and ranks the methods of our own code (hyper.*)
// by the share of samples that have them on the stack (inclusive time), each method counted once per sample.
//   node hot-frames.mjs <samples.json> [prefix]
import { readFileSync } from "node:fs";

const [file, prefix = "hyper."] = process.argv.slice(2);
const events = JSON.parse(readFileSync(file, "utf8")).recording.events;
const inclusive = new Map();
for (const event of events) {
  const seen = new Set();
  for (const frame of event.values.stackTrace?.frames ?? []) {
    const type = frame.method.type.name.replaceAll("/", ".");
    if (!type.startsWith(prefix)) continue;
    const name = `${type}.${frame.method.name}`;
    if (!seen.has(name)) {
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
    }
  }
}
const total = events.length;
console.log(`${total} samples`);
for (const [name, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`);
}
