import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * A directory of the calling file's own under the system's temp directory, removed after its
 * tests; `file()` names a database file in it that does not exist yet.
 */
export function tempFiles(): { dir: () => string; file: (name?: string) => string } {
  let dir: string | undefined;
  let count = 0;
  const ensure = () => (dir ??= mkdtempSync(join(tmpdir(), "tessera-sqlite-")));
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return { dir: ensure, file: (name = `db-${++count}`) => join(ensure(), `${name}.db`) };
}
