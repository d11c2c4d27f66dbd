#include <stdio.h>

int twice(int n) { return n * 2; }

int main(void) {
  int unused;
  char *s = twice(3);
  printf("%d\n", s);
  return undefined_name;
}
