import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

/**
 * PostgreSQL for the tests: TEST_DATABASE_URL when set (`.ci/run` starts a server and sets it), else a
 * throwaway server started here when PostgreSQL's programs are installed, else none: the PostgreSQL tests
 * are then skipped, saying why.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** An administrator's URL (may CREATE DATABASE); "" when there is no server. */
    postgresUrl: string;
    /** Why there is no server ("" when there is one). */
    postgresMissing: string;
  }
}

const SERVER = fileURLToPath(new URL("./server.sh", import.meta.url));

export default function setup(project: TestProject): (() => void) | undefined {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide("postgresUrl", given);
    project.provide("postgresMissing", "");
    return undefined;
  }
  let out: string;
  try {
    out = execFileSync("bash", [SERVER, "start"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const reason = String((error as { stderr?: unknown }).stderr ?? (error as Error).message).trim();
    project.provide("postgresUrl", "");
    project.provide(
      "postgresMissing",
      `no PostgreSQL: TEST_DATABASE_URL is unset and a throwaway server could not start (${reason.split("\n")[0]})`,
    );
    return undefined;
  }
  const [url = "", dir = ""] = out.trim().split("\n");
  project.provide("postgresUrl", url);
  project.provide("postgresMissing", "");
  return () => {
    execFileSync("bash", [SERVER, "stop", dir], { stdio: "ignore" });
  };
}
