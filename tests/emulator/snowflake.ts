/** Discord snowflakes: 42 bits of ms since the Discord epoch, 5 bits worker, 5 bits process, 12 bits increment. */
export const DISCORD_EPOCH = 1_420_070_400_000;

export class SnowflakeGenerator {
  private lastMs = 0;
  private increment = 0;

  constructor(
    private readonly workerId = 1,
    private readonly processId = 0,
  ) {}

  /** A new, strictly increasing snowflake (as a decimal string, like Discord sends them). */
  next(at: number = Date.now()): string {
    let ms = Math.max(at, this.lastMs);
    if (ms === this.lastMs) {
      this.increment += 1;
      if (this.increment > 0xfff) {
        ms += 1;
        this.increment = 0;
      }
    } else {
      this.increment = 0;
    }
    this.lastMs = ms;
    const value =
      (BigInt(ms - DISCORD_EPOCH) << 22n) |
      (BigInt(this.workerId & 0x1f) << 17n) |
      (BigInt(this.processId & 0x1f) << 12n) |
      BigInt(this.increment);
    return value.toString();
  }
}

/** The unix timestamp (ms) embedded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}
