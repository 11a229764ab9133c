"use strict";
// Helpers shared by the bench scripts: statistics, whole-process timing, and the plain sequential
// pager that users write today (page 0, 1, 2… one at a time, signed with node:crypto).

const http = require("node:http");
const crypto = require("node:crypto");
const { spawn } = require("node:child_process");
const { performance } = require("node:perf_hooks");

/** Median of numbers (mean of the middle two for an even count). */
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounds to `digits` decimals (for printing and JSON). */
function round(value, digits = 1) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Progress on stderr (stdout is kept for the report). */
function progress(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Runs `node args…` and resolves with its wall time (spawn to exit, in ms), exit code and output.
 * The last stdout line that parses as JSON is returned as `report` (the bench children print one).
 */
function timeNode(args, { env = process.env, cwd = process.cwd(), input } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env,
      cwd,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (input !== undefined) child.stdin.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    let exitedAt = 0;
    child.on("exit", () => (exitedAt = performance.now()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = (exitedAt || performance.now()) - started;
      let report;
      for (const line of stdout.trim().split("\n").reverse()) {
        try {
          report = JSON.parse(line);
          break;
        } catch {
          // not the report line
        }
      }
      resolve({ ms, code, signal, stdout, stderr, report });
    });
  });
}

/** Like {@link timeNode} but rejects with the child's stderr when it fails. */
async function runNode(args, options) {
  const r = await timeNode(args, options);
  if (r.code !== 0) {
    throw new Error(`node ${args.join(" ")} exited with ${r.code ?? r.signal}:\n${r.stderr.slice(-3000)}`);
  }
  return r;
}

/** One signed GET as a user's script does it: HMAC-SHA256 signature v2 over `GET uri\nts\naccessKey`. */
function signedGet(baseUrl, uri, accessKey, secretKey, agent) {
  const timestamp = String(Date.now());
  const signature = crypto
    .createHmac("sha256", secretKey)
    .update(`GET ${uri}\n${timestamp}\n${accessKey}`, "utf8")
    .digest("base64");
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: uri,
        method: "GET",
        agent,
        headers: {
          accept: "application/json",
          "x-ncp-apigw-timestamp": timestamp,
          "x-ncp-iam-access-key": accessKey,
          "x-ncp-apigw-signature-v2": signature,
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200)
            reject(new Error(`GET ${uri}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
          else resolve(JSON.parse(body));
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * The plain sequential pager: Sub Account policies page 0, 1, 2… of `size`, one request at a time,
 * until `hasNext` is false. Kept-alive connections (kinder to it than one curl process per page).
 */
async function sequentialPolicies(baseUrl, accessKey, secretKey, size = 100) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const items = [];
  let requests = 0;
  try {
    for (let page = 0; ; page++) {
      const body = await signedGet(
        baseUrl,
        `/api/v1/policies?page=${page}&size=${size}`,
        accessKey,
        secretKey,
        agent,
      );
      requests++;
      items.push(...body.items);
      if (!body.hasNext || body.items.length === 0) break;
    }
  } finally {
    agent.destroy();
  }
  return { items, requests };
}

module.exports = { median, round, progress, timeNode, runNode, sequentialPolicies };
