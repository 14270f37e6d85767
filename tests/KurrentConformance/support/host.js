// Starts tools/KurrentHost (our store behind the KurrentDB-compatible endpoint) on a free port, on a fresh SQLite
// file or PostgreSQL database, and waits for its "listening on" line — no sleeps.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase } from "./postgres.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const STARTUP_DEADLINE_MS = 60_000;

export const hostDll = () => {
  const dll = process.env.KURRENT_HOST_DLL || join(repoRoot, "tools/KurrentHost/bin/Debug/net10.0/KurrentHost.dll");
  if (!existsSync(dll)) throw new Error(`${dll} is missing: build the solution first (scripts/test does), or set KURRENT_HOST_DLL`);
  return dll;
};

/**
 * @param {{ provider: "sqlite" | "postgres", settings?: Record<string, string> }} options
 *   settings: EventStore:Grpc:* keys without the prefix, e.g. { AllowWrites: "true", "Anonymous:Role": "writer" }
 */
export async function startHost({ provider, settings = {} }) {
  const args = [hostDll(), "--EventStore:Grpc:Listen=127.0.0.1:0"];
  const cleanups = [];
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "evs-kurrent-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    args.push(`--EventStore:Sqlite:Path=${join(dir, "events.db")}`);
  } else {
    const database = createDatabase();
    cleanups.push(() => database.drop());
    args.push("--EventStore:Provider=postgres", `--EventStore:Postgres:ConnectionString=${database.connectionString}`);
  }
  for (const [key, value] of Object.entries(settings)) args.push(`--EventStore:Grpc:${key}=${value}`);

  const child = spawn("dotnet", args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolveExit) => child.once("exit", resolveExit));
  const port = await new Promise((resolvePort, reject) => {
    let stdout = "";
    const deadline = setTimeout(() => reject(new Error(`KurrentHost did not start within ${STARTUP_DEADLINE_MS} ms: ${stderr}`)), STARTUP_DEADLINE_MS);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /listening on https?:\/\/[^:]+:(\d+)/.exec(stdout);
      if (match) {
        clearTimeout(deadline);
        resolvePort(Number(match[1]));
      }
    });
    exited.then((code) => {
      clearTimeout(deadline);
      reject(new Error(`KurrentHost exited with ${code}: ${stderr}`));
    });
  });

  return {
    port,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      for (const cleanup of cleanups) cleanup();
    },
  };
}

/** Runs the host expecting it to refuse its configuration: its exit code and output (killed if it starts instead). */
export function runRefusedHost(extraArgs) {
  return new Promise((resolveRun) => {
    const dir = mkdtempSync(join(tmpdir(), "evs-kurrent-"));
    const child = spawn("dotnet", [hostDll(), "--EventStore:Grpc:Listen=127.0.0.1:0", `--EventStore:Sqlite:Path=${join(dir, "events.db")}`, ...extraArgs], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const deadline = setTimeout(() => child.kill("SIGKILL"), STARTUP_DEADLINE_MS);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("listening on")) child.kill("SIGTERM");
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("exit", (code) => {
      clearTimeout(deadline);
      rmSync(dir, { recursive: true, force: true });
      resolveRun({ code, stdout, stderr });
    });
  });
}
