import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { capture } from '../../src/capture/capture.js';
import { registerTestTracing } from '../support/tracing.js';

const memory = new InMemorySpanExporter();
const tracing = registerTestTracing(memory);
after(() => tracing.dispose());
beforeEach(() => memory.reset());

const names = () => memory.getFinishedSpans().map((s) => s.name);

class Repo {
  constructor(private readonly prefix: string) {}

  @capture()
  find(id: string, _options?: object): string {
    return `${this.prefix}${id}`;
  }

  @capture()
  async load(id: string): Promise<string> {
    await Promise.resolve();
    return this.find(id);
  }

  @capture('repo.custom')
  custom(): number {
    return 1;
  }

  @capture()
  static create(): Repo {
    return new Repo('s:');
  }
}

class CachedRepo extends Repo {}

test('@capture() names spans ClassName.method and keeps this, arguments and length', () => {
  const repo = new Repo('r:');

  assert.equal(repo.find('7'), 'r:7');

  assert.deepEqual(names(), ['Repo.find']);
  assert.equal(Repo.prototype.find.name, 'find');
  assert.equal(Repo.prototype.find.length, 2);
});

test('async methods nest: the inner call is a child of the outer', async () => {
  assert.equal(await new Repo('r:').load('1'), 'r:1');

  const [find, load] = memory.getFinishedSpans();
  assert.equal(find!.name, 'Repo.find');
  assert.equal(load!.name, 'Repo.load');
  assert.equal(find!.parentSpanContext?.spanId, load!.spanContext().spanId);
});

test('a subclass calling an inherited method names the declaring class', () => {
  new CachedRepo('c:').find('1');

  assert.deepEqual(names(), ['Repo.find']);
});

test('static methods and an explicit name', () => {
  Repo.create().custom();

  assert.deepEqual(names(), ['Repo.create', 'repo.custom']);
});

test('@capture() refuses what is not a method', () => {
  assert.throws(
    () => {
      class Bad {
        // @ts-expect-error -- a field is not a method
        @capture() field = 1;
      }
      return Bad;
    },
    { code: 'LT_INVALID_ARGUMENT', message: /decorates methods, not a field/ },
  );
});
