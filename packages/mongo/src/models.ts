import type { MailIntent, MailMessage, OutboxStatus } from "@tessera/domain/mail";
import type { AccountTokenKind } from "@tessera/domain/ports";
import { Schema, type Connection, type Model, type Types } from "mongoose";

export interface UserDocument {
  _id: Types.ObjectId;
  /** Normalised (trimmed, lower-cased); unique. */
  email: string;
  /** The first password's hash. Later ones are credentials documents: only ever inserted. */
  passwordHash: string;
  /** Absent on accounts made before addresses were verified: read as false. */
  emailVerified?: boolean;
  createdAt: Date;
}

/**
 * One password hash of a user after the first, numbered: the highest number is the current one.
 * Inserted, never updated: the unique (userId, seq) index makes "replace the hash only if it is
 * still the one I checked" atomic on any Mongo-wire server, where an update filtered on the old
 * hash is not (FerretDB reads, then writes the whole document).
 */
export interface CredentialDocument {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  seq: number;
  passwordHash: string;
  /** Moves on at a password change, stays at a re-hash of the same password. */
  credentialVersion: number;
  createdAt: Date;
}

/**
 * No copy of the owner's profile: a lookup reads the account by userId, so a change to it shows at
 * once in every session. (Documents written by earlier versions still carry a `user` copy; it is
 * never read.)
 */
export interface SessionDocument {
  _id: Types.ObjectId;
  /** SHA-256 of the token; the token itself is never stored. Unique. */
  tokenDigest: string;
  userId: Types.ObjectId;
  credentialVersion: number;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date;
  userAgent: string | null;
}

/** One attempt holding one slot of a throttle key. Inserted and deleted, never updated. */
export interface AttemptSlotDocument {
  _id: Types.ObjectId;
  key: string;
  slot: number;
  holder: string;
  at: Date;
  expiresAt: Date;
}

export interface DeviceDocument {
  _id: Types.ObjectId;
  /** SHA-256 of the device token. Unique. */
  tokenDigest: string;
  userId: Types.ObjectId;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * A mail token, under its digest. At most one per (userId, kind), by a unique index: issuing one
 * removes the older, and taking one deletes it. Inserted and deleted, never updated.
 */
export interface AccountTokenDocument {
  _id: Types.ObjectId;
  /** SHA-256 of the token. Unique. */
  digest: string;
  userId: Types.ObjectId;
  kind: AccountTokenKind;
  email: string;
  newEmail: string | null;
  credentialVersion: number;
  createdAt: Date;
  expiresAt: Date;
}

/** Mail to send, or sent. Only the courier holding an entry updates it. */
export interface OutboxDocument {
  _id: Types.ObjectId;
  /** As the use case gave it. */
  intent: MailIntent;
  /** The account the entry is about (a string id, as in the intent); null when none yet. */
  userId: string | null;
  createdAt: Date;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  message: MailMessage | null;
  /** Set when the entry is settled: then it is deleted some days later. A pending entry has none. */
  purgeAt?: Date;
}

// Indexes are created explicitly and awaited at start-up (see indexes.ts), never by autoIndex;
// commands fail at once when the server is away instead of waiting in mongoose's buffer.
const options = { versionKey: false, autoIndex: false, autoCreate: false, bufferCommands: false, strict: "throw" } as const;

const userSchema = new Schema<UserDocument>(
  {
    email: { type: String, required: true },
    passwordHash: { type: String, required: true },
    emailVerified: { type: Boolean },
    createdAt: { type: Date, required: true },
  },
  { ...options, collection: "users" },
);

const credentialSchema = new Schema<CredentialDocument>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    passwordHash: { type: String, required: true },
    credentialVersion: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { ...options, collection: "credentials" },
);

const sessionSchema = new Schema<SessionDocument>(
  {
    tokenDigest: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    credentialVersion: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
    userAgent: { type: String, default: null },
  },
  { ...options, collection: "sessions" },
);

const attemptSlotSchema = new Schema<AttemptSlotDocument>(
  {
    key: { type: String, required: true },
    slot: { type: Number, required: true },
    holder: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: "attempt_slots" },
);

const deviceSchema = new Schema<DeviceDocument>(
  {
    tokenDigest: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: "devices" },
);

const accountTokenSchema = new Schema<AccountTokenDocument>(
  {
    digest: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    email: { type: String, required: true },
    newEmail: { type: String, default: null },
    credentialVersion: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: "account_tokens" },
);

const outboxSchema = new Schema<OutboxDocument>(
  {
    intent: { type: Schema.Types.Mixed, required: true },
    userId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    message: { type: Schema.Types.Mixed, default: null },
    purgeAt: { type: Date },
  },
  { ...options, collection: "outbox" },
);

export interface Models {
  readonly users: Model<UserDocument>;
  readonly credentials: Model<CredentialDocument>;
  readonly sessions: Model<SessionDocument>;
  readonly attemptSlots: Model<AttemptSlotDocument>;
  readonly devices: Model<DeviceDocument>;
  readonly accountTokens: Model<AccountTokenDocument>;
  readonly outbox: Model<OutboxDocument>;
}

export function defineModels(connection: Connection): Models {
  return {
    users: connection.model<UserDocument>("User", userSchema),
    credentials: connection.model<CredentialDocument>("Credential", credentialSchema),
    sessions: connection.model<SessionDocument>("Session", sessionSchema),
    attemptSlots: connection.model<AttemptSlotDocument>("AttemptSlot", attemptSlotSchema),
    devices: connection.model<DeviceDocument>("Device", deviceSchema),
    accountTokens: connection.model<AccountTokenDocument>("AccountToken", accountTokenSchema),
    outbox: connection.model<OutboxDocument>("OutboxEntry", outboxSchema),
  };
}
