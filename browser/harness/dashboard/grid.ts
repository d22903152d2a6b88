/** Grafana's dashboard grid: 24 columns, rows of 30 px, 8 px between panels. */
export const GRID = { columns: 24, rowHeight: 30, margin: 8 } as const;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A panel's box in pixels on a dashboard `width` pixels wide. */
export function panelBox(pos: GridPos, width: number): { left: number; top: number; width: number; height: number } {
  const column = (width - (GRID.columns - 1) * GRID.margin) / GRID.columns;
  const row = GRID.rowHeight + GRID.margin;
  return {
    left: Math.round(pos.x * (column + GRID.margin)),
    top: pos.y * row,
    width: Math.round(pos.w * column + (pos.w - 1) * GRID.margin),
    height: pos.h * row - GRID.margin,
  };
}

/** The height the panels take. */
export const gridHeight = (positions: GridPos[]): number => Math.max(0, ...positions.map((p) => (p.y + p.h) * (GRID.rowHeight + GRID.margin)));
