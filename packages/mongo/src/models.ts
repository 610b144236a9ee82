import { Schema, type Connection, type Model, type Types } from "mongoose";

export interface UserDocument {
  _id: Types.ObjectId;
  /** Normalised (trimmed, lower-cased); unique. */
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export interface SessionDocument {
  _id: Types.ObjectId;
  /** SHA-256 of the token; the token itself is never stored. Unique. */
  tokenDigest: string;
  userId: Types.ObjectId;
  /**
   * The owner's profile, copied at sign-in so that authenticating a request is one indexed read
   * (the Mongo-wire servers we test on have no $lookup). Email never changes in Tessera; a feature
   * that changes it must update this copy too.
   */
  user: { email: string; createdAt: Date };
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date;
  status: "valid" | "expired";
  userAgent: string | null;
}

// Indexes are created explicitly and awaited at start-up (see indexes.ts), never by autoIndex;
// commands fail at once when the server is away instead of waiting in mongoose's buffer.
const options = { versionKey: false, autoIndex: false, autoCreate: false, bufferCommands: false, strict: "throw" } as const;

const userSchema = new Schema<UserDocument>(
  {
    email: { type: String, required: true },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { ...options, collection: "users" },
);

const sessionSchema = new Schema<SessionDocument>(
  {
    tokenDigest: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    user: {
      email: { type: String, required: true },
      createdAt: { type: Date, required: true },
    },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
    status: { type: String, enum: ["valid", "expired"], required: true },
    userAgent: { type: String, default: null },
  },
  { ...options, collection: "sessions" },
);

/** One failed login under one key (an account or a client address). */
export interface LoginAttemptDocument {
  _id: Types.ObjectId;
  key: string;
  at: Date;
  expiresAt: Date;
}

const loginAttemptSchema = new Schema<LoginAttemptDocument>(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { ...options, collection: "login_attempts" },
);

export interface Models {
  readonly users: Model<UserDocument>;
  readonly sessions: Model<SessionDocument>;
  readonly loginAttempts: Model<LoginAttemptDocument>;
}

export function defineModels(connection: Connection): Models {
  return {
    users: connection.model<UserDocument>("User", userSchema),
    sessions: connection.model<SessionDocument>("Session", sessionSchema),
    loginAttempts: connection.model<LoginAttemptDocument>("LoginAttempt", loginAttemptSchema),
  };
}
