// The webhook rules that need no server: the retry schedule (doubling, jittered, capped, given up after a day), what
// leaves the hall in a payload (masked fields only), and which events become which deliveries.
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, CreateWebhookBody, GIVE_UP_MS, backoffMs, nextAttemptAt, payloadOf, withoutClearPersonalData } from '../../core/webhooks.ts';

describe('retry schedule', () => {
  it('doubles from the base, each wait drawn from the upper half of its step, and stops growing at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 2000, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 2000, () => 1))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffMs(40, 2000, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(40, 2000, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  });

  it('retries for at least 24 hours after a delivery was made (or replayed), then gives up', () => {
    const made = Date.parse('2026-12-07T09:00:00Z');
    expect(GIVE_UP_MS).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(nextAttemptAt(30, made, made + 24 * 3_600_000, 2000, () => 0)).toBe(made + 24 * 3_600_000 + BACKOFF_CAP_MS / 2);
    expect(nextAttemptAt(31, made, made + GIVE_UP_MS)).toBeNull();
  });
});

describe('payloads', () => {
  const ticket = {
    id: 't1',
    number: 'A001',
    serviceId: 's1',
    status: 'waiting',
    maskedName: '张*三',
    maskedIdNumber: '3201**********1234',
    personHash: 'abc',
    name: '张小三',
  };

  it('a ticket leaves with its masked fields only', () => {
    const p = payloadOf('ticket.issued', { ticket });
    expect(p?.type).toBe('ticket.issued');
    expect(JSON.stringify(p)).not.toMatch(/张小三|personHash|abc/);
    expect(p?.data).toMatchObject({ ticket: { id: 't1', number: 'A001', maskedName: '张*三', maskedIdNumber: '3201**********1234' } });
  });

  it('ticket.rated becomes rating.bad at levels 1 and 2 only, without the comment', () => {
    expect(payloadOf('ticket.rated', { ticketId: 't1', number: 'A001', level: 3 })).toBeNull();
    const bad = payloadOf('ticket.rated', { ticketId: 't1', number: 'A001', level: 2, comment: '电话 13812345678', tags: ['slow'] });
    expect(bad).toMatchObject({ type: 'rating.bad', data: { ticketId: 't1', level: 2, tags: ['slow'] } });
    expect(JSON.stringify(bad)).not.toContain('13812345678');
    expect(payloadOf('counter.paused', {})).toBeNull();
  });

  it("other parts' events pass through with every clear personal field taken out, however deep", () => {
    const data = { case: { id: 'c1', applicant: '张*三', name: '张小三', idCardNumber: '320102198001011234', steps: [{ phone: '13812345678', at: 'x' }] } };
    expect(withoutClearPersonalData(data)).toEqual({ case: { id: 'c1', applicant: '张*三', steps: [{ at: 'x' }] } });
  });
});

describe('subscriptions', () => {
  it('take http and https addresses, LAN ones included, and refuse others or credentials in the URL', () => {
    const ok = (url: string) => CreateWebhookBody.safeParse({ url, events: ['ticket.called'] }).success;
    expect(ok('http://192.168.1.20:8080/sms')).toBe(true);
    expect(ok('https://sms.example.gov.cn/hook')).toBe(true);
    expect(ok('ftp://192.168.1.20/hook')).toBe(false);
    expect(ok('https://user:pass@example.com/hook')).toBe(false);
    expect(CreateWebhookBody.safeParse({ url: 'https://x.cn/h', events: [] }).success).toBe(false);
    expect(CreateWebhookBody.safeParse({ url: 'https://x.cn/h', events: ['ticket.deleted'] }).success).toBe(false);
  });
});
