import type { Device, DeviceRepository } from "@tessera/domain/ports";

export class MemoryDeviceRepository implements DeviceRepository {
  private readonly byDigest = new Map<string, Device>();

  async create(tokenDigest: string, device: Device): Promise<void> {
    this.byDigest.set(tokenDigest, copy(device));
  }

  async find(tokenDigest: string): Promise<Device | null> {
    const device = this.byDigest.get(tokenDigest);
    return device ? copy(device) : null;
  }

  async digestsOf(userId: string): Promise<string[]> {
    return [...this.byDigest].filter(([, device]) => device.userId === userId).map(([digest]) => digest);
  }

  async forgetAllOf(userId: string, exceptDigest?: string): Promise<void> {
    for (const [digest, device] of [...this.byDigest]) {
      if (device.userId === userId && digest !== exceptDigest) this.byDigest.delete(digest);
    }
  }

  async prune(userId: string, keep: number): Promise<void> {
    const own = [...this.byDigest].filter(([, device]) => device.userId === userId);
    own.sort(([, a], [, b]) => b.createdAt.getTime() - a.createdAt.getTime());
    for (const [digest] of own.slice(keep)) this.byDigest.delete(digest);
  }
}

function copy(device: Device): Device {
  return { userId: device.userId, createdAt: new Date(device.createdAt), expiresAt: new Date(device.expiresAt) };
}
