interface Point {
  x: number;
  y: { z: number };
}

export const p: Point = { x: 1, y: { z: "deep" } };
const q: Point = { x: 1 } as unknown as string;
