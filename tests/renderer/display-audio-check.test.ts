// The board's autoplay check, with a stand-in AudioContext: a context that stays suspended means blocked; the board
// asks again every minute while blocked and reports only changes. The real browser is in tests/e2e/display-audio.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioGate, audioAllowed } from '../../renderer/display/voice/audio-check.ts';

/** A context that runs only while `policy.allowed` is true, like Chromium's under its autoplay policy. */
function contexts(policy: { allowed: boolean }) {
  const made: { closed: boolean }[] = [];
  class FakeContext {
    state = policy.allowed ? 'running' : 'suspended';
    record = { closed: false };
    constructor() {
      made.push(this.record);
    }
    resume() {
      // A refused resume never settles.
      return policy.allowed ? Promise.resolve().then(() => void (this.state = 'running')) : new Promise<void>(() => undefined);
    }
    close() {
      this.record.closed = true;
      return Promise.resolve();
    }
  }
  return { Ctor: FakeContext, made };
}

afterEach(() => vi.useRealTimers());

describe('audioAllowed', () => {
  it('is allowed when the context runs, blocked when resume never lets it, unknown without Web Audio; closes what it made', async () => {
    vi.useFakeTimers();
    const open = contexts({ allowed: true });
    expect(await audioAllowed(open.Ctor)).toBe('allowed');
    const shut = contexts({ allowed: false });
    const answer = audioAllowed(shut.Ctor, 1500);
    await vi.advanceTimersByTimeAsync(1500);
    expect(await answer).toBe('blocked');
    expect([...open.made, ...shut.made].every((c) => c.closed)).toBe(true);
    expect(await audioAllowed(undefined)).toBe('unknown');
  });
});

describe('AudioGate', () => {
  it('reports blocked once, asks again every minute, and reports allowed when the browser lets it sound', async () => {
    vi.useFakeTimers();
    const policy = { allowed: false };
    const { Ctor, made } = contexts(policy);
    const changes: string[] = [];
    const gate = new AudioGate((s) => changes.push(s), Ctor, 60_000);
    void gate.check();
    await vi.advanceTimersByTimeAsync(1500);
    expect(changes).toEqual(['blocked']);
    await vi.advanceTimersByTimeAsync(61_500);
    expect(made.length).toBe(2);
    expect(changes).toEqual(['blocked']);
    policy.allowed = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(changes).toEqual(['blocked', 'allowed']);
    // Allowed: no more checks.
    await vi.advanceTimersByTimeAsync(180_000);
    expect(made.length).toBe(3);
  });

  it('takes a refused play as blocked, and a tap that lets it sound as allowed', async () => {
    vi.useFakeTimers();
    const policy = { allowed: true };
    const { Ctor } = contexts(policy);
    const changes: string[] = [];
    const gate = new AudioGate((s) => changes.push(s), Ctor);
    await gate.check();
    gate.refused();
    expect(gate.current).toBe('blocked');
    await gate.check();
    expect(changes).toEqual(['allowed', 'blocked', 'allowed']);
    gate.stop();
  });
});
