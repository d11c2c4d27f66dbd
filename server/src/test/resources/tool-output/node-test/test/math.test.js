import { test } from "node:test";
import assert from "node:assert/strict";

test("adds", () => {
  assert.equal(1 + 1, 2);
});

test("adds wrongly", () => {
  assert.equal(2 + 2, 5);
});

test("throws", () => {
  throw new Error("boom");
});
