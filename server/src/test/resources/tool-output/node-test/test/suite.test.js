import { describe, it } from "node:test";
import assert from "node:assert/strict";

describe("strings", () => {
  it("upper-cases", () => {
    assert.ok("a".toUpperCase() === "b", "upper of a");
  });
});
