/** Position of one cell of a wrapped grid. */
export interface GridCell {
  index: number;
  row: number;
  column: number;
  x: number;
  y: number;
}

/** Lays `count` cells of `cellWidth`×`cellHeight` px out in rows of `columns`, separated by `gap` px,
 * starting at (`originX`, `originY`). */
export function gridLayout(
  count: number,
  columns: number,
  cellWidth: number,
  cellHeight: number,
  gap: number,
  originX = 0,
  originY = 0,
): { cells: GridCell[]; rows: number; width: number; height: number } {
  const rows = Math.ceil(count / columns);
  const usedColumns = Math.min(columns, count);
  const cells: GridCell[] = [];
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / columns);
    const column = i % columns;
    cells.push({ index: i, row, column, x: originX + column * (cellWidth + gap), y: originY + row * (cellHeight + gap) });
  }
  return {
    cells,
    rows,
    width: usedColumns * cellWidth + Math.max(0, usedColumns - 1) * gap,
    height: rows * cellHeight + Math.max(0, rows - 1) * gap,
  };
}
