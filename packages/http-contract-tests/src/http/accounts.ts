import { expect } from "vitest";
import { expectSessionCookie } from "./cookies.js";
import type { Harness } from "./harness.js";

let counter = 0;

/** A fresh address per call, so tests share one store without sharing accounts. */
export function uniqueEmail(): string {
  return `user-${process.pid}-${Date.now()}-${++counter}@example.org`;
}

/** A valid address of exactly 254 characters, the most the contract allows. */
export function longestEmail(): string {
  const local = `u${Date.now()}${++counter}`.padEnd(20, "x").slice(0, 20);
  return `${local}@${"c".repeat(37)}.${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(63)}.org`;
}

export interface Account {
  readonly email: string;
  readonly password: string;
  /** The session token from registration. */
  readonly token: string;
}

export async function registerAccount(h: Harness, email = uniqueEmail()): Promise<Account> {
  const password = h.secret(`pw ${email} ${Math.random()}`.slice(0, 60));
  const response = await h.post("/api/users/register").send({ email, password });
  expect(response.status).toBe(201);
  return { email, password, token: expectSessionCookie(response, h.cookie) };
}

export async function loginAccount(h: Harness, account: Pick<Account, "email" | "password">): Promise<string> {
  const response = await h.post("/api/users/login").send({ email: account.email, password: account.password });
  expect(response.status).toBe(200);
  return expectSessionCookie(response, h.cookie);
}
