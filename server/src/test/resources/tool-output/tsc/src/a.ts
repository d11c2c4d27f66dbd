export function twice(n: number): number {
  return n * 2;
}

const label: string = twice(3);
console.log(label.toUpperCase(1));
