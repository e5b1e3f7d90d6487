/** The contract every Replacer keeps, checked against each implementation. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorCode } from '../../src/errors.js';
import { ClockReplacer } from '../../src/bufferpool/clock-replacer.js';
import { LruKReplacer } from '../../src/bufferpool/lru-k-replacer.js';
import type { Replacer } from '../../src/bufferpool/replacer.js';

const implementations: [string, (frames: number) => Replacer][] = [
  ['ClockReplacer', (frames) => new ClockReplacer(frames)],
  ['LruKReplacer', (frames) => new LruKReplacer(frames)],
];

for (const [name, make] of implementations) {
  describe(`${name} (Replacer contract)`, () => {
    test('evicts nothing while no frame is evictable', () => {
      const replacer = make(4);
      for (let f = 0; f < 4; f++) replacer.recordAccess(f);

      assert.equal(replacer.evict(), -1);
      assert.equal(replacer.evictableCount, 0);
    });

    test('never evicts a frame that is not evictable (pinned), and evicts each evictable one once', () => {
      const replacer = make(6);
      for (let f = 0; f < 6; f++) replacer.recordAccess(f);
      for (const f of [0, 2, 5]) replacer.setEvictable(f, true);

      const victims = [replacer.evict(), replacer.evict(), replacer.evict(), replacer.evict()];

      assert.deepEqual(victims.slice(0, 3).sort(), [0, 2, 5]);
      assert.equal(victims[3], -1);
    });

    test('counts evictable frames through setEvictable, evict and remove', () => {
      const replacer = make(4);
      replacer.setEvictable(1, true);
      replacer.setEvictable(1, true);
      replacer.setEvictable(2, true);
      replacer.setEvictable(3, true);
      replacer.setEvictable(3, false);
      assert.equal(replacer.evictableCount, 2);

      replacer.remove(1);
      assert.equal(replacer.evictableCount, 1);
      assert.equal(replacer.evict(), 2);
      assert.equal(replacer.evictableCount, 0);
      replacer.remove(0); // untracked: no-op
    });

    test('a removed frame is not evicted', () => {
      const replacer = make(3);
      for (let f = 0; f < 3; f++) {
        replacer.recordAccess(f);
        replacer.setEvictable(f, true);
      }

      replacer.remove(0);
      replacer.remove(2);

      assert.equal(replacer.evict(), 1);
      assert.equal(replacer.evict(), -1);
    });

    test('rejects frame indices outside [0, frames)', () => {
      const replacer = make(2);
      for (const bad of [-1, 2, 1.5, NaN]) {
        assert.throws(() => replacer.recordAccess(bad), { code: ErrorCode.InvalidArgument });
        assert.throws(() => replacer.setEvictable(bad, true), { code: ErrorCode.InvalidArgument });
      }
    });

    test('under random use, the victim is always an evictable frame', () => {
      const seed = Number(process.env.LAPTIME_SEED ?? Date.now());
      console.log(`${name} contract seed: ${seed}`);
      const frames = 8;
      const op = fc.oneof(
        fc.record({ kind: fc.constant('access' as const), frame: fc.nat(frames - 1) }),
        fc.record({ kind: fc.constant('pin' as const), frame: fc.nat(frames - 1), on: fc.boolean() }),
        fc.record({ kind: fc.constant('evict' as const) }),
        fc.record({ kind: fc.constant('remove' as const), frame: fc.nat(frames - 1) }),
      );
      fc.assert(
        fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
          const replacer = make(frames);
          const evictable = new Set<number>();
          for (const o of ops) {
            if (o.kind === 'access') replacer.recordAccess(o.frame);
            else if (o.kind === 'pin') {
              replacer.setEvictable(o.frame, !o.on);
              if (o.on) evictable.delete(o.frame);
              else evictable.add(o.frame);
            } else if (o.kind === 'remove') {
              replacer.remove(o.frame);
              evictable.delete(o.frame);
            } else {
              const victim = replacer.evict();
              if (evictable.size === 0) assert.equal(victim, -1);
              else assert.ok(evictable.delete(victim), `victim ${victim} was not evictable`);
            }
            assert.equal(replacer.evictableCount, evictable.size);
          }
        }),
        { seed },
      );
    });
  });
}
