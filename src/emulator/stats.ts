/** What the admin state reports about calls: per target, how many arrived and how many a client token answered. */
export class CallStats {
  private readonly calls = new Map<string, number>();
  private readonly replays = new Map<string, number>();

  /** An authenticated, well-formed call (counted before faults strike). */
  called(target: string): void {
    this.calls.set(target, (this.calls.get(target) ?? 0) + 1);
  }

  /** A call answered from a client-token record, without acting again. */
  replayed(target: string): void {
    this.replays.set(target, (this.replays.get(target) ?? 0) + 1);
  }

  clear(): void {
    this.calls.clear();
    this.replays.clear();
  }

  view(): { calls: Record<string, number>; replayedCalls: Record<string, number> } {
    return { calls: Object.fromEntries([...this.calls.entries()].sort()), replayedCalls: Object.fromEntries([...this.replays.entries()].sort()) };
  }
}
