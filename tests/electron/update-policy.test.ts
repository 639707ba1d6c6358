// The shells' update rule (update-policy.std.ts): install a downloaded update only inside the install window, when the
// machine has been idle long enough, and never during a visitor's session; the feed is the hall's /updates/<shell>/.
import { describe, expect, it } from 'vitest';
import { UpdateWindow, inWindow, installDecision, updateFeedUrl } from '../../electron/main/update-policy.std.ts';

const night = { downloaded: true, visitorSession: false, idleSeconds: 3600, hour: 22 };

describe('update policy', () => {
  it('installs at night on an idle machine with an update downloaded', () => {
    expect(installDecision('kiosk', night)).toEqual({ install: true });
    expect(installDecision('counter', { ...night, hour: 6 })).toEqual({ install: true });
    expect(installDecision('display', { ...night, idleSeconds: 0 })).toEqual({ install: true });
  });

  it("never during a visitor's session, opening hours, recent use, or with nothing downloaded", () => {
    expect(installDecision('kiosk', { ...night, visitorSession: true })).toEqual({ install: false, why: "a visitor's session is open" });
    expect(installDecision('kiosk', { ...night, hour: 10 })).toMatchObject({ install: false, why: expect.stringMatching(/outside the install window 20-7/) });
    expect(installDecision('kiosk', { ...night, hour: 7 })).toMatchObject({ install: false });
    expect(installDecision('counter', { ...night, idleSeconds: 30 })).toEqual({ install: false, why: 'used 30 s ago' });
    expect(installDecision('display', { ...night, downloaded: false })).toEqual({ install: false, why: 'no update downloaded' });
    expect(installDecision('kiosk', night, 'off')).toMatchObject({ install: false });
  });

  it('reads install windows that wrap past midnight or not', () => {
    expect([0, 6, 7, 12, 19, 20, 23].map((h) => inWindow('20-7', h))).toEqual([true, true, false, false, false, true, true]);
    expect([11, 12, 13, 14].map((h) => inWindow('12-14', h))).toEqual([false, true, true, false]);
    expect(UpdateWindow.parse(undefined)).toBe('20-7');
    expect(UpdateWindow.safeParse('25-3').success).toBe(false);
    expect(UpdateWindow.safeParse('evening').success).toBe(false);
  });

  it("points each shell at its folder of the hall's feed", () => {
    expect(updateFeedUrl('https://hall.local:8443/', 'kiosk')).toBe('https://hall.local:8443/updates/kiosk/');
    expect(updateFeedUrl('http://10.1.2.3:8080', 'display')).toBe('http://10.1.2.3:8080/updates/display/');
  });
});
