import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./workspace.js";

/**
 * The README shows the example hosts word for word: each code block that follows a line
 * `<!-- example: examples/<file> -->` must be that file, which packed.test.ts compiles and runs.
 */
describe("the README's examples", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const examples = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g)];

  it("shows the Express host and the Koa host", () => {
    expect(examples.map(([, file]) => file)).toEqual(["examples/express-host.ts", "examples/koa-host.ts"]);
  });

  it.each(examples.map(([, file, code]) => [file as string, code as string]))("shows %s as it is", (file, code) => {
    expect(code).toBe(readFileSync(join(ROOT, file), "utf8"));
  });
});
