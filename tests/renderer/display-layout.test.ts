// The board's tile grids: every counter gets a tile, as large as the box allows, whatever the screen.
import { describe, expect, it } from 'vitest';
import { tileGrid, waitingGrid } from '../../renderer/display/layout.ts';

/** Height of the largest tile of `aspect` in each cell of the shape. */
const tileSize = (count: number, w: number, h: number, aspect: number, gap: number, columns: number) => {
  const rows = Math.ceil(count / columns);
  return Math.min((w - gap * (columns - 1)) / columns / aspect, (h - gap * (rows - 1)) / rows);
};

describe('tileGrid', () => {
  const boxes = [
    [977, 770],
    [650, 430],
    [1012, 820],
    [1950, 1200],
    [300, 900],
  ] as const;

  it('has a cell for every counter, and no shape gives larger tiles', () => {
    for (let count = 1; count <= 40; count++) {
      for (const [w, h] of boxes) {
        const shape = tileGrid(count, w, h, 1.6, 12);
        expect(shape.columns * shape.rows).toBeGreaterThanOrEqual(count);
        expect(shape.rows).toBe(Math.ceil(count / shape.columns));
        const best = tileSize(count, w, h, 1.6, 12, shape.columns);
        for (let columns = 1; columns <= count; columns++) expect(tileSize(count, w, h, 1.6, 12, columns)).toBeLessThanOrEqual(best + 0.5);
      }
    }
  });

  it('lays wide boxes out in more columns than tall ones', () => {
    expect(tileGrid(12, 977, 770, 1.6, 12)).toEqual({ columns: 3, rows: 4 });
    expect(tileGrid(12, 300, 900, 1.6, 12).columns).toBeLessThan(tileGrid(12, 1950, 600, 1.6, 12).columns);
  });

  it('survives a box not measured yet', () => {
    expect(tileGrid(12, 0, 0, 1.6, 12)).toEqual({ columns: 1, rows: 1 });
    expect(tileGrid(0, 500, 500, 1.6, 12)).toEqual({ columns: 1, rows: 1 });
  });
});

describe('waitingGrid', () => {
  it('puts at most 4 services a row on a landscape board and 3 on a portrait one, rows as even as can be', () => {
    expect(waitingGrid(6, false)).toEqual({ columns: 3, rows: 2 });
    expect(waitingGrid(20, false)).toEqual({ columns: 4, rows: 5 });
    expect(waitingGrid(12, false)).toEqual({ columns: 4, rows: 3 });
    expect(waitingGrid(20, true)).toEqual({ columns: 3, rows: 7 });
    expect(waitingGrid(6, true)).toEqual({ columns: 3, rows: 2 });
    for (let n = 1; n <= 20; n++) {
      const s = waitingGrid(n, false);
      expect(s.columns * s.rows).toBeGreaterThanOrEqual(n);
      expect(s.columns * (s.rows - 1)).toBeLessThan(n);
    }
  });
});
