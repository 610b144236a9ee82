import { createAuthenticate } from "./authenticate.js";
import type { AuthDeps } from "./deps.js";
import { createLogin } from "./login.js";
import { createLogout } from "./logout.js";
import { createRegister } from "./register.js";

export type Auth = ReturnType<typeof createAuth>;

/** Every use case, built once from one set of ports: what a composition root hands the web layer. */
export function createAuth(deps: AuthDeps) {
  return {
    register: createRegister(deps),
    login: createLogin(deps),
    authenticate: createAuthenticate(deps),
    logout: createLogout(deps),
  };
}
