const unused = 1;

export function check(value) {
  if (value == null) {
    return missing;
  }
  return value;
}
