// Frame reassembly for the SAM reader and the caller bus, under arbitrary chunking and noise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  busFrameFormat,
  decodeBusMessage,
  encodeBusFrame,
  encodeBusMessage,
  encodeIdCard,
  encodeSamFrame,
  FrameParser,
  samFrameFormat,
  type FrameFormat,
  type FrameRejection,
} from '../../drivers/index.ts';
import { residentZhang } from './fixtures.ts';

function feed(format: FrameFormat, stream: Buffer, cuts: number[]): { frames: string[]; rejections: FrameRejection[] } {
  const rejections: FrameRejection[] = [];
  const parser = new FrameParser(format, (r) => rejections.push(r));
  const frames: string[] = [];
  parser.on('data', (payload: Buffer) => frames.push(payload.toString('hex')));
  let at = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    parser.write(stream.subarray(at, cut));
    at = cut;
  }
  parser.write(stream.subarray(at));
  return { frames, rejections };
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const { text, photo } = encodeIdCard(residentZhang);
const readReply = encodeSamFrame(Buffer.concat([hex('000090 0100 0400'), text, photo]));

describe('SAM frames', () => {
  it('encodes the documented request and reply frames', () => {
    expect(encodeSamFrame(hex('10ff'))).toEqual(hex('AAAAAA966900 03 10FF EC'));
    expect(encodeSamFrame(hex('2001'))).toEqual(hex('AAAAAA966900 03 2001 22'));
    expect(encodeSamFrame(hex('3001'))).toEqual(hex('AAAAAA966900 03 3001 32'));
    expect(encodeSamFrame(hex('000090'))).toEqual(hex('AAAAAA966900 04 000090 94'));
    expect(encodeSamFrame(hex('00009F 00000000'))).toEqual(hex('AAAAAA966900 08 00009F00000000 97'));
    expect(readReply).toHaveLength(1295);
    expect(readReply.subarray(5, 10)).toEqual(hex('0508000090'));
  });

  it('reassembles frames split at any points, skipping garbage, bad checksums, impossible lengths and truncation', () => {
    const good = [hex('000090'), hex('00009F00000000'), Buffer.concat([hex('000090 0100 0400'), text, photo]), hex('000080')];
    const badChecksum = encodeSamFrame(hex('000090'));
    badChecksum[badChecksum.length - 1]! ^= 0xff;
    const stream = Buffer.concat([
      hex('00 13 AA AA 96 69'),
      encodeSamFrame(good[0]!),
      badChecksum,
      encodeSamFrame(good[1]!),
      hex('AAAAAA9669 FFFF 01'),
      hex('AAAAAA9669 0001'),
      readReply.subarray(0, 700),
      encodeSamFrame(good[2]!),
      encodeSamFrame(good[3]!),
    ]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 300 }), (cuts) => {
        const { frames, rejections } = feed(samFrameFormat, stream, cuts);
        expect(frames).toEqual(good.map((g) => g.toString('hex')));
        const reasons = new Set(rejections.map((r) => r.reason));
        expect(reasons).toEqual(new Set(['garbage', 'checksum', 'length']));
      }),
      { numRuns: 200 },
    );
  });

  it('finds every frame in noise that holds no preamble, fed one byte at a time', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            noise: fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b.filter((x) => x !== 0xaa))),
            payload: fc.uint8Array({ minLength: 3, maxLength: 40 }).map((b) => Buffer.from(b)),
          }),
          { maxLength: 8 },
        ),
        (parts) => {
          const stream = Buffer.concat(parts.flatMap((p) => [p.noise, encodeSamFrame(p.payload)]));
          const cuts = Array.from({ length: stream.length }, (_, i) => i);
          expect(feed(samFrameFormat, stream, cuts).frames).toEqual(parts.map((p) => p.payload.toString('hex')));
        },
      ),
    );
  });
});

describe('bus frames', () => {
  it('encodes the documented show-number frame', () => {
    // FF 68 08 08 68 a 02 0A 0A 0A d1 d2 d3 CS 16, CS = (a + cmd + data) mod 256.
    const frame = encodeBusMessage({ kind: 'show_number', address: 3, digits: 'A123' });
    expect(frame).toEqual(hex('FF68 08 08 68 03 02 0A0A0A 010203 29 16'));
  });

  it('round-trips key presses with digits and evaluator scores, through chunking and noise', () => {
    const messages = [
      { kind: 'key', address: 1, key: 'call', digits: '' },
      { kind: 'key', address: 2, key: 'recall', digits: '23' },
      { kind: 'rating', address: 9, score: 5 },
      { kind: 'key', address: 1, key: 'confirm', digits: '7' },
      { kind: 'key', address: 1, key: 'evaluate', digits: '' },
    ] as const;
    const bad = encodeBusFrame(4, 0x01, [0x0c]);
    bad[bad.length - 2]! ^= 1;
    const stream = Buffer.concat([hex('00 FF 68 03 04 68'), ...messages.slice(0, 2).map(encodeBusMessage), bad, ...messages.slice(2).map(encodeBusMessage)]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 60 }), (cuts) => {
        const decoded = feed(busFrameFormat, stream, cuts).frames.map((h) => decodeBusMessage(Buffer.from(h, 'hex')));
        expect(decoded).toEqual(messages);
      }),
    );
  });
});
