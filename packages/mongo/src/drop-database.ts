import { createConnection } from "mongoose";

/** Removes a database: what test suites call on the throwaway databases they made. */
export async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const connection = await createConnection(uri, { dbName, serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
