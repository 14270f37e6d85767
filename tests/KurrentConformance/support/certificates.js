// A throw-away CA and a node certificate for 127.0.0.1 (openssl, installed by scripts/lib.sh), for the TLS host.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function createCertificates() {
  const dir = mkdtempSync(join(tmpdir(), "evs-kurrent-tls-"));
  const file = (name) => join(dir, name);
  const openssl = (...args) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "2", "-subj", "/CN=evs test CA");
  openssl("req", ...ec, "-keyout", file("node.key"), "-out", file("node.csr"), "-subj", "/CN=127.0.0.1");
  writeFileSync(file("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl("x509", "-req", "-in", file("node.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-days", "2", "-out", file("node.pem"), "-extfile", file("san.ext"));
  return { ca: file("ca.pem"), certificate: file("node.pem"), key: file("node.key"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
