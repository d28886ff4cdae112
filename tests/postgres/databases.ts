import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";

/** The PostgreSQL server of the run (see global-setup.ts), and a fresh database on it per caller. */

export const POSTGRES_URL = inject("postgresUrl");
/** For `describe.skipIf(!POSTGRES_URL)`: the reason, to print in the suite's name. */
export const POSTGRES_MISSING = inject("postgresMissing");

const created: string[] = [];

/** A new, empty database on the test server; its URL. Dropped by dropDatabases. */
export async function freshDatabase(): Promise<string> {
  const name = `tracker_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  created.push(name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** For afterAll: drops every database this file created (connections still open are cut). */
export async function dropDatabases(): Promise<void> {
  if (created.length === 0) return;
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  try {
    for (const name of created.splice(0)) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
