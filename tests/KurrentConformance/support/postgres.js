// Scratch PostgreSQL databases on the server scripts/lib.sh starts (EVS_PG, Npgsql's key=value form), one per
// host, created and dropped with psql as the .NET tests do with PostgresDatabase.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";

const DEFAULT_SERVER = "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

const parse = (connectionString) =>
  Object.fromEntries(
    connectionString
      .split(";")
      .filter((part) => part.includes("="))
      .map((part) => {
        const at = part.indexOf("=");
        return [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()];
      }),
  );

const psql = (server, sql) => {
  const { host = "127.0.0.1", port = "5432", username = "postgres" } = parse(server);
  execFileSync("psql", ["-h", host, "-p", port, "-U", username, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], {
    stdio: ["ignore", "ignore", "pipe"],
  });
};

/** A fresh database; `connectionString` is in Npgsql's form for the host's EventStore:Postgres:ConnectionString. */
export function createDatabase() {
  const server = process.env.EVS_PG || DEFAULT_SERVER;
  const name = `evs_node_${randomUUID().replaceAll("-", "")}`;
  try {
    psql(server, `CREATE DATABASE ${name}`);
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable with EVS_PG='${server}'; start it with \`source scripts/lib.sh && start_postgres\` (scripts/test does). ${error.stderr ?? error.message}`);
  }
  const connectionString = server
    .split(";")
    .filter((part) => part.trim() && !/^\s*database\s*=/i.test(part))
    .concat(`Database=${name}`)
    .join(";");
  return { name, connectionString, drop: () => psql(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
