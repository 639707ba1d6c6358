// The counter shell's rules, without Electron: the console's URL and origin, the environment check, the bridge's supervisor.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counterConsoleUrl, counterNavigationAllowed, parseCounterShellEnv } from '../../electron/main/counter-policy.std.ts';
import { ProcessSupervisor, type SupervisedProcess } from '../../electron/main/process-supervisor.std.ts';

const HALL = 'http://hall.local:8080';

describe('the counter console and its origin', () => {
  it('loads /counter/ of the hall, preset to the bridge counter', () => {
    expect(counterConsoleUrl(HALL, 'c-3')).toBe('http://hall.local:8080/counter/?counter=c-3');
    expect(counterConsoleUrl('https://hall.example/some/path', 'a b')).toBe('https://hall.example/counter/?counter=a+b');
  });

  it('allows navigation only within the hall origin', () => {
    for (const url of ['http://hall.local:8080/counter/', 'http://hall.local:8080/counter/?counter=1#x', 'http://hall.local:8080/manager/']) {
      expect(counterNavigationAllowed(HALL, url), url).toBe(true);
    }
    for (const url of [
      'https://hall.local:8080/counter/',
      'http://hall.local:8081/counter/',
      'http://hall.local/counter/',
      'http://evil.local:8080/counter/',
      'http://hall.local:8080.evil/counter/',
      'file:///etc/passwd',
      'app://hall/kiosk/',
      'javascript:alert(1)',
      'data:text/html,<h1>x</h1>',
      'blob:http://hall.local:8080/1234',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
    ]) {
      expect(counterNavigationAllowed(HALL, url), url).toBe(false);
    }
  });
});

describe('the environment', () => {
  const good = { HALL_URL: HALL, HALL_USERNAME: 'wang', HALL_PASSWORD: 'pw', COUNTER_ID: 'c-3', BUS_PORT: '/dev/ttyUSB1', KEYPAD_ADDRESS: '1' };

  it('accepts the bridge variables, coercing numbers', () => {
    const parsed = parseCounterShellEnv({ ...good, BUS_BAUD: '19200', EVALUATOR_ADDRESS: '11', SCREEN_ADDRESS: '21', PATH: '/usr/bin' });
    expect(parsed).toMatchObject({
      ok: true,
      env: { HALL_URL: HALL, COUNTER_ID: 'c-3', BUS_BAUD: 19200, KEYPAD_ADDRESS: 1, EVALUATOR_ADDRESS: 11, SCREEN_ADDRESS: 21 },
    });
    expect(parseCounterShellEnv({ ...good, HALL_USERNAME: undefined, HALL_PASSWORD: undefined, HALL_TOKEN: 't' }).ok).toBe(true);
  });

  it('names every problem', () => {
    const parsed = parseCounterShellEnv({});
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    for (const name of ['HALL_URL', 'COUNTER_ID', 'BUS_PORT', 'KEYPAD_ADDRESS'])
      expect(
        parsed.problems.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
  });

  it('refuses a non-http hall, a bad address and missing credentials', () => {
    for (const env of [
      { ...good, HALL_URL: 'file:///srv/hall' },
      { ...good, HALL_URL: 'hall:8080' },
      { ...good, KEYPAD_ADDRESS: '255' },
      { ...good, SCREEN_ADDRESS: 'x' },
      { ...good, HALL_PASSWORD: undefined },
    ]) {
      expect(parseCounterShellEnv(env).ok, JSON.stringify(env)).toBe(false);
    }
  });
});

describe('ProcessSupervisor', () => {
  afterEach(() => vi.useRealTimers());

  function harness(options: { stableMs?: number } = {}) {
    vi.useFakeTimers();
    const children: { exit(code: number): void; killed: boolean }[] = [];
    const lines: string[] = [];
    const supervisor = new ProcessSupervisor({
      name: 'counter bridge',
      fork(): SupervisedProcess {
        let onExit: (code: number) => void = () => {};
        const child = { exit: (code: number) => onExit(code), killed: false };
        children.push(child);
        return { onExit: (listener) => (onExit = listener), kill: () => void (child.killed = true) };
      },
      log: (line) => lines.push(line),
      minBackoffMs: 100,
      maxBackoffMs: 400,
      now: Date.now,
      ...options,
    });
    return { supervisor, children, lines };
  }

  it('restarts a dead process with doubling backoff up to the maximum', () => {
    const { supervisor, children, lines } = harness();
    supervisor.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      children.at(-1)!.exit(1);
      const before = children.length;
      let waited = 0;
      while (children.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 400]);
    expect(supervisor.restarts).toBe(4);
    expect(lines[0]).toBe('counter bridge exited (code 1); restarting in 100 ms');
  });

  it('starts again from the minimum backoff after a stable run', () => {
    const { supervisor, children, lines } = harness({ stableMs: 1000 });
    supervisor.start();
    children[0]!.exit(1);
    vi.advanceTimersByTime(100);
    children[1]!.exit(1);
    vi.advanceTimersByTime(200);
    vi.advanceTimersByTime(5000);
    children[2]!.exit(1);
    expect(lines.at(-1)).toBe('counter bridge exited (code 1); restarting in 100 ms');
  });

  it('stop kills the process, cancels a pending restart and ignores the exit that follows', () => {
    const { supervisor, children } = harness();
    supervisor.start();
    children[0]!.exit(1);
    supervisor.stop();
    vi.advanceTimersByTime(10_000);
    expect(children).toHaveLength(1);

    supervisor.start();
    supervisor.stop();
    expect(children[1]!.killed).toBe(true);
    children[1]!.exit(0);
    vi.advanceTimersByTime(10_000);
    expect(children).toHaveLength(2);
  });
});
