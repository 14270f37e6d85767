// @eventstore/db-client 6.x against our KurrentDB-compatible endpoint (issue 19, point 2): the conformance checks over both store
// adapters, then TLS and access. One client per file: the two clients' generated code cannot share a process.
import { defineAccess } from "./support/access.js";
import { loadClient } from "./support/clients.js";
import { defineConformance } from "./support/suite.js";

const kind = await loadClient("esdb");
defineConformance(kind, "sqlite");
defineConformance(kind, "postgres");
defineAccess(kind);
