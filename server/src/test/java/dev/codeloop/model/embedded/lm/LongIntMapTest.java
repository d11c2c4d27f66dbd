package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

  @Test
  void should_hold_what_it_needs_for_the_size_it_expects_not_the_next_power_of_two() {
    // when
    LongIntMap map = new LongIntMap(1_000);
    for (long k = 1; k <= 1_000; k++) {
      map.put(k * 7919, (int) k);
    }

    // then: ceil(1000 / 0.6) slots of a long and an int, not 2048 of them, and no growth
    assertThat(map.retainedBytes()).isEqualTo(1_667 * 12L);
    assertThat(map.size()).isEqualTo(1_000);
  }

  @Test
  void should_find_every_key_after_growing_many_times_and_wrapping_around_its_end() {
    // given: random keys (any bits set) into a map that starts at 27 slots
    Random random = new Random(42);
    LongIntMap map = new LongIntMap(16);
    Map<Long, Integer> expected = new HashMap<>();

    // when
    for (int i = 0; i < 20_000; i++) {
      long key = random.nextLong() | 1;
      int delta = random.nextInt(5) + 1;
      map.add(key, delta);
      expected.merge(key, delta, Integer::sum);
      if (i % 3 == 0) {
        long again = random.nextBoolean() ? key : random.nextLong() | 1;
        map.put(again, i);
        expected.put(again, i);
      }
    }

    // then
    assertThat(map.size()).isEqualTo(expected.size());
    expected.forEach((k, v) -> assertThat(map.get(k, -1)).isEqualTo(v));
    assertThat(map.get(2, -1)).isEqualTo(-1);
    Map<Long, Integer> visited = new HashMap<>();
    map.forEach(visited::put);
    assertThat(visited).isEqualTo(expected);
  }

  @Test
  void should_empty_on_clear() {
    // given
    LongIntMap map = new LongIntMap(4);
    map.put(5, 1);
    map.put(9, 2);

    // when
    map.clear();

    // then
    assertThat(map.size()).isZero();
    assertThat(map.get(5, -1)).isEqualTo(-1);
    map.put(9, 3);
    assertThat(map.get(9, -1)).isEqualTo(3);
  }

  @Test
  void should_empty_on_reset_and_keep_its_arrays_only_when_they_have_the_room() {
    // given
    LongIntMap map = new LongIntMap(1_000);
    for (long k = 1; k <= 1_000; k++) {
      map.put(k, 1);
    }

    // when: fewer keys expected
    map.reset(10);

    // then: empty, the same slots
    assertThat(map.size()).isZero();
    assertThat(map.get(1, -1)).isEqualTo(-1);
    assertThat(map.retainedBytes()).isEqualTo(1_667 * 12L);

    // when: more keys expected than the slots hold at the load factor
    map.put(3, 4);
    map.reset(3_000);

    // then: empty, sized for them, and usable
    assertThat(map.size()).isZero();
    assertThat(map.get(3, -1)).isEqualTo(-1);
    assertThat(map.retainedBytes()).isEqualTo(5_000 * 12L);
    map.add(3, 2);
    assertThat(map.get(3, -1)).isEqualTo(2);
  }
}
