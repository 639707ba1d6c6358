// How the board divides its space, whatever the screen: pure functions, so the rules are tested without a browser.

export interface GridShape {
  columns: number;
  rows: number;
}

/**
 * The columns × rows that give `count` tiles of about `aspect` (width ÷ height) the largest size inside a
 * `width` × `height` box with `gap` between tiles; among equal sizes the one with the fewest empty cells.
 */
export function tileGrid(count: number, width: number, height: number, aspect: number, gap: number): GridShape {
  if (count <= 0 || width <= 0 || height <= 0) return { columns: 1, rows: 1 };
  let best: GridShape & { size: number; empty: number } = { columns: 1, rows: count, size: -1, empty: 0 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const cellW = (width - gap * (columns - 1)) / columns;
    const cellH = (height - gap * (rows - 1)) / rows;
    // The height of the largest tile of the wanted aspect that fits the cell.
    const size = Math.min(cellW / aspect, cellH);
    const empty = columns * rows - count;
    if (size > best.size + 0.5 || (Math.abs(size - best.size) <= 0.5 && empty < best.empty)) best = { columns, rows, size, empty };
  }
  return { columns: best.columns, rows: best.rows };
}

/** Waiting counts: at most 4 services a row on a landscape board (long names stay readable), 3 on a portrait one, rows as even as can be. */
export function waitingGrid(count: number, portrait: boolean): GridShape {
  if (count <= 0) return { columns: 1, rows: 1 };
  const perRow = portrait ? 3 : 4;
  const rows = Math.ceil(count / perRow);
  return { columns: Math.ceil(count / rows), rows };
}
