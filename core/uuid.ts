// UUID version 7 (RFC 9562): time-ordered, so new rows land at the end of an index instead of a random page,
// and 62 random bits keep ids unguessable (a ticket id is the key to its phone page). The 12 bits after the time
// are a counter (RFC 9562 method 1), so ids made in one millisecond still sort in the order they were made.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// Random bytes fetched a block at a time, as crypto.randomUUID does: one system call per 409 ids, not per id.
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let offset = 0;
let lastMs = -1;
let counter = 0;

export function uuidv7(nowMs: number = Date.now()): string {
  if (offset + 10 > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  const r = pool.subarray(offset, offset + 10);
  offset += 10;
  // Each millisecond's counter starts at a random value in its lower half, leaving 2,048 ids before it could wrap.
  if (nowMs === lastMs && counter < 0xfff) counter++;
  else counter = ((r[0]! << 8) | r[1]!) & 0x7ff;
  lastMs = nowMs;
  let t = nowMs;
  const time: string[] = new Array<string>(6);
  for (let i = 5; i >= 0; i--) {
    time[i] = HEX[t % 256]!;
    t = Math.floor(t / 256);
  }
  return (
    `${time[0]}${time[1]}${time[2]}${time[3]}-${time[4]}${time[5]}-` +
    `${HEX[0x70 | (counter >> 8)]}${HEX[counter & 0xff]}-${HEX[(r[2]! & 0x3f) | 0x80]}${HEX[r[3]!]}-` +
    `${HEX[r[4]!]}${HEX[r[5]!]}${HEX[r[6]!]}${HEX[r[7]!]}${HEX[r[8]!]}${HEX[r[9]!]}`
  );
}
