import { Types } from "mongoose";

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** The ObjectId an id string names, or null: ids come from clients and may be anything. */
export function toObjectId(id: string): Types.ObjectId | null {
  return OBJECT_ID.test(id) ? new Types.ObjectId(id) : null;
}
