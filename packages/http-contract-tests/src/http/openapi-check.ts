import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import type { Answer } from "./audit.js";

interface Operation {
  readonly method: string;
  readonly pattern: RegExp;
  readonly responses: Record<string, { content?: { "application/json"?: { schema: object } }; headers?: Record<string, { required?: boolean; schema?: { const?: string; pattern?: string } }> }>;
}

/**
 * Checks an answer against the OpenAPI document the apps publish: the status is one its
 * operation documents, the headers that must be there are, and the body matches the schema.
 * Answers for paths or methods the document does not know (404, 405) are left to the audit.
 */
export function createOpenApiCheck(document: object): (method: string, url: string, response: Answer) => void {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<object, ValidateFunction>();
  const validatorFor = (schema: object) => {
    let validate = validators.get(schema);
    if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
    return validate;
  };

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries((document as { paths: Record<string, Record<string, Operation["responses"]>> }).paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`);
      operations.push({ method: method.toUpperCase(), pattern, responses: (operation as unknown as { responses: Operation["responses"] }).responses });
    }
  }

  return (method, url, response) => {
    const path = url.split("?")[0] as string;
    const head = method === "HEAD";
    const operation = operations.find((op) => op.method === (head ? "GET" : method) && op.pattern.test(path));
    if (!operation) return;
    const where = `${method} ${path} -> ${response.status}`;
    const documented = operation.responses[String(response.status)];
    expect(documented, `${where}: a status its operation does not document`).toBeDefined();
    if (!documented) return;

    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      const value = response.headers[name.toLowerCase()];
      if (header.required) expect(value, `${where}: header ${name}`).toBeDefined();
      if (value !== undefined && header.schema?.const !== undefined) expect(value, `${where}: header ${name}`).toBe(header.schema.const);
      if (value !== undefined && header.schema?.pattern) expect(String(value), `${where}: header ${name}`).toMatch(new RegExp(header.schema.pattern));
    }
    const schema = documented.content?.["application/json"]?.schema;
    if (head) return;
    if (!schema) {
      expect(response.text ?? "", `${where}: a body where none is documented`).toBe("");
      return;
    }
    const validate = validatorFor(schema);
    const valid = validate(response.body);
    expect(valid, `${where}: body does not match the document: ${ajv.errorsText(validate.errors)}`).toBe(true);
  };
}
