import type { Device, DeviceRepository } from "@tessera/domain/ports";
import type { Model, Types } from "mongoose";
import type { DeviceDocument } from "./models.js";
import { toObjectId } from "./object-id.js";
import type { Guard } from "./unavailable.js";

export class MongoDeviceRepository implements DeviceRepository {
  constructor(private readonly devices: Model<DeviceDocument>, private readonly guard: Guard) {}

  async create(tokenDigest: string, { userId, createdAt, expiresAt }: Device): Promise<void> {
    const owner = toObjectId(userId);
    if (!owner) throw new Error(`Not a MongoDB user id: ${userId}`);
    await this.guard(() => this.devices.collection.insertOne({ tokenDigest, userId: owner, createdAt, expiresAt } as DeviceDocument));
  }

  async find(tokenDigest: string): Promise<Device | null> {
    const found = await this.guard(() => this.devices.findOne({ tokenDigest }).lean<DeviceDocument>().exec());
    return found ? { userId: found.userId.toHexString(), createdAt: found.createdAt, expiresAt: found.expiresAt } : null;
  }

  async digestsOf(userId: string): Promise<string[]> {
    const owner = toObjectId(userId);
    if (!owner) return [];
    const found = await this.guard(() => this.devices.find({ userId: owner }, { _id: 0, tokenDigest: 1 }).lean<{ tokenDigest: string }[]>().exec());
    return found.map(({ tokenDigest }) => tokenDigest);
  }

  async forgetAllOf(userId: string, exceptDigest?: string): Promise<void> {
    const owner = toObjectId(userId);
    if (!owner) return;
    await this.guard(() => this.devices.deleteMany({ userId: owner, ...(exceptDigest && { tokenDigest: { $ne: exceptDigest } }) }).exec());
  }

  async prune(userId: string, keep: number): Promise<void> {
    const owner = toObjectId(userId);
    if (!owner) return;
    const surplus = await this.guard(() =>
      this.devices.find({ userId: owner }, { _id: 1 }).sort({ createdAt: -1 }).skip(keep).lean<{ _id: Types.ObjectId }[]>().exec(),
    );
    if (surplus.length) await this.guard(() => this.devices.deleteMany({ _id: { $in: surplus.map(({ _id }) => _id) } }).exec());
  }
}
